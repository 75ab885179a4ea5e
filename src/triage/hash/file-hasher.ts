/**
 * One-pass file digests: every chunk is fed once to MD5, SHA-1, SHA-256, SHA-512 (node:crypto)
 * and to the ssdeep and TLSH state machines, so a file is read exactly once.
 */
import { createHash, type Hash } from 'node:crypto';
import { createSsdeep, type SsdeepHasher } from './ssdeep.js';
import { createTlsh, type TlshHasher, type TlshOptions } from './tlsh.js';

/** The digests of one input; `ssdeep`/`tlsh` are null when the algorithm has no digest for it. */
export interface FileHashes {
  md5: string;
  sha1: string;
  sha256: string;
  sha512: string;
  /** ssdeep digest; '' only past ssdeep's own input limit (about 206 GB), where it has none. */
  ssdeep: string;
  /** Null under 50 bytes or for too uniform input (TLSH's TNULL). */
  tlsh: string | null;
}

/**
 * Options of the TLSH part. There is deliberately no size hint: ssdeep's fast path does not need
 * one, so a file that changes size while it is read still gets the digest of the bytes read.
 */
export type FileHasherOptions = TlshOptions;

/** Streaming hasher: `update` with chunks of any size, then `digest` once. */
export interface FileHasher {
  update(chunk: Uint8Array): void;
  digest(): FileHashes;
  /** Bytes fed so far. */
  readonly length: number;
}

const CRYPTO_ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha512'] as const;

/**
 * Creates a one-pass hasher for all file digests; chunking never changes the result.
 * @example
 * const h = createFileHasher();
 * for await (const chunk of stream) h.update(chunk);
 * const { sha256, ssdeep, tlsh } = h.digest();
 */
export function createFileHasher(opts: FileHasherOptions = {}): FileHasher {
  return oneFileHasher(opts, createSsdeep());
}

function oneFileHasher(opts: TlshOptions, ssdeep: SsdeepHasher): FileHasher {
  const crypto: Hash[] = CRYPTO_ALGORITHMS.map((a) => createHash(a));
  const tlsh: TlshHasher = createTlsh(opts.minLength === undefined ? {} : { minLength: opts.minLength });
  let length = 0;
  let done = false;
  return {
    get length() {
      return length;
    },
    update(chunk: Uint8Array): void {
      if (done) throw new Error('createFileHasher: update() after digest()');
      for (const h of crypto) h.update(chunk);
      ssdeep.update(chunk);
      tlsh.update(chunk);
      length += chunk.length;
    },
    digest(): FileHashes {
      done = true;
      const [md5, sha1, sha256, sha512] = crypto.map((h) => h.digest('hex'));
      return { md5: md5!, sha1: sha1!, sha256: sha256!, sha512: sha512!, ssdeep: ssdeep.digest() ?? '', tlsh: tlsh.digest() };
    },
  };
}

/**
 * All digests of an in-memory buffer.
 * @example
 * hashBytes(new Uint8Array(0)).sha256; // 'e3b0c442...'
 */
export function hashBytes(bytes: Uint8Array, opts: TlshOptions = {}): FileHashes {
  // The length is exact here, so ssdeep may drop block sizes early (fewer active hashes per byte,
  // ~10% faster; same digest).
  const h = oneFileHasher(opts, createSsdeep({ size: bytes.length }));
  h.update(bytes);
  return h.digest();
}

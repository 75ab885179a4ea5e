/**
 * `triageFile`: reads one file within the size limits and runs `triageBytes`. Above `maxSize` the
 * file is streamed once through the hashers and only its head is analysed (bounded memory); the
 * result says so in a warning.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { TriageResult } from '../../model/triage-result.js';
import { loadCapabilityRules, type CapabilityRuleSet } from '../../rules/index.js';
import { createFileHasher, type FileHashes } from '../hash/index.js';
import { compileYara, type YaraScanner } from '../yara/index.js';
import { triageBytes } from './bytes.js';
import { mailFacts } from '../formats/document/eml.js';
import { withDefaults, type TriageOptions } from './options.js';

/** Bytes of a too-large file that are still parsed and scanned. */
const HEAD_BYTES = 16 * 1024 * 1024;

let bundledCapabilities: CapabilityRuleSet | undefined;
let bundledYara: YaraScanner | undefined;

/** The bundled capability rules, loaded once per thread. */
export function defaultCapabilities(): CapabilityRuleSet {
  return (bundledCapabilities ??= loadCapabilityRules());
}

/** The bundled YARA rules, compiled once per thread. */
export function defaultYara(): YaraScanner {
  return (bundledYara ??= compileYara());
}

/**
 * Triage of a file on disk. Never executes or loads it; throws only when it cannot be read
 * (PillboxError-free Node errors such as ENOENT, which the CLI reports per file).
 * @example const r = await triageFile('/tmp/sample.exe'); console.log(r.format, r.hashes.sha256);
 */
export async function triageFile(path: string, opts: TriageOptions = {}): Promise<TriageResult> {
  const o = withDefaults(opts);
  const full = withRules({ ...opts, path });
  // `-` is standard input, read through its device name here (triagePaths reads it on its own thread
  // instead: a worker has no stdin of its own, and a socket cannot be opened by that name).
  const st = await stat(path === '-' ? STDIN : path);
  if (!st.isFile()) {
    const input = createReadStream(path === '-' ? STDIN : path, { highWaterMark: 1 << 20 });
    try {
      const read = await readStream(input, o);
      const mail = read.whole && read.hashes !== null ? await mailFacts(read.bytes).catch(() => null) : null;
      return triageRead(read, mail === null ? full : { ...full, mail });
    } finally {
      input.destroy();
    }
  }
  const { size } = st;
  if (size <= o.maxSize) {
    const bytes = await readFile(path);
    // An e-mail message is parsed (asynchronously) first: its attachments become members.
    const mail = await mailFacts(bytes).catch(() => null);
    return triageBytes(bytes, mail === null ? full : { ...full, mail });
  }
  const head = await readHead(path, Math.min(size, HEAD_BYTES));
  if (size > o.maxHashSize) return headOnly(head, full, size, NO_HASHES, hashLimitWarning(`file is ${mb(size)}`, o.maxHashSize, head.length));
  return headOnly(head, full, size, await streamHashes(path), sizeLimitWarning(`file is ${mb(size)}`, o.maxSize, head.length));
}

/** The options with the bundled rule sets where none were given. */
function withRules(opts: TriageOptions & { path: string }): TriageOptions & { path: string } {
  return {
    ...opts,
    capabilities: opts.capabilities === undefined ? defaultCapabilities() : opts.capabilities,
    yara: opts.yara === undefined ? defaultYara() : opts.yara,
  };
}

/** A copy of the first `n` bytes of `chunks` (so that the chunks themselves can be dropped). */
function firstBytes(chunks: readonly Buffer[], n: number): Buffer {
  const out = Buffer.allocUnsafe(Math.min(n, chunks.reduce((a, c) => a + c.length, 0)));
  let at = 0;
  for (const c of chunks) {
    if (at >= out.length) break;
    at += c.copy(out, at, 0, Math.min(c.length, out.length - at));
  }
  return out;
}

/** Standard input by name. */
const STDIN = '/dev/stdin';

const mb = (n: number): string => `${Math.round(n / 1048576)} MiB`;

function hashLimitWarning(what: string, limit: number, head: number): Diagnostic {
  return { code: 'limit-hash-size', message: `${what}, over the hash limit of ${mb(limit)}: not hashed; only the first ${mb(head)} were analysed` };
}

function sizeLimitWarning(what: string, limit: number, head: number): Diagnostic {
  return { code: 'limit-size', message: `${what}, over the size limit of ${mb(limit)}: hashed by streaming; only the first ${mb(head)} were parsed and scanned` };
}

/** The analysis of a too-large input's head, with its size, its hashes (streamed, or none) and why. */
function headOnly(head: Uint8Array, full: TriageOptions & { path: string }, size: number, hashes: FileHashes, why: Diagnostic): TriageResult {
  const r = triageBytes(head, { ...full, size, hashes });
  r.warnings.unshift(why);
  return r;
}

/**
 * What one read of a stream gave, bounded: its bytes (all of them up to `maxSize`; past it, the first
 * 16 MiB), how many it gave, and its hashes (null past `maxHashSize`, where reading stopped: an endless
 * device such as /dev/zero ends there). Plain data, so that the thread that read stdin can hand it to
 * a worker.
 */
export interface StreamRead {
  bytes: Uint8Array;
  total: number;
  whole: boolean;
  hashes: FileHashes | null;
}

/** Reads `input` to its end (or to `maxHashSize`), hashing as it goes; see {@link StreamRead}. */
export async function readStream(input: AsyncIterable<Buffer | string>, limits: Pick<TriageOptions, 'maxSize' | 'maxHashSize'> = {}): Promise<StreamRead> {
  const o = withDefaults(limits);
  const h = createFileHasher();
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let total = 0;
  let whole = true;
  for await (const chunk of input) {
    const c = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += c.length;
    if (total > o.maxHashSize) break;
    h.update(c);
    if (whole && keptBytes + c.length > o.maxSize) {
      // From here on only the head is analysed: keep its first HEAD_BYTES, drop the rest.
      whole = false;
      kept.push(c);
      const head = firstBytes(kept, HEAD_BYTES);
      kept.length = 0;
      kept.push(head);
      keptBytes = head.length;
    } else if (whole || keptBytes < HEAD_BYTES) {
      // The whole input so far, or (past maxSize) the rest of its head.
      const part = whole ? c : c.subarray(0, HEAD_BYTES - keptBytes);
      kept.push(part);
      keptBytes += part.length;
    }
  }
  return { bytes: Buffer.concat(kept), total, whole, hashes: total > o.maxHashSize ? null : h.digest() };
}

/**
 * The triage of a stream read by {@link readStream}: like a file of that size (whole up to `maxSize`,
 * else its head with streamed hashes and a warning, or no hashes past `maxHashSize`).
 */
export function triageRead(read: StreamRead, opts: TriageOptions & { path: string }): TriageResult {
  const o = withDefaults(opts);
  const full = withRules(opts);
  const bytes = read.bytes;
  const what = `${opts.path === '-' ? 'standard input' : 'stream'} gave ${read.hashes === null ? `over ${mb(o.maxHashSize)}` : mb(read.total)}`;
  if (read.hashes === null) return headOnly(bytes, full, read.total, NO_HASHES, hashLimitWarning(`${what} (reading stopped there)`, o.maxHashSize, bytes.length));
  if (!read.whole) return headOnly(bytes, full, read.total, read.hashes, sizeLimitWarning(what, o.maxSize, bytes.length));
  return triageBytes(bytes, { ...full, hashes: read.hashes });
}

const NO_HASHES: FileHashes = { md5: '', sha1: '', sha256: '', sha512: '', ssdeep: '', tlsh: null };

async function readHead(path: string, n: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function streamHashes(path: string): Promise<FileHashes> {
  const h = createFileHasher();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest();
}

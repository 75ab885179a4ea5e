/**
 * TLSH (Trend Micro locality-sensitive hash), standard variant: 128 buckets, 1-byte checksum,
 * printed in the 4.x format `T1` + 70 upper-case hex digits. Hand-written by policy: the npm port
 * is slow and prints the old format (issue #4). The hex body equals the output of the reference
 * library (Debian's tlsh-tools 3.4.4, which prints it without the `T1`).
 *
 * Minimum length: 50 bytes, the rule of TLSH 4.x (3.4.4 refused anything under 256 bytes; 4.x keeps
 * that only as its "conservative" option, see `TlshOptions.minLength`). Input that is too short or
 * too uniform (half or more of the 128 buckets empty) has no digest: `null`, which
 * the reference prints as TNULL.
 */
import { TLSH_PEARSON as V } from './internal/tlsh-table.js';

const BUCKETS = 256;
const EFF_BUCKETS = 128;
const CODE_SIZE = 32;
const SALTS = [0, 2, 3, 5, 7, 11, 13] as const;
/** Minimum input length of TLSH 4.x (non-conservative mode). */
export const TLSH_MIN_LENGTH = 50;
/** Bytes past the first 4 GB do not count (TLSH 4.6+ rule for large files). */
const TLSH_MAX_LENGTH = 0xffffffff;
/** Bytes hashed per call of the hot loop (see `update`). */
const MIX_SLICE = 1 << 20;

/**
 * V[V[salt] ^ b] for the seven salts, packed little-end first into two int32 words per byte b
 * (salts 0..3, then 4..6): two loads and a few shifts replace seven byte loads in the hot loop,
 * which measured ~30% faster (bench/triage-bytes.ts).
 */
const SALTED = (() => {
  const t = new Int32Array(256 * 2);
  for (let b = 0; b < 256; b++) SALTS.forEach((salt, s) => (t[b * 2 + (s >> 2)]! |= V[V[salt]! ^ b]! << ((s & 3) * 8)));
  return t;
})();

/** PAIR[x << 8 | y] = V[V[x] ^ y]: the last two Pearson steps in one lookup (64 KB). */
const PAIR = (() => {
  const t = new Uint8Array(65536);
  for (let x = 0; x < 256; x++) for (let y = 0; y < 256; y++) t[(x << 8) | y] = V[V[x]! ^ y]!;
  return t;
})();

/**
 * Bucket counts of the chunk being mixed, bytes at even offsets in [0, 256), odd in [256, 512);
 * always all zero between calls (see `mix`).
 */
const SCRATCH = new Int32Array(BUCKETS * 2);

export interface TlshOptions {
  /** Inputs shorter than this have no digest; 50 (4.x), or 256 for the conservative rule. */
  minLength?: number;
}

/** Incremental TLSH state: feed chunks with `update`, read the digest with `digest`. */
export interface TlshHasher {
  update(chunk: Uint8Array): void;
  /** `T1` + 70 hex digits, or null when the input is too short or too uniform. */
  digest(): string | null;
}

/**
 * Creates an incremental TLSH hasher; any chunking of the same bytes gives the same digest.
 * @example
 * const t = createTlsh(); t.update(bytes); t.digest(); // 'T1...' or null
 */
export function createTlsh(opts: TlshOptions = {}): TlshHasher {
  return new TlshState(opts.minLength ?? TLSH_MIN_LENGTH);
}

/**
 * TLSH digest of a whole buffer.
 * @example
 * tlshBytes(bytes); // 'T1' + 70 hex digits, or null under 50 bytes
 */
export function tlshBytes(bytes: Uint8Array, opts: TlshOptions = {}): string | null {
  const t = createTlsh(opts);
  t.update(bytes);
  return t.digest();
}

class TlshState implements TlshHasher {
  private readonly buckets = new Int32Array(BUCKETS);
  private length = 0;
  private checksum = 0;
  // The four bytes before the current one (b1 is the previous byte).
  private b1 = 0;
  private b2 = 0;
  private b3 = 0;
  private b4 = 0;

  constructor(private readonly minLength: number) {}

  update(chunk: Uint8Array): void {
    // TLSH 4.6+ defines the digest of a longer input as that of its first 4 GB (data_len is 32-bit).
    if (this.length + chunk.length > TLSH_MAX_LENGTH) chunk = chunk.subarray(0, Math.max(0, TLSH_MAX_LENGTH - this.length));
    let i = 0;
    // The first 4 bytes of the input only fill the sliding window.
    while (i < chunk.length && this.length + i < 4) this.shift(chunk[i++]!);
    this.length += i;
    // In 1 MiB slices: a single call over a 100 MB buffer runs in on-stack-replacement code, which
    // measured slower and more variable than the normal optimised entry that repeated calls reach
    // (9.6-9.9 against 9.9-11.8 ms/MB over the bench's 400 files, six processes each).
    for (let at = i; at < chunk.length; at += MIX_SLICE) this.mix(chunk.subarray(0, Math.min(chunk.length, at + MIX_SLICE)), at);
    this.length += chunk.length - i;
  }

  private shift(b: number): void {
    this.b4 = this.b3;
    this.b3 = this.b2;
    this.b2 = this.b1;
    this.b1 = b;
  }

  /**
   * Hot loop (long on purpose: locals only, no calls): six triplet buckets per byte. Bytes at even
   * and odd offsets of the chunk count into two halves of the module-level SCRATCH table: a zero run
   * hits the same six buckets at every byte, and two tables halve those load-store chains. SCRATCH
   * lives at module level so its address and length are constants of the compiled code (a field
   * costs a map check and pointer loads per access); it is folded into `buckets` and cleared before
   * returning, so no state is shared between hashers. Together ~1.3x faster (bench/triage-bytes.ts).
   */
  private mix(chunk: Uint8Array, from: number): void {
    const P = PAIR;
    const S = SALTED;
    const C = SCRATCH;
    let { b1, b2, b3, b4, checksum } = this;
    const pairs = from + ((chunk.length - from) & ~1);
    let i = from;
    for (; i < pairs; i += 2) {
      let b0 = chunk[i]!;
      let lo = S[b0 << 1]!;
      let hi = S[(b0 << 1) | 1]!;
      // b_mapping(salt, b0, x, y) = V[V[V[V[salt] ^ b0] ^ x] ^ y] = PAIR[(SALTED[b0][salt] ^ x) << 8 | y]
      checksum = P[(((lo & 255) ^ b1) << 8) | checksum]!;
      C[P[((((lo >>> 8) & 255) ^ b1) << 8) | b2]!]!++;
      C[P[((((lo >>> 16) & 255) ^ b1) << 8) | b3]!]!++;
      C[P[(((lo >>> 24) ^ b2) << 8) | b3]!]!++;
      C[P[(((hi & 255) ^ b2) << 8) | b4]!]!++;
      C[P[((((hi >>> 8) & 255) ^ b1) << 8) | b4]!]!++;
      C[P[((((hi >>> 16) & 255) ^ b3) << 8) | b4]!]!++;
      b4 = b3;
      b3 = b2;
      b2 = b1;
      b1 = b0;
      b0 = chunk[i + 1]!;
      lo = S[b0 << 1]!;
      hi = S[(b0 << 1) | 1]!;
      checksum = P[(((lo & 255) ^ b1) << 8) | checksum]!;
      C[256 | P[((((lo >>> 8) & 255) ^ b1) << 8) | b2]!]!++;
      C[256 | P[((((lo >>> 16) & 255) ^ b1) << 8) | b3]!]!++;
      C[256 | P[(((lo >>> 24) ^ b2) << 8) | b3]!]!++;
      C[256 | P[(((hi & 255) ^ b2) << 8) | b4]!]!++;
      C[256 | P[((((hi >>> 8) & 255) ^ b1) << 8) | b4]!]!++;
      C[256 | P[((((hi >>> 16) & 255) ^ b3) << 8) | b4]!]!++;
      b4 = b3;
      b3 = b2;
      b2 = b1;
      b1 = b0;
    }
    // An odd last byte: the first lane's step once more. Kept written out (not a helper) because the
    // window and checksum live in locals of this hot loop; the chunking and reference-tool tests in
    // tlsh.test.ts feed it odd and even lengths.
    if (i < chunk.length) {
      const b0 = chunk[i]!;
      const lo = S[b0 << 1]!;
      const hi = S[(b0 << 1) | 1]!;
      checksum = P[(((lo & 255) ^ b1) << 8) | checksum]!;
      C[P[((((lo >>> 8) & 255) ^ b1) << 8) | b2]!]!++;
      C[P[((((lo >>> 16) & 255) ^ b1) << 8) | b3]!]!++;
      C[P[(((lo >>> 24) ^ b2) << 8) | b3]!]!++;
      C[P[(((hi & 255) ^ b2) << 8) | b4]!]!++;
      C[P[((((hi >>> 8) & 255) ^ b1) << 8) | b4]!]!++;
      C[P[((((hi >>> 16) & 255) ^ b3) << 8) | b4]!]!++;
      b4 = b3;
      b3 = b2;
      b2 = b1;
      b1 = b0;
    }
    const bk = this.buckets;
    for (let k = 0; k < BUCKETS; k++) {
      bk[k] = bk[k]! + C[k]! + C[BUCKETS + k]!;
      C[k] = 0;
      C[BUCKETS + k] = 0;
    }
    this.b1 = b1;
    this.b2 = b2;
    this.b3 = b3;
    this.b4 = b4;
    this.checksum = checksum;
  }

  digest(): string | null {
    if (this.length < this.minLength) return null;
    const sorted = Int32Array.from(this.buckets.subarray(0, EFF_BUCKETS)).sort();
    const q1 = sorted[EFF_BUCKETS / 4 - 1]!;
    const q2 = sorted[EFF_BUCKETS / 2 - 1]!;
    const q3 = sorted[EFF_BUCKETS - EFF_BUCKETS / 4 - 1]!;
    if (q3 === 0) return null;
    let nonZero = 0;
    for (let i = 0; i < EFF_BUCKETS; i++) if (this.buckets[i]! > 0) nonZero++;
    if (nonZero <= EFF_BUCKETS / 2) return null;

    const out = new Uint8Array(3 + CODE_SIZE);
    out[0] = swapNibbles(this.checksum);
    out[1] = swapNibbles(lengthCode(this.length));
    out[2] = (qRatio(q1, q3) << 4) | qRatio(q2, q3);
    for (let i = 0; i < CODE_SIZE; i++) {
      let code = 0;
      for (let j = 0; j < 4; j++) {
        const k = this.buckets[4 * i + j]!;
        const level = k > q3 ? 3 : k > q2 ? 2 : k > q1 ? 1 : 0;
        code |= level << (j * 2);
      }
      // The code bytes are printed last bucket group first, as the reference does.
      out[3 + CODE_SIZE - 1 - i] = code;
    }
    return 'T1' + Buffer.from(out).toString('hex').toUpperCase();
  }
}

const swapNibbles = (b: number): number => ((b & 0x0f) << 4) | (b >> 4);

/** Quartile ratio as the reference computes it: 32-bit product, float division, mod 16. */
function qRatio(q: number, q3: number): number {
  const num = Math.fround(Math.imul(q, 100) >>> 0);
  return Math.trunc(Math.fround(num / Math.fround(q3))) % 16;
}

/** Logarithmic length code of TLSH (reference `l_capturing`, with its rounded constants). */
export function lengthCode(len: number): number {
  const l = Math.log(Math.fround(len));
  let i: number;
  if (len <= 656) i = Math.floor(l / 0.4054651);
  else if (len <= 3199) i = Math.floor(l / 0.26236426 - 8.72777);
  else i = Math.floor(l / 0.09531018 - 62.5472);
  return i & 0xff;
}

// Runs every statement of `mix` once at load time (microseconds), so the compiler's first optimised
// version already has type feedback for the code after the hot loop. Without it, that version
// deoptimises on its first exit, and which recompiled version a process keeps varied from run to
// run: 10 or 14 ms/MB on the same input (six processes each); with it, about 10 in all.
tlshBytes(Uint8Array.from({ length: 64 }, (_, i) => i));

/**
 * TLSH (Trend Micro locality-sensitive hash), standard variant: 128 buckets, 1-byte checksum,
 * printed in the 4.x format `T1` + 70 upper-case hex digits. Hand-written by policy: the npm port
 * is slow and prints the old format (issue #4). The hex body equals the output of the reference
 * library (Debian's tlsh-tools 3.4.4, which prints it without the `T1`).
 *
 * Minimum length: 50 bytes, the rule of TLSH 4.x (3.4.4 refused anything under 256 bytes; 4.x keeps
 * that only as its "conservative" option, see `TlshOptions.minLength`). Input that is too short or
 * too uniform (half or more of the 128 buckets empty) has no digest: `null`, which
 * the reference prints as TNULL. The per-byte loop runs in WebAssembly (native/fuzzy/tlsh.c, via
 * fuzzy-wasm.ts); the state per hasher and the digest stay here.
 */
import { fuzzyWasm } from './fuzzy-wasm.js';

const BUCKETS = 256;
const EFF_BUCKETS = 128;
const CODE_SIZE = 32;
/** Minimum input length of TLSH 4.x (non-conservative mode). */
export const TLSH_MIN_LENGTH = 50;
/** Bytes past the first 4 GB do not count (TLSH 4.6+ rule for large files). */
const TLSH_MAX_LENGTH = 0xffffffff;

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
  // Unsigned, as in the reference (a_bucket is unsigned int).
  private readonly buckets = new Uint32Array(BUCKETS);
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
    if (i < chunk.length) this.mix(chunk, i);
    this.length += chunk.length - i;
  }

  private shift(b: number): void {
    this.b4 = this.b3;
    this.b3 = this.b2;
    this.b2 = this.b1;
    this.b1 = b;
  }

  /**
   * Mixes chunk[from..] in the WebAssembly module (see native/fuzzy/tlsh.c): this hasher's state
   * is copied into the module's one state slot and back around the call (2 KB), so any number of
   * hashers can be alive at once; the bytes go through the module's input slice, 1 MiB at a time.
   */
  private mix(chunk: Uint8Array, from: number): void {
    const w = fuzzyWasm();
    const m = w.mem32;
    const s = w.tlshState;
    m.set(this.buckets, s);
    m[s + 256] = this.b1;
    m[s + 257] = this.b2;
    m[s + 258] = this.b3;
    m[s + 259] = this.b4;
    m[s + 260] = this.checksum;
    for (let at = from; at < chunk.length; at += w.inputSize) {
      const end = Math.min(chunk.length, at + w.inputSize);
      w.mem8.set(chunk.subarray(at, end), w.inputAt);
      w.tlshMix(end - at);
    }
    this.buckets.set(m.subarray(s, s + BUCKETS));
    this.b1 = m[s + 256]!;
    this.b2 = m[s + 257]!;
    this.b3 = m[s + 258]!;
    this.b4 = m[s + 259]!;
    this.checksum = m[s + 260]!;
  }

  digest(): string | null {
    if (this.length < this.minLength) return null;
    const sorted = this.buckets.slice(0, EFF_BUCKETS).sort();
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

/**
 * ssdeep (context-triggered piecewise hashing), hand-written to give exactly the digests of
 * ssdeep 2.14.1 (`ssdeep -b FILE`). Hand-written by policy: the npm ports disagree with the
 * reference on most files (see issue #4).
 *
 * Like the reference since 2.10, every candidate block size is hashed in the same pass, so a
 * stream is read once and never re-read with a smaller block size; block sizes that can no longer
 * be selected are dropped as the input grows (the reference's "reduce" step), which keeps the
 * per-byte work to a handful of active block hashes.
 */

const ROLLING_WINDOW = 7;
const MIN_BLOCKSIZE = 3;
const SPAMSUM_LENGTH = 64;
const HALF = SPAMSUM_LENGTH / 2;
const NUM_BLOCKHASHES = 31;
/** Low 6 bits of the reference FNV init value 0x28021967: only those ever reach the digest. */
const HASH_INIT = 0x27;
const FNV_PRIME = 0x01000193;
const TOTAL_SIZE_MAX = (MIN_BLOCKSIZE * 2 ** (NUM_BLOCKHASHES - 1)) * SPAMSUM_LENGTH;
/** Modular inverse of 3 mod 2^32: x is divisible by 3 iff x*INV3 mod 2^32 <= 0x55555555. */
const INV3 = 0xaaaaaaab;

/** Block hashes and half hashes the fast loop keeps packed in locals (4 per int32). */
const FAST_LANES = 8;
const HALF_LANES = 4;

/** Four 6-bit hashes from `arr[at..at+3]`, one per byte of an int32. */
function packLanes(arr: Uint8Array, at: number): number {
  return arr[at]! | (arr[at + 1]! << 8) | (arr[at + 2]! << 16) | (arr[at + 3]! << 24);
}

function unpackLanes(word: number, arr: Uint8Array, at: number): void {
  arr[at] = word & 0xff;
  arr[at + 1] = (word >>> 8) & 0xff;
  arr[at + 2] = (word >>> 16) & 0xff;
  arr[at + 3] = word >>> 24;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_CODES = Uint8Array.from(B64, (ch) => ch.charCodeAt(0));

/**
 * FNV step reduced to 6 bits: the low 6 bits of `h * prime ^ c` depend only on the low 6 bits of
 * `h` and `c`, so a 64x64 table gives the same digest characters as the 32-bit hash.
 */
const SUM_TABLE = (() => {
  const table = new Uint8Array(64 * 64);
  for (let h = 0; h < 64; h++) {
    for (let c = 0; c < 64; c++) table[(h << 6) | c] = (Math.imul(h, FNV_PRIME) ^ c) & 63;
  }
  return table;
})();

/** Block size of block hash number `index`. */
const blockSize = (index: number): number => MIN_BLOCKSIZE * 2 ** index;

/** Incremental ssdeep state: feed chunks with `update`, read the digest with `digest`. */
export interface SsdeepHasher {
  update(chunk: Uint8Array): void;
  /**
   * The digest `blocksize:hash1:hash2`, or null when the input exceeded ssdeep's limit (about
   * 206 GB) or its length differed from the declared `size`. The state may still be updated.
   */
  digest(): string | null;
}

export interface SsdeepOptions {
  /**
   * Total input length, when known in advance (a file's size). Optional; it lets the hasher drop
   * block sizes earlier, as the reference does for files. The digest is the same either way, but
   * is null if the input turns out to have another length. (The packed fast loop makes the speed
   * gain small, so streaming callers can simply leave it out.)
   */
  size?: number;
}

/**
 * Creates an incremental ssdeep hasher; any chunking of the same bytes gives the same digest.
 * @example
 * const h = createSsdeep({ size: bytes.length }); h.update(bytes); h.digest(); // '3:...:...'
 */
export function createSsdeep(opts: SsdeepOptions = {}): SsdeepHasher {
  return new SsdeepState(opts.size);
}

/**
 * ssdeep digest of a whole buffer.
 * @example
 * ssdeepBytes(new TextEncoder().encode('hello')); // '3:iKn:p'
 */
export function ssdeepBytes(bytes: Uint8Array): string {
  const state = new SsdeepState(bytes.length);
  state.update(bytes);
  // Cannot be null: the length is what was declared and a Uint8Array is far below the limit.
  return state.digest() ?? '';
}

class SsdeepState implements SsdeepHasher {
  private totalSize = 0;
  /** Highest block index that may be forked: the reference's limit for a known size. */
  private readonly bhEndLimit: number;
  private reduceBorder = MIN_BLOCKSIZE * SPAMSUM_LENGTH;
  private bhStart = 0;
  private bhEnd = 1;
  private rollMask = 0;
  private needLastHash = false;
  private lastH = 0;
  // Rolling hash (Adler-like sums plus a shift/xor hash over the last 7 bytes).
  private readonly window = new Uint8Array(ROLLING_WINDOW);
  private wpos = 0;
  private h1 = 0;
  private h2 = 0;
  private h3 = 0;
  // Per block size: the running FNV hash, the half hash kept for the truncated second part
  // (valid once the digest has HALF characters), the digest so far and the half digest character.
  private readonly h = new Uint8Array(NUM_BLOCKHASHES + FAST_LANES).fill(HASH_INIT);
  private readonly halfH = new Uint8Array(NUM_BLOCKHASHES + FAST_LANES).fill(HASH_INIT);
  private readonly dlen = new Uint8Array(NUM_BLOCKHASHES);
  private readonly digests = new Uint8Array(NUM_BLOCKHASHES * SPAMSUM_LENGTH);
  private readonly halfDigest = new Uint8Array(NUM_BLOCKHASHES);

  constructor(private readonly fixedSize?: number) {
    let limit = NUM_BLOCKHASHES - 1;
    if (fixedSize !== undefined && fixedSize <= TOTAL_SIZE_MAX) {
      let bi = 0;
      while (blockSize(bi) * SPAMSUM_LENGTH < fixedSize && bi < NUM_BLOCKHASHES - 2) bi++;
      limit = bi + 1;
    }
    this.bhEndLimit = limit;
  }

  update(chunk: Uint8Array): void {
    this.totalSize = Math.min(this.totalSize + chunk.length, TOTAL_SIZE_MAX + 1);
    let i = 0;
    while (i < chunk.length) i = this.fastEligible() ? this.runFast(chunk, i) : this.runGeneric(chunk, i);
  }

  /**
   * The fast loop keeps FAST_LANES block hashes and HALF_LANES half hashes packed in int32 words.
   * Half hashes are only needed from the first block whose digest has HALF characters, and digest
   * lengths never grow with the block size, so those blocks are a prefix of the active range.
   */
  private fastEligible(): boolean {
    const lastHalf = this.bhStart + HALF_LANES;
    return (
      this.bhEnd - this.bhStart <= FAST_LANES &&
      !this.needLastHash &&
      (lastHalf >= this.bhEnd || this.dlen[lastHalf]! < HALF)
    );
  }

  /**
   * Hot loop (long on purpose: locals only, no calls). Hashes bytes from `from` until the first
   * reset point, which it hands to `trigger` after unpacking the lanes; returns the next index.
   * The 6-bit FNV step h -> (h * 0x01000193 ^ c) & 63 equals (19h mod 64) ^ c, and 19h mod 64 is
   * ((h & 3) << 4) + ((h & 31) << 1) + h kept to 6 bits; with one 6-bit hash per byte of a word
   * every partial sum stays under 256, so four hashes advance with a few integer operations
   * (SWAR) instead of four dependent table lookups. Lanes past the active range are unused.
   */
  private runFast(chunk: Uint8Array, from: number): number {
    const win = this.window;
    const start = this.bhStart;
    const mask = this.rollMask;
    let { wpos, h1, h2, h3 } = this;
    let lo = packLanes(this.h, start);
    let hi = packLanes(this.h, start + 4);
    let half = packLanes(this.halfH, start);
    let i = from;
    let q = -1;
    // The byte leaving the window comes from the ring for the first 7 bytes, then from the chunk.
    const ringEnd = from + ROLLING_WINDOW;
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      const old = i >= ringEnd ? chunk[i - ROLLING_WINDOW]! : win[(wpos + i - from) % ROLLING_WINDOW]!;
      h2 = h2 - h1 + ROLLING_WINDOW * c;
      h1 = h1 + c - old;
      h3 = (h3 << 5) ^ c;
      const cc = (c & 63) * 0x01010101;
      lo = ((((lo & 0x03030303) << 4) + ((lo & 0x1f1f1f1f) << 1) + lo) & 0x3f3f3f3f) ^ cc;
      hi = ((((hi & 0x03030303) << 4) + ((hi & 0x1f1f1f1f) << 1) + hi) & 0x3f3f3f3f) ^ cc;
      half = ((((half & 0x03030303) << 4) + ((half & 0x1f1f1f1f) << 1) + half) & 0x3f3f3f3f) ^ cc;
      // A reset point for block size 3*2^k is roll_sum % (3*2^k) == 3*2^k - 1, i.e. (sum+1)
      // divisible by 3*2^k; the sum+1 == 2^32 wrap is excluded as in the reference.
      const horg = (h1 + h2 + h3 + 1) >>> 0;
      if (horg === 0 || (horg & mask) !== 0) continue;
      q = Math.imul(horg, INV3) >>> 0;
      if (q <= 0x55555555) break;
    }
    const end = Math.min(i + 1, chunk.length);
    for (let j = Math.max(from, end - ROLLING_WINDOW); j < end; j++) {
      win[(wpos + j - from) % ROLLING_WINDOW] = chunk[j]!;
    }
    wpos = (wpos + end - from) % ROLLING_WINDOW;
    Object.assign(this, { wpos, h1, h2, h3 });
    unpackLanes(lo, this.h, start);
    unpackLanes(hi, this.h, start + 4);
    unpackLanes(half, this.halfH, start);
    if (i === chunk.length) return i;
    this.trigger(q);
    return i + 1;
  }

  /** One byte at a time over arrays, for any number of active block sizes. */
  private runGeneric(chunk: Uint8Array, from: number): number {
    const T = SUM_TABLE;
    const hs = this.h;
    const halfs = this.halfH;
    const dl = this.dlen;
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i]!;
      this.roll(c);
      const c6 = c & 63;
      for (let b = this.bhStart; b < this.bhEnd; b++) {
        hs[b] = T[(hs[b]! << 6) | c6]!;
        if (dl[b]! >= HALF) halfs[b] = T[(halfs[b]! << 6) | c6]!;
      }
      if (this.needLastHash) this.lastH = T[(this.lastH << 6) | c6]!;
      const horg = (this.h1 + this.h2 + this.h3 + 1) >>> 0;
      if (horg === 0 || (horg & this.rollMask) !== 0) continue;
      const q = Math.imul(horg, INV3) >>> 0;
      if (q > 0x55555555) continue;
      this.trigger(q);
      return i + 1;
    }
    return chunk.length;
  }

  private roll(c: number): void {
    this.h2 = this.h2 - this.h1 + ROLLING_WINDOW * c;
    this.h1 = this.h1 + c - this.window[this.wpos]!;
    this.window[this.wpos] = c;
    this.wpos = this.wpos === ROLLING_WINDOW - 1 ? 0 : this.wpos + 1;
    this.h3 = (this.h3 << 5) ^ c;
  }

  /** The half hash of block `i` (equal to its hash until the digest is HALF characters long). */
  private halfHash(i: number): number {
    return this.dlen[i]! >= HALF ? this.halfH[i]! : this.h[i]!;
  }

  /** Emits a digest character for every block size whose reset condition holds; q = (sum+1)/3. */
  private trigger(q: number): void {
    let h = q / 2 ** this.bhStart;
    let i = this.bhStart;
    do {
      if (this.dlen[i] === 0) this.tryFork();
      const base = i * SPAMSUM_LENGTH;
      this.digests[base + this.dlen[i]!] = B64_CODES[this.h[i]!]!;
      this.halfDigest[i] = B64_CODES[this.halfHash(i)]!;
      if (this.dlen[i]! < SPAMSUM_LENGTH - 1) {
        const n = ++this.dlen[i]!;
        this.digests[base + n] = 0;
        // From HALF characters on, the half hash stops being reset: it continues from the
        // (equal) hash, which is reset here.
        if (n === HALF) this.halfH[i] = this.h[i]!;
        this.h[i] = HASH_INIT;
        if (n < HALF) this.halfDigest[i] = 0;
      } else {
        this.tryReduce();
      }
      if (h % 2 === 1) break;
      h /= 2;
    } while (++i < this.bhEnd);
  }

  /** First reset point of the largest block size: start tracking the next larger one. */
  private tryFork(): void {
    const last = this.bhEnd - 1;
    if (this.bhEnd <= this.bhEndLimit) {
      const next = this.bhEnd;
      this.h[next] = this.h[last]!;
      this.halfH[next] = this.halfHash(last);
      this.digests[next * SPAMSUM_LENGTH] = 0;
      this.halfDigest[next] = 0;
      this.dlen[next] = 0;
      this.bhEnd++;
    } else if (this.bhEnd === NUM_BLOCKHASHES && !this.needLastHash) {
      this.needLastHash = true;
      this.lastH = this.h[last]!;
    }
  }

  /** Drops the smallest block size once the final digest can no longer select it. */
  private tryReduce(): void {
    if (this.bhEnd - this.bhStart < 2) return;
    if (this.reduceBorder >= (this.fixedSize ?? this.totalSize)) return;
    if (this.dlen[this.bhStart + 1]! < HALF) return;
    this.bhStart++;
    this.reduceBorder *= 2;
    this.rollMask = this.rollMask * 2 + 1;
  }

  digest(): string | null {
    if (this.totalSize > TOTAL_SIZE_MAX) return null;
    if (this.fixedSize !== undefined && this.fixedSize !== this.totalSize) return null;
    const rollSum = (this.h1 + this.h2 + this.h3) >>> 0;
    let bi = this.bhStart;
    while (blockSize(bi) * SPAMSUM_LENGTH < this.totalSize) bi++;
    if (bi >= this.bhEnd) bi = this.bhEnd - 1;
    while (bi > this.bhStart && this.dlen[bi]! < HALF) bi--;

    let out = `${blockSize(bi)}:${this.part(bi, this.dlen[bi]!)}`;
    if (rollSum !== 0) out += B64[this.h[bi]!];
    else out += this.pendingChar(this.digests[bi * SPAMSUM_LENGTH + this.dlen[bi]!]!);
    out += ':';
    if (bi < this.bhEnd - 1) {
      const next = bi + 1;
      out += this.part(next, Math.min(this.dlen[next]!, HALF - 1));
      if (rollSum !== 0) out += B64[this.halfHash(next)];
      else out += this.pendingChar(this.halfDigest[next]!);
    } else if (rollSum !== 0) {
      out += B64[bi === 0 ? this.h[bi]! : this.lastH];
    }
    return out;
  }

  private part(index: number, length: number): string {
    const base = index * SPAMSUM_LENGTH;
    return String.fromCharCode(...this.digests.subarray(base, base + length));
  }

  /** A digest character already emitted but not yet followed by a reset (0 means none). */
  private pendingChar(code: number): string {
    return code === 0 ? '' : String.fromCharCode(code);
  }
}

/**
 * ssdeep (context-triggered piecewise hashing), hand-written to give exactly the digests of
 * ssdeep 2.14.1 (`ssdeep -b FILE`). Hand-written by policy: the npm ports disagree with the
 * reference on most files (see issue #4).
 *
 * Like the reference since 2.10, every candidate block size is hashed in the same pass, so a
 * stream is read once and never re-read with a smaller block size; block sizes that can no longer
 * be selected are dropped as the input grows (the reference's "reduce" step), which keeps the
 * per-byte work to a handful of active block hashes. The per-byte loop of the usual case runs in
 * WebAssembly (native/fuzzy/ssdeep.c, via fuzzy-wasm.ts); the rest stays here.
 */

import { fuzzyWasm, type FuzzyWasm } from './fuzzy-wasm.js';

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

/** Lanes (6-bit hashes, one per byte of an int32) the fast loop keeps in three int32 locals. */
const FAST_LANES = 12;

/**
 * The lanes of the fast loop: the hashes of the active block sizes, then the half hashes of those
 * whose digest has HALF characters (a prefix of the active range: digest lengths never grow with
 * the block size). `count` lanes are used; the rest of `lanes` is zero.
 */
interface LaneLayout {
  lanes: Uint8Array;
  /** Active block sizes (hash lanes); their half hashes follow. */
  active: number;
  count: number;
}

const laneWord = (l: Uint8Array, at: number): number => l[at]! | (l[at + 1]! << 8) | (l[at + 2]! << 16) | (l[at + 3]! << 24);

function unpackWord(word: number, l: Uint8Array, at: number): void {
  l[at] = word & 0xff;
  l[at + 1] = (word >>> 8) & 0xff;
  l[at + 2] = (word >>> 16) & 0xff;
  l[at + 3] = word >>> 24;
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
  private readonly h = new Uint8Array(NUM_BLOCKHASHES).fill(HASH_INIT);
  private readonly halfH = new Uint8Array(NUM_BLOCKHASHES).fill(HASH_INIT);
  private readonly layout: LaneLayout = { lanes: new Uint8Array(FAST_LANES), active: 0, count: 0 };
  private readonly dlen = new Uint8Array(NUM_BLOCKHASHES);
  private readonly digests = new Uint8Array(NUM_BLOCKHASHES * SPAMSUM_LENGTH);
  private readonly halfDigest = new Uint8Array(NUM_BLOCKHASHES);
  /** The chunk whose bytes [sliceStart, sliceEnd) are in the module's input slice (during `update`). */
  private sliceOf: Uint8Array | null = null;
  private sliceStart = 0;
  private sliceEnd = 0;

  /**
   * The declared size (0 and `hasSize` false when none was): always a number and a boolean, so
   * hashers with and without a size share one object shape (mixing them made the hot loop
   * deoptimise).
   */
  private readonly fixedSize: number;
  private readonly hasSize: boolean;

  constructor(size?: number) {
    this.fixedSize = size ?? 0;
    this.hasSize = size !== undefined;
    const fixedSize = this.fixedSize;
    let limit = NUM_BLOCKHASHES - 1;
    if (this.hasSize && fixedSize <= TOTAL_SIZE_MAX) {
      let bi = 0;
      while (blockSize(bi) * SPAMSUM_LENGTH < fixedSize && bi < NUM_BLOCKHASHES - 2) bi++;
      limit = bi + 1;
    }
    this.bhEndLimit = limit;
  }

  update(chunk: Uint8Array): void {
    this.totalSize = Math.min(this.totalSize + chunk.length, TOTAL_SIZE_MAX + 1);
    let i = 0;
    // The input slice belongs to this call only: other hashers use it between calls.
    this.sliceOf = null;
    try {
      while (i < chunk.length) i = this.fastEligible() ? this.runFast(chunk, i) : this.runGeneric(chunk, i);
    } finally {
      this.sliceOf = null;
    }
  }

  /**
   * Packs the lanes of the fast loop into `layout`; false when they do not fit (then the generic
   * loop runs). Half hashes are only needed once a digest has HALF characters.
   */
  private fastEligible(): boolean {
    const start = this.bhStart;
    const active = this.bhEnd - start;
    if (this.needLastHash || active > FAST_LANES) return false;
    let halves = 0;
    while (halves < active && this.dlen[start + halves]! >= HALF) halves++;
    for (let i = start + halves; i < this.bhEnd; i++) if (this.dlen[i]! >= HALF) return false;
    if (active + halves > FAST_LANES) return false;
    const l = this.layout;
    l.lanes.fill(0);
    l.lanes.set(this.h.subarray(start, start + active), 0);
    l.lanes.set(this.halfH.subarray(start, start + halves), active);
    l.active = active;
    l.count = active + halves;
    return true;
  }

  /**
   * Hashes bytes from `from` until the first reset point in the WebAssembly loop (native/fuzzy/
   * ssdeep.c), then hands the reset point to `trigger`; returns the next index. The lanes are the
   * 6-bit block hashes packed four to an int32 (see `LaneLayout`). The bytes go through the
   * module's 1 MiB input slice, copied once per slice of the chunk (reset points come every few
   * hundred bytes to a few KB, so a copy per call would cost more than the hashing).
   */
  private runFast(chunk: Uint8Array, from: number): number {
    const w = fuzzyWasm();
    if (this.sliceOf !== chunk || from >= this.sliceEnd) this.copySlice(w, chunk, from);
    const m = w.mem32;
    const s = w.ssdeepState;
    const l = this.layout;
    m[s] = this.h1;
    m[s + 1] = this.h2;
    m[s + 2] = this.h3;
    m[s + 3] = laneWord(l.lanes, 0);
    m[s + 4] = laneWord(l.lanes, 4);
    m[s + 5] = laneWord(l.lanes, 8);
    m[s + 6] = this.rollMask;
    const len = this.sliceEnd - this.sliceStart;
    const run = w.ssdeepRuns[l.count <= 4 ? 0 : l.count <= 8 ? 1 : 2];
    const at = run(from - this.sliceStart, len);
    // h1 and h2 are small sums; h3 is the int32 the JavaScript loop keeps.
    this.h1 = m[s]! | 0;
    this.h2 = m[s + 1]! | 0;
    this.h3 = m[s + 2]! | 0;
    const found = at < len;
    // The ring keeps the last 7 bytes hashed: in memory just before the end (the 7 bytes before the
    // slice are there too).
    const end = w.inputAt + (found ? at + 1 : len);
    this.window.set(w.mem8.subarray(end - ROLLING_WINDOW, end));
    this.wpos = 0;
    this.unpackLayout(m[s + 3]!, m[s + 4]!, m[s + 5]!);
    if (!found) return this.sliceEnd;
    this.trigger(m[s + 7]!);
    return this.sliceStart + at + 1;
  }

  /** Copies chunk[from..] (up to the slice size) into the input slice, after the window's 7 bytes. */
  private copySlice(w: FuzzyWasm, chunk: Uint8Array, from: number): void {
    const before = w.inputAt - ROLLING_WINDOW;
    for (let k = 0; k < ROLLING_WINDOW; k++) w.mem8[before + k] = this.window[(this.wpos + k) % ROLLING_WINDOW]!;
    const end = Math.min(chunk.length, from + w.inputSize);
    w.mem8.set(chunk.subarray(from, end), w.inputAt);
    this.sliceOf = chunk;
    this.sliceStart = from;
    this.sliceEnd = end;
  }

  private unpackLayout(w0: number, w1: number, w2: number): void {
    const l = this.layout;
    unpackWord(w0, l.lanes, 0);
    unpackWord(w1, l.lanes, 4);
    unpackWord(w2, l.lanes, 8);
    const start = this.bhStart;
    this.h.set(l.lanes.subarray(0, l.active), start);
    this.halfH.set(l.lanes.subarray(l.active, l.count), start);
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
    if (this.reduceBorder >= (this.hasSize ? this.fixedSize : this.totalSize)) return;
    if (this.dlen[this.bhStart + 1]! < HALF) return;
    this.bhStart++;
    this.reduceBorder *= 2;
    this.rollMask = this.rollMask * 2 + 1;
  }

  digest(): string | null {
    if (this.totalSize > TOTAL_SIZE_MAX) return null;
    if (this.hasSize && this.fixedSize !== this.totalSize) return null;
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

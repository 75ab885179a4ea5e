/**
 * The byte counting of the sliding-window pass in WebAssembly (native/fuzzy/entropy.c, in the
 * fuzzy-hash module): the window histogram and the histogram of the input so far. Why: the
 * per-byte loop is counter updates, and V8 adds bounds and typed-array checks to each; the module
 * only counts (integers), so every entropy is still computed in JavaScript from the same counts,
 * bit for bit as the JavaScript pass. With the distinct-byte bound it returns (see analyzeEntropy),
 * the pass measured 3.8 -> 1.9 ms/MB on the bench's files (npm run bench -- triage-steps).
 */
import { fuzzyWasm, type FuzzyWasm } from '../hash/fuzzy-wasm.js';

/** Most blocks per window that the module's ring of block histograms holds. */
const MAX_BLOCKS = 8;
/** Largest window: the module's counts are 16-bit. */
const MAX_WINDOW = 65535;

/**
 * Windows of `blocks * step` bytes, `step` apart, over `bytes`, counted in the module. The input
 * goes through the module's 1 MiB slice: when a window's end passes the slice, the slice is
 * re-copied from the previous window's start, so the bytes leaving and entering the window are both
 * in it. Synchronous use only: the module's memory is shared with this thread's fuzzy hashers.
 */
export class WasmWindows {
  /** The current window's histogram (a view of the module's memory: read it, do not keep it). */
  readonly win: Uint16Array;
  /** The sum of the tile windows' histograms (a view of the module's memory). */
  readonly total: Uint32Array;
  private readonly w: FuzzyWasm;
  private readonly blocks: number;
  /** bytes[base, limit) are in the input slice. */
  private base = 0;
  private limit = 0;

  constructor(private readonly bytes: Uint8Array, window: number, private readonly step: number) {
    this.w = fuzzyWasm();
    this.win = this.w.entropyWin;
    this.total = this.w.entropyTotal;
    this.blocks = window / step;
  }

  /**
   * True when windows of `window` bytes, `step` apart, over `n` bytes are whole blocks the module
   * can count: the window a multiple of the step and under 64 KiB, a window plus a step inside the
   * input slice, and the input's counts inside 32 bits.
   */
  static fits(n: number, window: number, step: number): boolean {
    const blocks = window / step;
    return n < 2 ** 32 && Number.isInteger(blocks) && blocks <= MAX_BLOCKS && window <= MAX_WINDOW && window + step <= fuzzyWasm().inputSize;
  }

  /**
   * Moves to window `k` (windows in order from 0), at `k * step`, and with `tile` adds it to the
   * total. Afterwards `win` is its histogram. Returns 0 when `win` is unchanged, else 1 + the
   * number of distinct byte values in the window.
   */
  slide(k: number, tile: boolean): number {
    const start = k * this.step;
    const end = start + this.blocks * this.step;
    if (end > this.limit) {
      this.base = k === 0 ? 0 : start - this.step;
      this.limit = Math.min(this.bytes.length, this.base + this.w.inputSize);
      this.w.mem8.set(this.bytes.subarray(this.base, this.limit), this.w.inputAt);
    }
    const slot = (k + this.blocks - 1) % this.blocks;
    return this.w.entropyBlock(start - this.base, this.step, this.blocks, slot, (k === 0 ? 1 : 0) | (tile ? 2 : 0));
  }

}

/**
 * Entropy of any byte range of a file from prefix histograms that the sliding-window pass records
 * on its way (see `analyzeEntropy`'s `ranges` option), so that section entropies (an ELF's
 * sections cover most of the file) cost two short edge histograms and 256 subtractions each,
 * instead of a second full pass over the bytes (~1.3 ms/MB of the bench's ELF files).
 */
import { entropyOfCounts, histogram } from './histogram.js';

/** Entropy in bits per byte of `bytes[start, end)`, as `shannonEntropy(bytes, start, end)` gives it. */
export type RangeEntropy = (start: number, end: number) => number;

/** Bytes between two recorded prefix histograms: 1 KiB of counts per 8 KiB of input (12.5%). */
export const CHECKPOINT_BYTES = 8192;

/**
 * Prefix histograms: row k (256 counts) holds the histogram of `bytes[0, k * CHECKPOINT_BYTES)`,
 * for k in [0, rows). Row 0 is all zeros.
 */
export class PrefixHistograms {
  private rows = 1;
  private data: Int32Array;

  /** Room for the prefixes of an input of `n` bytes. */
  constructor(n: number) {
    this.data = new Int32Array((Math.floor(n / CHECKPOINT_BYTES) + 1) * 256);
  }

  /** Records `counts` (a histogram of bytes [0, end)) when `end` is the next checkpoint offset. */
  record(counts: ArrayLike<number>, end: number): void {
    if (end !== this.rows * CHECKPOINT_BYTES || (this.rows + 1) * 256 > this.data.length) return;
    const at = this.rows * 256;
    for (let v = 0; v < 256; v++) this.data[at + v] = counts[v]!;
    this.rows++;
  }

  /**
   * The range entropy over `bytes`: interior checkpoints subtract, the edges (less than
   * CHECKPOINT_BYTES each) are counted. Same counts, same formula, so the same number as
   * `shannonEntropy` to the last bit (the total, like there, is `end - start` as given).
   */
  entropyOver(bytes: Uint8Array): RangeEntropy {
    return (start, end) => {
      const s = Math.max(0, start);
      const e = Math.min(end, bytes.length);
      const a = Math.ceil(s / CHECKPOINT_BYTES);
      const b = Math.min(Math.floor(e / CHECKPOINT_BYTES), this.rows - 1);
      if (b - a < 2) return entropyOfCounts(histogram(bytes, start, end), end - start);
      const counts = histogram(bytes, s, a * CHECKPOINT_BYTES);
      const tail = histogram(bytes, b * CHECKPOINT_BYTES, e);
      const hi = b * 256;
      const lo = a * 256;
      for (let v = 0; v < 256; v++) counts[v] = counts[v]! + tail[v]! + (this.data[hi + v]! - this.data[lo + v]!);
      return entropyOfCounts(counts, end - start);
    };
  }
}

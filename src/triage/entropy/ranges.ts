/**
 * Entropy of any byte range of a file from prefix histograms that the sliding-window pass records
 * on its way (see `analyzeEntropy`'s `ranges` option), so that section entropies (an ELF's
 * sections cover most of the file) cost two short edge histograms and 256 subtractions each,
 * instead of a second full pass over the bytes (that pass was ~1.3 ms/MB of the bench's files).
 */
import { entropyOfCounts, histogram } from './histogram.js';

/** Entropy in bits per byte of `bytes[start, end)`, as `shannonEntropy(bytes, start, end)` gives it. */
export type RangeEntropy = (start: number, end: number) => number;

/**
 * Bytes between two recorded prefix histograms (1 KiB of counts each) for an input of `n` bytes:
 * 1 KiB up to 1 MiB of input, doubling up to 8 KiB from 8 MiB on, so the table stays within 1 MiB
 * or 12.5% of the input, while a small file's sections (a few KiB each) still span checkpoints.
 * Always a multiple of 1 KiB, the sliding window's default size.
 */
export function checkpointBytes(n: number): number {
  let g = 1024;
  while (g < 8192 && n > g * 1024) g *= 2;
  return g;
}

/**
 * Prefix histograms: row k (256 counts) holds the histogram of `bytes[0, k * every)`, for k in
 * [0, rows). Row 0 is all zeros.
 */
export class PrefixHistograms {
  /** Distance between checkpoints: {@link checkpointBytes} of the input's size. */
  readonly every: number;
  private rows = 1;
  private data: Int32Array;

  /** Room for the prefixes of an input of `n` bytes. */
  constructor(n: number) {
    this.every = checkpointBytes(n);
    this.data = new Int32Array((Math.floor(n / this.every) + 1) * 256);
  }

  /** Records `counts` (a histogram of bytes [0, end)) when `end` is the next checkpoint offset. */
  record(counts: ArrayLike<number>, end: number): void {
    if (end !== this.rows * this.every || (this.rows + 1) * 256 > this.data.length) return;
    const at = this.rows * 256;
    for (let v = 0; v < 256; v++) this.data[at + v] = counts[v]!;
    this.rows++;
  }

  /**
   * The range entropy over `bytes`: interior checkpoints subtract, the edges (shorter than
   * `every` each) are counted. Same counts, same formula, so the same number as
   * `shannonEntropy` to the last bit (the total, like there, is `end - start` as given).
   */
  entropyOver(bytes: Uint8Array): RangeEntropy {
    const g = this.every;
    const counts = new Int32Array(256);
    return (start, end) => {
      const s = Math.max(0, start);
      const e = Math.min(end, bytes.length);
      const a = Math.ceil(s / g);
      const b = Math.min(Math.floor(e / g), this.rows - 1);
      // Two checkpoints apart at least, or the direct count reads about as many bytes.
      if (b - a < 2 && e - s > SHORT) return entropyOfCounts(histogram(bytes, s, e), end - start);
      counts.fill(0);
      if (b - a < 2) countInto(counts, bytes, s, e);
      else {
        countInto(counts, bytes, s, a * g);
        countInto(counts, bytes, b * g, e);
        const hi = b * 256;
        const lo = a * 256;
        for (let v = 0; v < 256; v++) counts[v] = counts[v]! + (this.data[hi + v]! - this.data[lo + v]!);
      }
      return entropyOfCounts(counts, end - start);
    };
  }
}

/**
 * Ranges up to this many bytes are counted with a plain loop into one reused table: most sections
 * of an ELF file are small, and `histogram`'s four tables cost more to set up than to fill there.
 */
const SHORT = 8192;

/** Adds the bytes of `bytes[start, end)` to `counts`. */
function countInto(counts: Int32Array, bytes: Uint8Array, start: number, end: number): void {
  for (let i = start; i < end; i++) counts[bytes[i]!]!++;
}

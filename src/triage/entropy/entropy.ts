/**
 * Shannon entropy of bytes: whole input, sliding-window profile and high-entropy regions
 * (encrypted or compressed payload candidates), all from one pass over the bytes.
 */
import { entropyOfCounts, histogram } from './histogram.js';
import { PrefixHistograms, checkpointBytes, type RangeEntropy } from './ranges.js';
import { WasmWindows } from './window-wasm.js';

export { histogram, shannonEntropy } from './histogram.js';

/**
 * Same as entropyOfCounts for a fixed total, with c*log2(c) looked up: one add per symbol, into
 * four sums so the floating-point adds do not form one 256-long dependency chain.
 */
function entropyFromTable(counts: Int32Array | Uint16Array, cLogC: Float64Array, total: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < 256; i += 4) {
    s0 += cLogC[counts[i]!]!;
    s1 += cLogC[counts[i + 1]!]!;
    s2 += cLogC[counts[i + 2]!]!;
    s3 += cLogC[counts[i + 3]!]!;
  }
  return Math.max(0, Math.log2(total) - (s0 + s1 + (s2 + s3)) / total);
}

export interface EntropyOptions {
  /** Window size in bytes (default 1024). */
  window?: number;
  /** Distance between windows tested for high entropy (default window / 4). */
  step?: number;
  /** Most points in the profile; its step grows with the input to respect it (default 512). */
  maxPoints?: number;
  /** A window at or above this entropy (bits per byte) is high (default 7.2). */
  threshold?: number;
  /** Smallest region reported, in bytes (default 1024). */
  minRegionSize?: number;
  /** Most regions reported (default 256); `regionsTruncated` says when more existed. */
  maxRegions?: number;
  /**
   * Also return `rangeEntropy`, the entropy of any range of the input, answered from prefix
   * histograms recorded during this pass (12.5% of the input's size in memory; default false).
   */
  ranges?: boolean;
}

export interface EntropyPoint {
  offset: number;
  entropy: number;
}

/** A run of high-entropy windows: an encrypted or compressed payload candidate. */
export interface EntropyRegion {
  offset: number;
  size: number;
  entropy: number;
}

export interface EntropyReport {
  /** Entropy of the whole input. */
  entropy: number;
  profile: { window: number; step: number; points: EntropyPoint[] };
  regions: EntropyRegion[];
  regionsTruncated: boolean;
  /** With the `ranges` option: entropy of `bytes[start, end)`, equal to `shannonEntropy`'s. */
  rangeEntropy?: RangeEntropy;
}

const DEFAULTS = {
  window: 1024,
  maxPoints: 512,
  threshold: 7.2,
  minRegionSize: 1024,
  maxRegions: 256,
} satisfies Omit<Required<EntropyOptions>, 'step' | 'ranges'>;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
/** A usable positive integer option, else the fallback (NaN, 0 or negative never loop forever). */
const positiveInt = (x: number, fallback: number): number => (Number.isFinite(x) && x >= 1 ? Math.floor(x) : fallback);

/** c * log2(c) for c in [0, window], by window size: built once per size, not once per file. */
const C_LOG_C = new Map<number, Float64Array>();

function cLogCTable(window: number): Float64Array {
  let t = C_LOG_C.get(window);
  if (t === undefined) {
    // A small file's whole triage costs a few milliseconds and this table (a log2 per entry) was
    // a tenth of it; a few sizes are ever used (the default, and the file length when shorter).
    if (C_LOG_C.size >= 64) C_LOG_C.clear();
    t = new Float64Array(window + 1);
    for (let c = 1; c <= window; c++) t[c] = c * Math.log2(c);
    C_LOG_C.set(window, t);
  }
  return t;
}

let fewDistinctFor = NaN;
let fewDistinctIs = 0;

/**
 * The most distinct byte values a window can hold and still stay below `threshold` for sure: the
 * entropy of d distinct values is at most log2(d), and the margin is far above the rounding of the
 * computed entropy. With the default 7.2, 147: about 60% of the bench's windows (code, tables)
 * then need no entropy computed, as they are neither profile points nor candidates.
 */
function fewDistinctBelow(threshold: number): number {
  if (threshold !== fewDistinctFor) {
    let d = 0;
    while (d < 256 && Math.log2(d + 1) + 1e-9 < threshold) d++;
    fewDistinctFor = threshold;
    fewDistinctIs = d;
  }
  return fewDistinctIs;
}

/**
 * Whole-input entropy, a bounded sliding-window profile and merged high-entropy regions, in one
 * pass: the window histogram slides by `step` bytes and every byte enters the totals once. The
 * counting runs in WebAssembly when the window is whole steps (window-wasm.ts, always with the
 * defaults); every entropy is computed here from the counts, so both ways give the same numbers.
 * @example
 * const { entropy, regions } = analyzeEntropy(bytes); // regions: [{ offset, size, entropy }]
 */
export function analyzeEntropy(bytes: Uint8Array, opts: EntropyOptions = {}): EntropyReport {
  const o = { ...DEFAULTS, ...opts };
  const ranges = opts.ranges === true;
  const n = bytes.length;
  const window = Math.max(1, Math.min(positiveInt(o.window, DEFAULTS.window), n || 1));
  const step = positiveInt(opts.step ?? window / 4, Math.max(1, window >> 2));
  const windows = n === 0 ? 0 : Math.floor((n - window) / step) + 1;
  const profileEvery = Math.max(1, Math.ceil(windows / positiveInt(o.maxPoints, DEFAULTS.maxPoints)));
  // The module counts when the windows fit its input slice (always with the default window).
  const wasm = windows > 0 && WasmWindows.fits(n, window, step) ? new WasmWindows(bytes, window, step) : null;
  // 16-bit counts when the window allows, as the module's: one element type in the hot loop.
  const win = wasm?.win ?? (window < 65536 ? new Uint16Array(256) : new Int32Array(256));
  const cLogC = cLogCTable(window);
  const points: EntropyPoint[] = [];
  // When windows tile the input every `window / step` windows, the whole-input histogram is the
  // sum of those tiles' window histograms (256 adds per tile instead of one per byte).
  const tileEvery = window % step === 0 ? window / step : 0;
  const total = new Float64Array(256);
  // Tiles end on every multiple of the checkpoint distance only when the window divides it;
  // counts are int32 there (inputs under 2 GiB).
  const prefixes = ranges && tileEvery > 0 && checkpointBytes(n) % window === 0 && n < 2 ** 31 ? new PrefixHistograms(n) : null;
  const regions = new RegionBuilder(bytes, o.minRegionSize, o.maxRegions, prefixes !== null);
  let counted = 0; // bytes [0, counted) have entered `total`
  let prevHigh = false;
  let h = 0;
  // `h` is computed only when read: for a profile point, or a window that may reach the threshold.
  // Skipped windows leave it stale (the window's histogram changed since), never wrong.
  let stale = false;
  let distinct = 256; // an upper bound of the window's distinct byte values
  const fewDistinct = fewDistinctBelow(o.threshold);
  const aligned = wasm === null && bytes.byteOffset % 4 === 0 && step % 4 === 0 && window % 4 === 0;
  const words = aligned ? new Int32Array(bytes.buffer, bytes.byteOffset, n >> 2) : null;
  for (let k = 0; k < windows; k++) {
    const start = k * step;
    const end = start + window;
    const tile = tileEvery > 0 && k % tileEvery === 0;
    if (wasm === null) {
      if (slideWindow(bytes, words, win, k === 0 ? -1 : start - step, start, end)) stale = true;
    } else {
      const r = wasm.slide(k, tile);
      if (r !== 0) {
        stale = true;
        distinct = r - 1;
      }
    }
    if (tile) {
      if (wasm === null) for (let v = 0; v < 256; v++) total[v]! += win[v]!;
      counted = end;
      if (prefixes !== null && end % prefixes.every === 0) prefixes.record(wasm?.total ?? total, end);
    }
    // An unchanged histogram (the bytes leaving equal those entering, as in padding) keeps its
    // entropy, computed or not; a changed one is computed when read.
    const point = k % profileEvery === 0;
    if (stale && (point || distinct > fewDistinct)) {
      h = entropyFromTable(win, cLogC, window);
      stale = false;
    }
    const high = !stale && h >= o.threshold;
    if (point) points.push({ offset: start, entropy: round3(h) });
    if (high) regions.add(start, end, prevHigh);
    prevHigh = high;
  }
  if (wasm !== null) total.set(wasm.total);
  const rest = histogram(bytes, counted, n);
  for (let v = 0; v < 256; v++) total[v]! += rest[v]!;
  const rangeEntropy = ranges ? (prefixes ?? new PrefixHistograms(0)).entropyOver(bytes) : undefined;
  const built = regions.finish(rangeEntropy);
  const report: EntropyReport = {
    entropy: round3(entropyOfCounts(total, n)),
    profile: { window, step: step * profileEvery, points },
    regions: built.regions,
    regionsTruncated: built.truncated,
  };
  if (rangeEntropy !== undefined) report.rangeEntropy = rangeEntropy;
  return report;
}

/**
 * Moves the window histogram from the window at `prevStart` (-1: empty) to `[start, end)`. With an
 * overlap, one loop drops a leaving byte and adds an entering byte per step; `words`, when given,
 * is an int32 view of `bytes` and every offset is a multiple of 4: one load per four bytes (byte
 * order is irrelevant to counting), measured ~1.4x faster than byte loads. Returns false when the
 * histogram cannot have changed (every leaving byte equals its entering byte).
 */
function slideWindow(bytes: Uint8Array, words: Int32Array | null, win: Int32Array | Uint16Array, prevStart: number, start: number, end: number): boolean {
  if (prevStart < 0 || start >= prevStart + (end - start)) {
    if (prevStart >= 0) win.fill(0);
    for (let i = start; i < end; i++) win[bytes[i]!]!++;
    return true;
  }
  const step = start - prevStart;
  if (words === null) {
    let diff = 0;
    for (let i = prevStart, j = end - step; i < start; i++, j++) {
      const a = bytes[i]!;
      const c = bytes[j]!;
      diff |= a ^ c;
      win[a]!--;
      win[c]!++;
    }
    return diff !== 0;
  }
  let changed = false;
  for (let i = prevStart >> 2, j = (end - step) >> 2, e = start >> 2; i < e; i++, j++) {
    const a = words[i]!;
    const c = words[j]!;
    // Equal words leave the histogram as it is: skipping them spares runs of equal bytes
    // (padding) eight dependent updates of one counter.
    if (a === c) continue;
    changed = true;
    win[a & 255]!--;
    win[c & 255]!++;
    win[(a >>> 8) & 255]!--;
    win[(c >>> 8) & 255]!++;
    win[(a >>> 16) & 255]!--;
    win[(c >>> 16) & 255]!++;
    win[a >>> 24]!--;
    win[c >>> 24]!++;
  }
  return changed;
}

/**
 * Merges consecutive high windows (overlapping, touching, or separated only by the sampling
 * step) into regions, keeping a histogram of the open region so each byte is counted once. With
 * `deferred`, nothing is counted during the pass: `finish` takes the regions' entropies from the
 * pass's prefix histograms instead (a packed or encrypted file is mostly high-entropy regions,
 * whose bytes would otherwise be histogrammed a second time: ~2x the cost of the whole pass there).
 */
class RegionBuilder {
  private readonly counts = new Float64Array(256);
  private open: { start: number; end: number } | null = null;
  private readonly out: EntropyRegion[] = [];
  private truncated = false;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly minSize: number,
    private readonly max: number,
    private readonly deferred: boolean,
  ) {}

  add(start: number, end: number, continues: boolean): void {
    if (this.open !== null && !continues) this.close();
    if (this.open === null) {
      if (!this.deferred) this.counts.fill(0);
      this.open = { start, end: start };
    }
    if (!this.deferred) for (let i = this.open.end; i < end; i++) this.counts[this.bytes[i]!]!++;
    this.open.end = Math.max(this.open.end, end);
  }

  private close(): void {
    const r = this.open;
    this.open = null;
    if (r === null || r.end - r.start < this.minSize) return;
    if (this.out.length >= this.max) {
      this.truncated = true;
      return;
    }
    const size = r.end - r.start;
    this.out.push({ offset: r.start, size, entropy: this.deferred ? 0 : round3(entropyOfCounts(this.counts, size)) });
  }

  /** The regions; `rangeEntropy` (required when deferred) gives their entropies from the prefixes. */
  finish(rangeEntropy?: RangeEntropy): { regions: EntropyRegion[]; truncated: boolean } {
    this.close();
    if (this.deferred && rangeEntropy !== undefined) for (const r of this.out) r.entropy = round3(rangeEntropy(r.offset, r.offset + r.size));
    return { regions: this.out, truncated: this.truncated };
  }
}

/**
 * The classifier's weights as flat entries, built from the model file without touching the 2^18
 * feature buckets one by one (a per-bucket pass cost most of the model's start-up): entries are sorted
 * by one native sort of numeric keys, in the order the per-bucket counting sort produced (bucket, then
 * label, then the label's own order).
 */
import { PillboxError } from '../../errors.js';

/** Weight entries sorted by bucket, then label: entry k adds weightOf[k] to label labelOf[k] for bucket bucketOf[k]. */
export interface WeightEntries {
  bucketOf: Int32Array;
  labelOf: Uint16Array;
  weightOf: Float32Array;
}

/** Per label, more entries than this cannot be a model (there are 2^18 buckets); keeps the sort keys exact. */
const PER_LABEL = 1 << 18;

/**
 * The entries of per-label delta-encoded weights (TechniqueModelFile.weights), each weight divided by `scale`.
 * @example weightEntries([{ b: [3, 2], w: [10, -5] }], 10, 1 << 18).weightOf; // Float32Array [1, -0.5]
 */
export function weightEntries(weights: readonly { b: readonly number[]; w: readonly number[] }[], scale: number, buckets: number): WeightEntries {
  const nLabels = weights.length;
  let n = 0;
  for (const { b } of weights) n += b.length;
  // key = (bucket * nLabels + label) * PER_LABEL + k < 2^18 · 2^16 · 2^18 = 2^52: exact in a double.
  const keys = new Float64Array(n);
  let at = 0;
  for (let label = 0; label < nLabels; label++) {
    const { b } = weights[label]!;
    if (b.length > PER_LABEL || nLabels > 0xffff) throw new PillboxError('E_KB_MISSING', 'technique model has too many weights');
    let bucket = 0;
    for (let k = 0; k < b.length; k++) {
      bucket += b[k]!;
      if (!(bucket >= 0 && bucket < buckets)) throw new PillboxError('E_KB_MISSING', `technique model bucket out of range: ${bucket}`);
      keys[at++] = (bucket * nLabels + label) * PER_LABEL + k;
    }
  }
  keys.sort();
  const bucketOf = new Int32Array(n);
  const labelOf = new Uint16Array(n);
  const weightOf = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    const k = key % PER_LABEL;
    const rest = (key - k) / PER_LABEL;
    const label = rest % nLabels;
    bucketOf[i] = (rest - label) / nLabels;
    labelOf[i] = label;
    weightOf[i] = weights[label]!.w[k]! / scale;
  }
  return { bucketOf, labelOf, weightOf };
}

/**
 * Dense per-bucket offsets of sorted entries: counts[f]..counts[f + 1] are bucket f's entries (the
 * dense scoring path of training and tests; recognition uses the sparse scorer).
 */
export function denseCounts(bucketOf: Int32Array, buckets: number): Uint32Array<ArrayBuffer> {
  const counts = new Uint32Array(buckets + 1);
  for (const f of bucketOf) counts[f + 1]!++;
  for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
  return counts;
}

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_MODEL_PATH, type TechniqueModelFile } from './classifier.js';
import { FEATURE_BITS } from './features.js';
import { denseCounts, weightEntries } from './model-weights.js';

/** The per-bucket counting sort the model was laid out with before (reference for the sorted entries). */
function countingSort(file: TechniqueModelFile): { counts: Uint32Array; labelOf: Uint16Array; weightOf: Float32Array } {
  const counts = new Uint32Array((1 << FEATURE_BITS) + 1);
  for (const { b } of file.weights) {
    let bucket = 0;
    for (const d of b) counts[(bucket += d) + 1]!++;
  }
  for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
  const labelOf = new Uint16Array(counts[counts.length - 1]!);
  const weightOf = new Float32Array(labelOf.length);
  const fill = counts.slice(0, -1);
  file.weights.forEach(({ b, w }, label) => {
    let bucket = 0;
    b.forEach((d, k) => {
      bucket += d;
      const at = fill[bucket]!++;
      labelOf[at] = label;
      weightOf[at] = w[k]! / file.scale;
    });
  });
  return { counts, labelOf, weightOf };
}

describe('classifier weight entries', () => {
  it('lay out the shipped model exactly as the per-bucket counting sort did', () => {
    const file = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as TechniqueModelFile;
    const ref = countingSort(file);
    const e = weightEntries(file.weights, file.scale, 1 << FEATURE_BITS);
    expect(e.labelOf.length).toBeGreaterThan(1000);
    expect(Array.from(e.labelOf)).toEqual(Array.from(ref.labelOf));
    expect(Array.from(e.weightOf)).toEqual(Array.from(ref.weightOf));
    expect(Array.from(denseCounts(e.bucketOf, 1 << FEATURE_BITS))).toEqual(Array.from(ref.counts));
  });

  it('orders ties by label, then by the label own order, and rejects buckets out of range', () => {
    const e = weightEntries([{ b: [5, 1], w: [1, 2] }, { b: [5], w: [3] }, { b: [0, 6], w: [4, 5] }], 1, 16);
    expect(Array.from(e.bucketOf)).toEqual([0, 5, 5, 6, 6]);
    expect(Array.from(e.labelOf)).toEqual([2, 0, 1, 0, 2]);
    expect(Array.from(e.weightOf)).toEqual([4, 1, 3, 2, 5]);
    expect(() => weightEntries([{ b: [20], w: [1] }], 1, 16)).toThrow(/out of range/);
  });
});

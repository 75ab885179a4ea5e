/**
 * The classifier's recognition hot path: which labels fire for one sentence, touching only the weights
 * its features have. Hand-written (typed arrays, no allocation per call): it runs once per sentence of
 * every document and used to cost as much as the phrase rules.
 */
import { bigramBucket, START_HASH, unigramBucket } from './features.js';

/** Labels firing for the sentence `hashes[from, to)`: see TechniqueModel.firing. */
export type FiringFn = (hashes: ArrayLike<number>, from: number, to: number, labels: Int32Array, logits: Float64Array) => number;

/**
 * Which feature buckets carry weights, and where: index[2w] = bits of buckets 32w..32w+31 that have
 * weights, index[2w + 1] = weighted buckets before 32w; per rank r (a weighted bucket's number among
 * them), row[r]..row[r + 1] are its weight entries.
 */
export interface SparseIndex {
  index: Int32Array;
  row: Uint32Array;
}

/**
 * The sparse index of weight entries sorted by bucket (`bucketOf`: per entry, its bucket; one pass over
 * the weights, none over the 2^18 buckets).
 */
export function sparseIndex(bucketOf: Int32Array, buckets: number): SparseIndex {
  const index = new Int32Array(2 * ((buckets + 31) >>> 5));
  const starts: number[] = [];
  for (let k = 0; k < bucketOf.length; k++) {
    const f = bucketOf[k]!;
    if (k > 0 && f === bucketOf[k - 1]) continue;
    index[2 * (f >>> 5)]! |= 1 << (f & 31);
    starts.push(k);
  }
  for (let w = 0, before = 0; w < index.length / 2; w++) {
    index[2 * w + 1] = before;
    before += popcount(index[2 * w]!);
  }
  const row = new Uint32Array(starts.length + 1);
  row.set(starts);
  row[starts.length] = bucketOf.length;
  return { index, row };
}

/** Per weight entry, its bucket (the inverse of sparseIndex; for the dense scoring path). */
export function entryBuckets(s: SparseIndex): Int32Array {
  const out = new Int32Array(s.row[s.row.length - 1]!);
  for (let w = 0; w < s.index.length / 2; w++) {
    let bits = s.index[2 * w]!;
    for (let r = s.index[2 * w + 1]!; bits !== 0; r++) {
      const b = 31 - Math.clz32(bits & -bits);
      bits &= bits - 1;
      out.fill(32 * w + b, s.row[r]!, s.row[r + 1]!);
    }
  }
  return out;
}

/** The model's weights as built by createTechniqueModel: the sparse index and the entries' labels and weights. */
export interface ScorerTables extends SparseIndex {
  labelOf: Uint16Array;
  weightOf: Float32Array;
  bias: Float64Array;
  logitThresholds: Float64Array;
}

/**
 * Builds the sparse scorer. Only ~7% of the 2^18 feature buckets carry weights, and the dense
 * per-bucket tables (several MB) cost a cache miss per feature. Here the weighted buckets are numbered
 * densely: a bitset with per-word prefix counts (interleaved, 64 KB) says whether a bucket is weighted
 * and gives its rank, and the rank indexes small row and dedupe tables, so the whole scorer stays in
 * the L2 cache. Per label, the additions happen in the same order as in the dense path (bias first,
 * then the features in first-seen order), so the logits are bit-identical.
 */
export function sparseScorer(t: ScorerTables): FiringFn {
  const { index, row, bias, logitThresholds: thr, labelOf, weightOf } = t;
  const rows = row.length - 1;
  // stamp[r]: the sentence that last counted rank r.
  const stamp = new Uint32Array(rows);
  const nLabels = bias.length;
  const acc = new Float64Array(nLabels);
  let gen = 0;
  /** Adds bucket f's weights once per sentence (a feature counts once, as in sentenceFeatures). */
  const add = (f: number): void => {
    const w = f >>> 5;
    const bits = index[2 * w]!;
    const bit = 1 << (f & 31);
    if ((bits & bit) === 0) return;
    const r = index[2 * w + 1]! + popcount(bits & (bit - 1));
    if (stamp[r] === gen) return;
    stamp[r] = gen;
    for (let k = row[r]!, end = row[r + 1]!; k < end; k++) acc[labelOf[k]!]! += weightOf[k]!;
  };
  return (hashes, from, to, labels, logits) => {
    if (++gen > 0x3fffffff) {
      stamp.fill(0);
      gen = 1;
    }
    acc.set(bias);
    // Hashes as int32 (`| 0`, same bits: the buckets only mix bits): a uint32 hash ≥ 2^31 read as a
    // number is boxed (a heap number per token passed on: 85 MB of garbage on 10 MB of `a.a.a.`).
    let prev = START_HASH | 0;
    for (let k = from; k < to; k++) {
      const h = hashes[k]! | 0;
      add(unigramBucket(h));
      add(bigramBucket(prev, h));
      prev = h;
    }
    let n = 0;
    for (let l = 0; l < nLabels; l++) {
      if (acc[l]! < thr[l]!) continue;
      labels[n++] = l;
      logits[l] = acc[l]!;
    }
    return n > 0 && threeDistinct(hashes, from, to) ? n : 0;
  };
}

/** Set bits of a 32-bit int. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Whether the sentence has at least 3 distinct features (the dense path's `< 3` rule), stopping at the third. */
function threeDistinct(hashes: ArrayLike<number>, from: number, to: number): boolean {
  // The first two distinct buckets seen (-1: none yet); features in sentenceFeatures order.
  let a = -1;
  let b = -1;
  let prev = START_HASH | 0;
  for (let k = from; k < to; k++) {
    const h = hashes[k]! | 0;
    for (let f = unigramBucket(h), second = false; ; f = bigramBucket(prev, h), second = true) {
      if (a < 0 || f === a) a = f;
      else if (b < 0 || f === b) b = f;
      else return true;
      if (second) break;
    }
    prev = h;
  }
  return false;
}

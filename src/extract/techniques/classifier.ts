import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PillboxError } from '../../errors.js';
import { bigramBucket, FEATURE_BITS, START_HASH, unigramBucket } from './features.js';
import { layoutPathOf, modelParts, readModelLayout, type ModelParts } from './model-layout.js';
import { denseCounts } from './model-weights.js';
import { entryBuckets, sparseScorer } from './sparse-scorer.js';

/** The JSON weights file written by scripts/train-techniques.ts. */
export interface TechniqueModelFile {
  format: 'pillbox-technique-lr';
  version: 1;
  /** Short model name used in evidence (`model:<name>`). */
  name: string;
  feature_bits: number;
  labels: string[];
  bias: number[];
  /** Per label: delta-encoded sorted buckets and weights scaled by `scale`. */
  weights: { b: number[]; w: number[] }[];
  scale: number;
  /** Document-level decision threshold on the best sentence probability, calibrated on held-in data. */
  threshold: number;
  /** Per-label thresholds overriding `threshold` (optional). */
  thresholds?: Record<string, number>;
  training: Record<string, unknown>;
}

/** A loaded one-vs-rest logistic-regression sentence classifier, with an inverted weight index. */
export interface TechniqueModel {
  name: string;
  labels: readonly string[];
  /** Probability threshold per label index. */
  thresholds: Float64Array;
  /** The same thresholds as logits (compared with `logits` output without computing probabilities). */
  logitThresholds: Float64Array;
  /** Writes every label's logit for one sentence's features into `out`. */
  logits(features: Uint32Array, out: Float64Array): void;
  /**
   * Same as `logits(sentenceFeatures(tokens), out)` straight from the tokens' word hashes, without
   * building the feature array (inference hot path); returns the number of distinct features. `n`: use
   * the first n hashes only (default all).
   */
  logitsOfHashes(hashes: ArrayLike<number>, out: Float64Array, n?: number): number;
  /**
   * The labels whose logit passes its threshold for the sentence whose word hashes are
   * `hashes[from, to)`, the recognition hot path: their indexes go into `labels` (ascending; it needs
   * room for every label) and their logits into `logits[label]`; returns their number. Same decisions and
   * the same logits (bit for bit) as `logitsOfHashes` followed by a threshold test, and nothing fires in a
   * sentence with fewer than 3 distinct features.
   */
  firing(hashes: ArrayLike<number>, from: number, to: number, labels: Int32Array, logits: Float64Array): number;
}

/** data/models relative to this module. */
export const DEFAULT_MODEL_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'models', 'techniques-tram-lr.json');

/**
 * Builds the inference structure: bucket → (label, weight) pairs in flat typed arrays, so scoring a
 * sentence touches only its own features (no per-label dense vectors).
 */
export function createTechniqueModel(file: TechniqueModelFile): TechniqueModel {
  return modelFromParts(modelParts(file));
}

/** The model of laid-out tables (modelParts, or the shipped layout file). */
function modelFromParts(parts: ModelParts): TechniqueModel {
  const { labelOf, weightOf, bias, thresholds } = parts;
  const buckets = 1 << FEATURE_BITS;
  // Per bucket f: [2f] = first weight entry (counts[f]), [2f + 1] = generation stamp of the dedupe (a
  // feature counts once per sentence, as in sentenceFeatures); [2f + 2] is the end. Interleaved so one
  // bucket costs one cache line, not three. Built on first use: recognition scores with `firing` (the
  // sparse scorer) and never needs these 2 MB, only training and tests do.
  let counts = new Uint32Array(0);
  let slots = new Uint32Array(0);
  const dense = (): void => {
    counts = denseCounts(entryBuckets(parts), buckets);
    slots = new Uint32Array(counts.length * 2);
    for (let f = 0; f < counts.length; f++) slots[2 * f] = counts[f]!;
  };
  let generation = 0;
  const addBucket = (f: number, out: Float64Array): number => {
    const at = 2 * f;
    if (slots[at + 1] === generation) return 0;
    slots[at + 1] = generation;
    for (let k = slots[at]!, end = slots[at + 2]!; k < end; k++) out[labelOf[k]!]! += weightOf[k]!;
    return 1;
  };
  const logitThresholds = thresholds.map((t) => Math.log(t / (1 - t)));
  const resetSlots = (): number => {
    for (let f = 1; f < slots.length; f += 2) slots[f] = 0;
    return (generation = 1);
  };
  const nextGeneration = (): number => ((generation = (generation + 1) >>> 0) === 0 ? resetSlots() : generation);
  const firing = sparseScorer({ index: parts.index, row: parts.row, labelOf, weightOf, bias, logitThresholds });
  return {
    name: parts.name,
    labels: parts.labels,
    thresholds,
    logitThresholds,
    firing,
    logits(features, out) {
      if (slots.length === 0) dense();
      out.set(bias);
      for (const f of features) for (let k = counts[f]!, end = counts[f + 1]!; k < end; k++) out[labelOf[k]!]! += weightOf[k]!;
    },
    logitsOfHashes(hashes, out, count = hashes.length) {
      if (slots.length === 0) dense();
      out.set(bias);
      nextGeneration();
      let n = 0;
      let prev = START_HASH;
      for (let k = 0; k < count; k++) {
        const h = hashes[k]!;
        n += addBucket(unigramBucket(h), out);
        n += addBucket(bigramBucket(prev, h), out);
        prev = h;
      }
      return n;
    },
  };
}

const cache = new Map<string, TechniqueModel>();

/**
 * Loads a technique classifier (cached per path): from its precompiled layout file beside it when there
 * is one (the shipped model's, see model-layout.ts), else from the model file itself.
 * @example
 * const model = loadTechniqueModel();
 * model.labels.includes('T1055'); // true
 */
export function loadTechniqueModel(path: string = DEFAULT_MODEL_PATH): TechniqueModel {
  let m = cache.get(path);
  if (m === undefined) {
    const parts = readModelLayout(layoutPathOf(path));
    if (parts !== undefined) {
      m = modelFromParts(parts);
      cache.set(path, m);
      return m;
    }
    let file: TechniqueModelFile;
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as TechniqueModelFile;
    } catch (cause) {
      throw new PillboxError('E_KB_MISSING', `technique model unreadable: ${path} (run npx tsx scripts/train-techniques.ts)`, { cause });
    }
    m = createTechniqueModel(file);
    cache.set(path, m);
  }
  return m;
}

/** Folder of the shipped models, for the training script. */
export const MODELS_DIR = dirname(DEFAULT_MODEL_PATH);

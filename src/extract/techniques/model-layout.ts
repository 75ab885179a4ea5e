/**
 * The classifier in the layout its scorer uses, and that layout precompiled into data/: the model file
 * (data/models/techniques-tram-lr.json, per-label delta-encoded weights, written by training) is laid
 * out once at build time into techniques-tram-lr.layout.json (typed arrays as base64, little-endian),
 * so a process copies a few buffers instead of sorting and indexing 31k weights at start-up.
 * scripts/knowledge/32-technique-model-layout.ts writes it; model-layout.test.ts rebuilds and compares.
 */
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { PillboxError } from '../../errors.js';
import type { TechniqueModelFile } from './classifier.js';
import { FEATURE_BITS } from './features.js';
import { weightEntries } from './model-weights.js';
import { packB64, unpackB64 } from './packed.js';
import { sparseIndex, type SparseIndex } from './sparse-scorer.js';

/** A classifier's inference tables (see sparseIndex; thresholds are probabilities per label). */
export interface ModelParts extends SparseIndex {
  name: string;
  labels: string[];
  bias: Float64Array;
  thresholds: Float64Array;
  labelOf: Uint16Array;
  weightOf: Float32Array;
}

/**
 * Validates a model file and lays its weights out.
 * @example modelParts(JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8'))).labels.length; // 77
 */
export function modelParts(file: TechniqueModelFile): ModelParts {
  if (file.format !== 'pillbox-technique-lr' || file.feature_bits !== FEATURE_BITS) {
    throw new PillboxError('E_KB_MISSING', `unsupported technique model format (${file.format}, ${file.feature_bits} bits)`);
  }
  const { bucketOf, labelOf, weightOf } = weightEntries(file.weights, file.scale, 1 << FEATURE_BITS);
  const bias = Float64Array.from(file.bias);
  const thresholds = Float64Array.from(file.labels, (l) => file.thresholds?.[l] ?? file.threshold);
  return { name: file.name, labels: file.labels, bias, thresholds, ...sparseIndex(bucketOf, 1 << FEATURE_BITS), labelOf, weightOf };
}

const FORMAT = 'pillbox-technique-lr-layout';

/** On-disk shape of the layout file: names and labels as JSON, tables as base64 of little-endian typed arrays. */
interface LayoutFile {
  format: typeof FORMAT;
  version: 1;
  name: string;
  labels: string[];
  bias: string;
  thresholds: string;
  index: string;
  row: string;
  labelOf: string;
  weightOf: string;
}

/** data/models/<model>.layout.json beside the model file. */
export function layoutPathOf(modelPath: string): string {
  return modelPath.replace(/\.json$/, '.layout.json');
}

/**
 * The layout file's text for a model file (deterministic: same model, same bytes).
 * @example writeFileSync(layoutPathOf(DEFAULT_MODEL_PATH), modelLayoutJson(file))
 */
export function modelLayoutJson(file: TechniqueModelFile): string {
  const p = modelParts(file);
  const out: LayoutFile = { format: FORMAT, version: 1, name: p.name, labels: p.labels, bias: packB64(p.bias), thresholds: packB64(p.thresholds), index: packB64(p.index), row: packB64(p.row), labelOf: packB64(p.labelOf), weightOf: packB64(p.weightOf) };
  return `${JSON.stringify(out)}\n`;
}

/**
 * Reads a layout file; undefined when it is absent or this machine is big-endian (the caller then lays
 * the model file out itself).
 */
export function readModelLayout(path: string): ModelParts | undefined {
  if (endianness() !== 'LE') return undefined;
  let f: LayoutFile;
  try {
    f = JSON.parse(readFileSync(path, 'utf8')) as LayoutFile;
  } catch {
    return undefined;
  }
  if (f.format !== FORMAT || f.version !== 1) throw new PillboxError('E_KB_MISSING', `unsupported technique model layout: ${path} (run npm run build:knowledge -- 32-technique-model-layout)`);
  return {
    name: f.name,
    labels: f.labels,
    bias: unpackB64(f.bias, Float64Array),
    thresholds: unpackB64(f.thresholds, Float64Array),
    index: unpackB64(f.index, Int32Array),
    row: unpackB64(f.row, Uint32Array),
    labelOf: unpackB64(f.labelOf, Uint16Array),
    weightOf: unpackB64(f.weightOf, Float32Array),
  };
}

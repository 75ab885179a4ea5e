// Trains the technique sentence classifier shipped in data/models/techniques-tram-lr.json: one-vs-rest
// logistic regression over hashed word uni/bi-grams (src/extract/techniques/features.ts), on MITRE TRAM 2
// reports. Deterministic (seeded shuffle, fixed split). Usage: npx tsx scripts/train-techniques.ts
//
// Split (scripts/tram-data.ts): reports with fnv1a(id) % 5 === 0 are held out for scripts/eval-techniques.ts
// and never seen here. Step 1 fits on the 'train' reports and picks the document-level threshold on the
// 'calibration' reports; step 2 refits on train + calibration with that threshold.
// TT_STEP1_OUT=<file> (with TT_DRY=1 to stop there) also writes the step-1 model: it never saw the
// calibration reports, so scoring them with it is how LONG_REPORT (src/extract/techniques/recognize.ts)
// was calibrated without touching the held-out reports. TT_OUT=<file> writes the model elsewhere (experiments).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sentenceFeatures, FEATURE_BITS } from '../src/extract/techniques/features.js';
import { MODELS_DIR, type TechniqueModelFile } from '../src/extract/techniques/classifier.js';
import { layoutPathOf, modelLayoutJson } from '../src/extract/techniques/model-layout.js';
import { tokenize } from '../src/extract/techniques/tokenize.js';
import { splitSentences } from '../src/text/sentences.js';
import { readTramReports, splitOf, type TramReport } from './tram-data.js';

const DIM = 1 << FEATURE_BITS;
// Hyper-parameters (env overrides exist only for experiments; the shipped model uses the defaults).
const num = (k: string, d: number): number => Number(process.env[k] ?? d);
const EPOCHS = num('TT_EPOCHS', 6);
const L2 = num('TT_L2', 3e-3);
const LR0 = num('TT_LR', 0.3);
const POS_WEIGHT = num('TT_POS', 1);
const PRUNE = num('TT_PRUNE', 0.3);
const SCALE = 1000;

interface Sample {
  report: string;
  f: Uint32Array;
  y: number[];
}

/** Sentences of a report with the TRAM labels of the annotated spans they overlap. */
function samplesOf(r: TramReport, labelIndex: Map<string, number>): Sample[] {
  return splitSentences(r.text).map((s) => {
    const y = new Set<number>();
    for (const sp of r.spans) {
      const overlap = Math.min(s.end, sp.end) - Math.max(s.start, sp.start);
      if (overlap >= Math.min(20, (sp.end - sp.start) / 2)) for (const t of sp.techniques) y.add(labelIndex.get(t)!);
    }
    return { report: r.id, f: sentenceFeatures(tokenize(s.text)), y: [...y] };
  });
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** SGD over all labels at once (dense L × DIM matrix; sparse inputs), with a decaying step. */
function train(samples: Sample[], nLabels: number): { w: Float32Array; b: Float64Array } {
  const w = new Float32Array(nLabels * DIM);
  const b = new Float64Array(nLabels);
  const rand = mulberry32(20261127);
  const order = samples.map((_, i) => i);
  const yMask = new Uint8Array(nLabels);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const lr = LR0 / (1 + epoch);
    for (const idx of order) {
      const s = samples[idx]!;
      yMask.fill(0);
      for (const l of s.y) yMask[l] = 1;
      for (let l = 0; l < nLabels; l++) {
        const base = l * DIM;
        let z = b[l]!;
        for (const f of s.f) z += w[base + f]!;
        const p = 1 / (1 + Math.exp(-z));
        const g = yMask[l] === 1 ? (p - 1) * POS_WEIGHT : p;
        if (Math.abs(g) < 1e-4) continue;
        b[l]! -= lr * g;
        for (const f of s.f) w[base + f] = w[base + f]! * (1 - lr * L2) - lr * g;
      }
    }
    process.stderr.write(`  epoch ${epoch + 1}/${EPOCHS}\n`);
  }
  // Pruning keeps the shipped file small; calibration sees the pruned weights.
  for (let k = 0; k < w.length; k++) if (Math.abs(w[k]!) < PRUNE) w[k] = 0;
  return { w, b };
}

function toFile(labels: string[], m: { w: Float32Array; b: Float64Array }, threshold: number, training: Record<string, unknown>): TechniqueModelFile {
  const weights = labels.map((_, l) => {
    const b: number[] = [];
    const w: number[] = [];
    let prev = 0;
    for (let f = 0; f < DIM; f++) {
      const v = m.w[l * DIM + f]!;
      if (Math.abs(v) < PRUNE) continue;
      b.push(f - prev);
      w.push(Math.round(v * SCALE));
      prev = f;
    }
    return { b, w };
  });
  const bias = Array.from(m.b, (v) => Math.round(v * SCALE) / SCALE);
  return { format: 'pillbox-technique-lr', version: 1, name: 'tram-lr', feature_bits: FEATURE_BITS, labels, bias, weights, scale: SCALE, threshold, training };
}

/** Best sentence probability per (report, label). */
function docScores(samples: Sample[], nLabels: number, m: { w: Float32Array; b: Float64Array }): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const s of samples) {
    let best = out.get(s.report);
    if (best === undefined) out.set(s.report, (best = new Float64Array(nLabels)));
    for (let l = 0; l < nLabels; l++) {
      let z = m.b[l]!;
      for (const f of s.f) z += m.w[l * DIM + f]!;
      best[l] = Math.max(best[l]!, 1 / (1 + Math.exp(-z)));
    }
  }
  return out;
}

function microF1(scores: Map<string, Float64Array>, gold: Map<string, Set<number>>, t: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [id, sc] of scores) {
    const g = gold.get(id)!;
    sc.forEach((p, l) => {
      if (p >= t) g.has(l) ? tp++ : fp++;
      else if (g.has(l)) fn++;
    });
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

const reports = readTramReports();
const labels = [...new Set(reports.flatMap((r) => r.techniques))].sort();
const labelIndex = new Map(labels.map((l, i) => [l, i]));
const trainReports = reports.filter((r) => splitOf(r.id) === 'train');
const calReports = reports.filter((r) => splitOf(r.id) === 'calibration');
const heldout = reports.filter((r) => splitOf(r.id) === 'heldout');
process.stderr.write(`train-techniques: ${reports.length} reports: ${trainReports.length} train, ${calReports.length} calibration, ${heldout.length} held out; ${labels.length} labels\n`);

const trainSamples = trainReports.flatMap((r) => samplesOf(r, labelIndex));
const calSamples = calReports.flatMap((r) => samplesOf(r, labelIndex));
process.stderr.write(`step 1: fit on ${trainSamples.length} sentences, calibrate on ${calSamples.length}\n`);
const m1 = train(trainSamples, labels.length);
const calScores = docScores(calSamples, labels.length, m1);
const calGold = new Map(calReports.map((r) => [r.id, new Set(r.techniques.map((t) => labelIndex.get(t)!))]));
let best = { t: 0.5, f1: -1 };
for (let t = 0.01; t <= 0.995; t += 0.01) {
  const f1 = microF1(calScores, calGold, t);
  if (f1 > best.f1) best = { t: Math.round(t * 100) / 100, f1 };
  if (process.env['TT_VERBOSE'] !== undefined && Math.round(t * 100) % 5 === 0) process.stderr.write(`  t=${t.toFixed(2)} F1=${f1.toFixed(3)}\n`);
}
process.stderr.write(`  calibration: threshold ${best.t} gives document micro-F1 ${best.f1.toFixed(3)}\n`);
// Experiments only: the step-1 model (never saw the calibration reports), for calibrating document-level policies.
const step1Out = process.env['TT_STEP1_OUT'];
if (step1Out !== undefined) writeFileSync(step1Out, `${JSON.stringify(toFile(labels, m1, best.t, { step: 1 }))}\n`);
if (process.env['TT_DRY'] !== undefined) process.exit(0);

const allSamples = [...trainSamples, ...calSamples];
process.stderr.write(`step 2: refit on ${allSamples.length} sentences\n`);
const m2 = train(allSamples, labels.length);
const file = toFile(labels, m2, best.t, {
  source: 'MITRE TRAM 2 (Apache-2.0), see NOTICE-techniques-tram-lr',
  split: 'held out: fnv1a(report id) % 5 == 0; calibration: == 1; train: others',
  reports_train: trainReports.length + calReports.length,
  reports_heldout: heldout.length,
  sentences: allSamples.length,
  epochs: EPOCHS,
  calibration_micro_f1: Math.round(best.f1 * 1000) / 1000,
});
const out = process.env['TT_OUT'] ?? join(MODELS_DIR, 'techniques-tram-lr.json');
writeFileSync(out, `${JSON.stringify(file)}\n`);
// The scorer's precompiled layout beside it (loadTechniqueModel prefers it): never leave a stale one.
writeFileSync(layoutPathOf(out), modelLayoutJson(file));
const nnz = file.weights.reduce((a, x) => a + x.b.length, 0);
process.stderr.write(`wrote ${out}: ${nnz} weights\n`);

// npm run eval:extract — precision / recall / F1 per indicator type on the labelled corpus in
// test/fixtures/extract-eval/*.yaml (see its README). Exits 1 when a type misses the 0.98 targets,
// when a type has no labelled example, or when the corpus has fewer than 300 cases.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { extractIndicators } from '../src/extract/indicators/index.js';
import { INDICATOR_TYPES, type IndicatorType } from '../src/model/indicator.js';

export const TARGET = 0.98;
export const MIN_CASES = 300;
export const EVAL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'extract-eval');

interface Case { id: string; text: string; expect: string[]; file: string }
export interface TypeScore { type: IndicatorType; tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }
export interface EvalResult { cases: number; scores: TypeScore[]; failures: { id: string; file: string; missing: string[]; extra: string[] }[] }

export function loadCases(dir = EVAL_DIR): Case[] {
  const cases: Case[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const items = parse(readFileSync(join(dir, file), 'utf8')) as { id: string; text: string; expect?: string[] | null }[];
    for (const it of items) cases.push({ id: it.id, text: it.text, expect: it.expect ?? [], file });
  }
  return cases;
}

/** Runs the extractor (no warninglists: benign tagging does not change what is found) over every case. */
export function evaluate(cases = loadCases()): EvalResult {
  const counts = new Map<IndicatorType, { tp: number; fp: number; fn: number }>(INDICATOR_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const failures: EvalResult['failures'] = [];
  for (const c of cases) {
    const got = new Set(extractIndicators(c.text, { warninglists: null }).map((i) => `${i.type} ${i.value}`));
    const want = new Set(c.expect);
    const missing = [...want].filter((x) => !got.has(x));
    const extra = [...got].filter((x) => !want.has(x));
    for (const x of want) {
      const t = x.slice(0, x.indexOf(' ')) as IndicatorType;
      const k = counts.get(t);
      if (k === undefined) throw new Error(`${c.file} ${c.id}: unknown type in "${x}"`);
      if (got.has(x)) k.tp++; else k.fn++;
    }
    for (const x of extra) counts.get(x.slice(0, x.indexOf(' ')) as IndicatorType)!.fp++;
    if (missing.length > 0 || extra.length > 0) failures.push({ id: c.id, file: c.file, missing, extra });
  }
  const scores = [...counts].map(([type, k]) => {
    const precision = k.tp + k.fp === 0 ? 0 : k.tp / (k.tp + k.fp);
    const recall = k.tp + k.fn === 0 ? 0 : k.tp / (k.tp + k.fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { type, ...k, precision, recall, f1 };
  });
  return { cases: cases.length, scores, failures };
}

/** Types whose precision or recall is under the target (or that have no labelled example). */
export function missedTargets(r: EvalResult): string[] {
  const missed = r.scores.filter((s) => s.tp + s.fn === 0 || s.precision < TARGET || s.recall < TARGET).map((s) => s.type as string);
  if (r.cases < MIN_CASES) missed.push(`corpus has ${r.cases} cases (< ${MIN_CASES})`);
  return missed;
}

function main(): void {
  const r = evaluate();
  const pct = (x: number): string => x.toFixed(3);
  console.log(`extract eval: ${r.cases} cases from ${EVAL_DIR}\n`);
  console.log(`${'type'.padEnd(17)} ${'tp'.padStart(4)} ${'fp'.padStart(4)} ${'fn'.padStart(4)}  precision  recall  f1`);
  for (const s of r.scores) {
    console.log(`${s.type.padEnd(17)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${pct(s.f1)}`);
  }
  const all = r.scores.reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
  console.log(`${'all'.padEnd(17)} ${String(all.tp).padStart(4)} ${String(all.fp).padStart(4)} ${String(all.fn).padStart(4)}  ${pct(all.tp / (all.tp + all.fp)).padStart(9)}  ${pct(all.tp / (all.tp + all.fn)).padStart(6)}`);
  if (r.failures.length > 0) {
    console.log(`\n${r.failures.length} case(s) not exact:`);
    for (const f of r.failures) console.log(`  ${f.file} ${f.id}${f.missing.length ? `\n    missing: ${f.missing.join(' | ')}` : ''}${f.extra.length ? `\n    extra:   ${f.extra.join(' | ')}` : ''}`);
  }
  const missed = missedTargets(r);
  console.log(missed.length === 0 ? `\nall types meet precision and recall >= ${TARGET}` : `\nMISSED targets: ${missed.join(', ')}`);
  process.exitCode = missed.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

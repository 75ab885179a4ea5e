// npm run eval:knowledge (second part) — ATT&CK technique recognition scores:
// (1) the team's labelled reports (test/fixtures/reports/NN-slug.labels.json, `techniques`), micro P/R/F1
//     for all reports (target F1 >= 0.75) and, for information, for the held-out third (reports
//     NN >= HELD_OUT_FROM, whose misses were not looked at while writing rules: a generalisation check);
// (2) the TRAM 2 held-out reports (scripts/tram-data.ts split), document level: a technique counts once
//     per report; a prediction is a false positive when the report carries no such label. Scored twice:
//     over every prediction, and over predictions inside TRAM's 77-technique label space (TRAM annotators
//     labelled only those, so a correct T1059.001 there cannot be told from a wrong one). The issue scores
//     whole reports ("precision counts every passage that carries no label"), so the target, micro-F1
//     >= 0.60, applies to the strict scoring over every prediction; the label-space line is for information.
//     Exits 1 when a target is missed. --verbose lists the differences.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recognizeTechniques } from '../src/extract/techniques/index.js';
import { readTramReports, splitOf } from './tram-data.js';

/** Same held-out third as the entity eval (scripts/eval/entities.ts), kept here to avoid importing it. */
export const HELD_OUT_FROM = 28;
/** Same Italian reports as the entity eval (ITALIAN_FROM there): scored apart, not held out. */
export const ITALIAN_FROM = 61;
export const TEAM_TARGET_F1 = 0.75;
export const TRAM_TARGET_F1 = 0.6;

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
export interface Score extends Counts {
  precision: number;
  recall: number;
  f1: number;
}
export interface Diff {
  doc: string;
  missed: string[];
  spurious: string[];
}

export function score(c: Counts): Score {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision, recall, f1 };
}

function compare(pred: Set<string>, gold: Set<string>, into: Counts[], perLabel?: Map<string, Counts>): Diff['missed'][] {
  const missed = [...gold].filter((g) => !pred.has(g)).sort();
  const spurious = [...pred].filter((p) => !gold.has(p)).sort();
  const tp = pred.size - spurious.length;
  for (const c of into) {
    c.tp += tp;
    c.fp += spurious.length;
    c.fn += missed.length;
  }
  if (perLabel !== undefined) {
    const bump = (l: string, k: keyof Counts): void => {
      const c = perLabel.get(l) ?? { tp: 0, fp: 0, fn: 0 };
      c[k]++;
      perLabel.set(l, c);
    };
    for (const p of pred) bump(p, gold.has(p) ? 'tp' : 'fp');
    for (const m of missed) bump(m, 'fn');
  }
  return [missed, spurious];
}

/** Scores the team's labelled reports: all, the held-out third, and the Italian reports. */
export function evalTeamSet(dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'reports')): { all: Score; heldOut: Score; reports: number; heldOutReports: number; italian: Score; italianReports: number; diffs: Diff[] } {
  const all: Counts = { tp: 0, fp: 0, fn: 0 };
  const held: Counts = { tp: 0, fp: 0, fn: 0 };
  const italian: Counts = { tp: 0, fp: 0, fn: 0 };
  const diffs: Diff[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.labels.json')).sort();
  let heldOutReports = 0;
  let italianReports = 0;
  for (const f of files) {
    const slug = f.replace(/\.labels\.json$/, '');
    const labels = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { techniques?: string[] };
    const textFile = readdirSync(dir).find((x) => x.startsWith(`${slug}.`) && !x.endsWith('.json'));
    if (labels.techniques === undefined || textFile === undefined) continue;
    const n = Number.parseInt(f, 10);
    const isItalian = n >= ITALIAN_FROM;
    const isHeld = n >= HELD_OUT_FROM && !isItalian;
    if (isHeld) heldOutReports++;
    if (isItalian) italianReports++;
    const pred = new Set(recognizeTechniques(readFileSync(join(dir, textFile), 'utf8')).map((t) => t.id));
    const [missed, spurious] = compare(pred, new Set(labels.techniques), isHeld ? [all, held] : isItalian ? [all, italian] : [all]);
    diffs.push({ doc: slug, missed: missed!, spurious: spurious! });
  }
  return { all: score(all), heldOut: score(held), reports: files.length, heldOutReports, italian: score(italian), italianReports, diffs };
}

export interface TramEval {
  reports: { train: number; calibration: number; heldout: number };
  all: Score;
  labelSpace: Score;
  macroF1LabelSpace: number;
  diffs: Diff[];
}

/** Scores the TRAM held-out reports at document level. `limit` evaluates only the first N (tests). */
export function evalTram(limit = Infinity): TramEval {
  const reports = readTramReports();
  const space = new Set(reports.flatMap((r) => r.techniques));
  const heldout = reports.filter((r) => splitOf(r.id) === 'heldout').slice(0, limit);
  const all: Counts = { tp: 0, fp: 0, fn: 0 };
  const inSpace: Counts = { tp: 0, fp: 0, fn: 0 };
  const perLabel = new Map<string, Counts>();
  const diffs: Diff[] = [];
  for (const r of heldout) {
    const pred = new Set(recognizeTechniques(r.text).map((t) => t.id));
    const gold = new Set(r.techniques);
    compare(pred, gold, [all]);
    const [missed, spurious] = compare(new Set([...pred].filter((p) => space.has(p))), gold, [inSpace], perLabel);
    diffs.push({ doc: r.id, missed: missed!, spurious: spurious! });
  }
  const macro = [...perLabel.values()].map((c) => score(c).f1);
  return {
    reports: {
      train: reports.filter((r) => splitOf(r.id) === 'train').length,
      calibration: reports.filter((r) => splitOf(r.id) === 'calibration').length,
      heldout: heldout.length,
    },
    all: score(all),
    labelSpace: score(inSpace),
    macroF1LabelSpace: macro.length === 0 ? 0 : macro.reduce((a, b) => a + b, 0) / macro.length,
    diffs,
  };
}

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const f = (x: number): string => x.toFixed(3);
  const line = (name: string, s: Score, target?: number): string =>
    `  ${name.padEnd(30)} P ${f(s.precision)}  R ${f(s.recall)}  F1 ${f(s.f1)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})${target !== undefined && s.f1 < target ? `  below target ${target}` : ''}\n`;
  let failed = false;
  const team = evalTeamSet();
  process.stdout.write(`techniques — team set (${team.reports} reports, held-out ${team.heldOutReports})\n`);
  process.stdout.write(line(`all ${team.reports} reports`, team.all, TEAM_TARGET_F1));
  process.stdout.write(line(`held-out ${team.heldOutReports} reports (info)`, team.heldOut));
  process.stdout.write(line(`Italian ${team.italianReports} reports (info)`, team.italian));
  failed ||= team.all.f1 < TEAM_TARGET_F1;
  const tram = evalTram();
  process.stdout.write(`techniques — TRAM 2 held-out reports, document level (split: ${tram.reports.train} train, ${tram.reports.calibration} calibration, ${tram.reports.heldout} held out)\n`);
  process.stdout.write(line('every prediction (target)', tram.all, TRAM_TARGET_F1));
  process.stdout.write(line('TRAM label space (77, info)', tram.labelSpace));
  process.stdout.write(`  ${'TRAM label space macro-F1'.padEnd(30)} ${f(tram.macroF1LabelSpace)}\n`);
  failed ||= tram.all.f1 < TRAM_TARGET_F1;
  if (verbose) for (const d of [...team.diffs, ...tram.diffs]) if (d.missed.length + d.spurious.length > 0) process.stdout.write(`  ${d.doc}: missed [${d.missed.join(', ')}] spurious [${d.spurious.join(', ')}]\n`);
  process.exitCode = failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();

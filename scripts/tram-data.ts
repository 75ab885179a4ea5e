// Reads MITRE TRAM 2 data (../shared/data/tram2, Apache-2.0) for training and evaluating the technique
// classifier, and defines the fixed report split. Text is only read here, never written to the repo.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface TramReport {
  id: string;
  text: string;
  techniques: string[];
  /** Annotated spans (offsets into text) with their technique ids. */
  spans: { start: number; end: number; techniques: string[] }[];
}

export const TRAM_DIR = process.env['PILLBOX_TRAM_DIR'] ?? resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'tram2');

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** FNV-1a, used to assign reports to splits by id (stable across machines and runs). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The documented split: a report is held out for evaluation when fnv1a(report id) % 5 === 0 (about a
 * fifth of the 149 reports); the training script calibrates on reports with % 5 === 1 before the final
 * fit on every non-held-out report.
 */
export function splitOf(id: string): 'heldout' | 'calibration' | 'train' {
  const m = fnv1a(id) % 5;
  return m === 0 ? 'heldout' : m === 1 ? 'calibration' : 'train';
}

/** All TRAM reports with their annotated sentence spans. */
export function readTramReports(dir: string = TRAM_DIR): TramReport[] {
  const reports = readJsonl<{ id: string; text: string; techniques: string[] }>(join(dir, 'reports.jsonl'));
  const byId = new Map<string, TramReport>();
  for (const r of reports) byId.set(r.id.replace(/:doc$/, ''), { id: r.id.replace(/:doc$/, ''), text: r.text, techniques: r.techniques, spans: [] });
  for (const s of readJsonl<{ id: string; techniques: string[] }>(join(dir, 'sentences.jsonl'))) {
    const m = /^(.*):sentence:(\d+)-(\d+)$/.exec(s.id);
    const rep = m === null ? undefined : byId.get(m[1]!);
    if (m === null || rep === undefined) continue;
    rep.spans.push({ start: Number(m[2]), end: Number(m[3]), techniques: s.techniques });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

import type { FileResult } from './targets/file.js';
import type { HuntHit, IntelSet } from './types.js';

export interface HuntSummary {
  indicators: number;
  indicators_by_type: Record<string, number>;
  yara_files: number;
  benign_skipped: number;
  files: number;
  bytes: number;
  lines: number;
  /** Every hit, listed or not. */
  hits: number;
  /** Hits counted but not listed (past the per-file limit of an indicator; included in `hits`). */
  unlisted_hits: number;
  by_indicator: { indicator: string; type: string; source: string; hits: number; files: number; matches: string[] }[];
  by_file: { file: string; class: string; format: string | null; hits: number }[];
}

/** Orders hits of one file: whole-file hits first, then by line and offset, ties by indicator and source. */
export function sortHits(hits: HuntHit[]): void {
  hits.sort((a, b) =>
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.offset ?? -1) - (b.offset ?? -1) ||
    cmp(a.match, b.match) || cmp(a.indicator, b.indicator) || cmp(a.source, b.source));
}

/** The identity of an indicator's hits: type, value (`indicator`) and source. */
export function hitKey(type: string, indicator: string, source: string): string {
  return `${type}\u0000${indicator}\u0000${source}`;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildSummary(intel: IntelSet, files: FileResult[], hits: HuntHit[]): HuntSummary {
  const byType: Record<string, number> = {};
  for (const i of intel.indicators) byType[i.type] = (byType[i.type] ?? 0) + 1;
  const byInd = new Map<string, { indicator: string; type: string; source: string; hits: number; files: Set<string>; matches: Set<string> }>();
  const entry = (h: { type: string; indicator: string; source: string }): { hits: number; files: Set<string>; matches: Set<string> } => {
    const k = hitKey(h.type, h.indicator, h.source);
    let e = byInd.get(k);
    if (!e) {
      e = { indicator: h.indicator, type: h.type, source: h.source, hits: 0, files: new Set(), matches: new Set() };
      byInd.set(k, e);
    }
    return e;
  };
  for (const h of hits) {
    const e = entry(h);
    e.hits++;
    e.files.add(h.file);
    e.matches.add(h.match);
  }
  let unlisted = 0;
  for (const f of files) {
    for (const u of f.unlisted) {
      const e = entry(u);
      e.hits += u.count;
      e.files.add(f.file);
      for (const m of u.matches) e.matches.add(m);
      unlisted += u.count;
    }
  }
  const by_indicator = [...byInd.values()]
    .map((e) => ({ indicator: e.indicator, type: e.type, source: e.source, hits: e.hits, files: e.files.size, matches: [...e.matches].sort() }))
    .sort((a, b) => b.hits - a.hits || cmp(a.indicator, b.indicator) || cmp(a.source, b.source));
  return {
    indicators: intel.indicators.length,
    indicators_by_type: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => cmp(a, b))),
    yara_files: intel.yara.length,
    benign_skipped: intel.benignSkipped,
    files: files.length,
    bytes: files.reduce((a, f) => a + f.size, 0),
    lines: files.reduce((a, f) => a + f.lines, 0),
    hits: hits.length + unlisted,
    unlisted_hits: unlisted,
    by_indicator,
    by_file: files.filter((f) => f.hits.length > 0).map((f) => ({ file: f.file, class: f.class, format: f.format, hits: f.hits.length + f.unlisted.reduce((a, u) => a + u.count, 0) })),
  };
}

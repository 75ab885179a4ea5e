import type { HuntResult } from '../index.js';
import type { HuntHit } from '../types.js';

/** Column order of `--jsonl` objects and `--csv` columns. */
export const HIT_COLUMNS = ['indicator', 'type', 'match', 'file', 'line', 'field', 'offset', 'context', 'source', 'source_title'] as const;

/** One JSON object per hit, keys in HIT_COLUMNS order. */
export function hitToJsonl(h: HuntHit): string {
  const o: Record<string, unknown> = {};
  for (const k of HIT_COLUMNS) o[k] = h[k];
  return JSON.stringify(o);
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header row. */
export function* hitsToCsv(hits: readonly HuntHit[]): Generator<string> {
  // In pieces of 1000 rows: a sweep's hits are written as they are formatted, never as one string.
  yield `${HIT_COLUMNS.join(',')}\r\n`;
  for (let i = 0; i < hits.length; i += 1000) {
    const rows: string[] = [];
    for (const h of hits.slice(i, i + 1000)) rows.push(HIT_COLUMNS.map((k) => csvCell(h[k])).join(','));
    yield `${rows.join('\r\n')}\r\n`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function shorten(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** The human summary: totals, hits grouped by indicator, then by file (first hits of each). */
export function renderHuman(r: HuntResult, color: boolean): string {
  const s = r.summary;
  const b = (t: string): string => (color ? `\x1b[1m${t}\x1b[0m` : t);
  const red = (t: string): string => (color ? `\x1b[31m${t}\x1b[0m` : t);
  const out: string[] = [];
  out.push(`${b('Hunt')}: ${plural(s.indicators, 'indicator')}${s.yara_files ? ` + YARA rules from ${plural(s.yara_files, 'file')}` : ''} over ${plural(s.files, 'file')} (${formatBytes(s.bytes)}, ${plural(s.lines, 'line')})${r.interrupted ? ' — interrupted, partial results' : ''}`);
  if (r.hits.length === 0) {
    out.push('No hits.');
    return `${out.join('\n')}\n`;
  }
  out.push(red(`${plural(s.hits, 'hit')} on ${plural(s.by_indicator.length, 'indicator')} in ${plural(s.by_file.length, 'file')}`));
  out.push('', b('By indicator'));
  for (const e of s.by_indicator) {
    out.push(`  ${e.indicator}  [${e.type}; ${e.matches.join(', ')}]  ${plural(e.hits, 'hit')} in ${plural(e.files, 'file')}  (from ${e.source})`);
  }
  out.push('', b('By file'));
  const byFile = new Map<string, HuntHit[]>();
  for (const h of r.hits) {
    const l = byFile.get(h.file);
    if (l) l.push(h);
    else byFile.set(h.file, [h]);
  }
  const fileStats = new Map(s.by_file.map((f) => [f.file, f]));
  for (const [file, hits] of byFile) {
    const stats = fileStats.get(file);
    const fmt = stats?.format;
    // The file's count includes hits past the per-file limit (counted, not listed).
    const total = stats?.hits ?? hits.length;
    out.push(`  ${file}${fmt ? ` (${fmt})` : ''}: ${plural(total, 'hit')}`);
    for (const h of hits.slice(0, 5)) {
      // A binary's string has no line: its file offset and where it was read (`strings`).
      const where = h.line !== null ? `line ${h.line}${h.field ? ` ${h.field}` : ''}` : h.field !== null && h.offset !== null ? `offset ${h.offset} ${h.field}` : 'file';
      out.push(`    ${where}: ${h.indicator} (${h.match})  ${shorten(h.context.replace(/\s+/g, ' '), 100)}`);
    }
    if (total > 5) out.push(`    … ${total - 5} more`);
  }
  if (s.unlisted_hits > 0) out.push('', `${plural(s.unlisted_hits, 'hit')} past the per-file limit of an indicator are counted above but not listed (--max-hits).`);
  return `${out.join('\n')}\n`;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

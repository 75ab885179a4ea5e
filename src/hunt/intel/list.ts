import type { Diagnostic } from '../../model/diagnostic.js';
import type { IntelIndicator } from '../types.js';
import { canonicalize, huntTypeOf } from './canonical.js';
import type { Classify } from './classify.js';
import { countsByType } from './json-records.js';
import type { LoadedIntel } from './stix.js';
import { csvRowEnd } from '../logs/csv-rows.js';
import { splitCsv } from '../logs/detect.js';

/** Column names that hold the indicator in a CSV feed, most specific first. */
const VALUE_COLUMNS = ['indicator', 'ioc', 'observable', 'indicator_value', 'value', 'ioc_value', 'data'];
const TYPE_COLUMNS = ['type', 'indicator_type', 'ioc_type', 'kind'];

/**
 * A plain list: one indicator per line, defanged forms accepted, `#` starts a comment (whole line or
 * after whitespace). Lines that are not an indicator are counted in a warning.
 */
export function loadList(text: string, source: string, classify: Classify): LoadedIntel {
  const indicators: IntelIndicator[] = [];
  let bad = 0;
  let firstBad = 0;
  const lines = text.split('\n');
  lines.forEach((line0, i) => {
    const line = line0.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const c = classify(line);
    if (c) indicators.push({ type: c.type, value: c.value, raw: line, source, source_title: source });
    else if (bad++ === 0) firstBad = i + 1;
  });
  const warnings: Diagnostic[] = bad > 0 ? [{ code: 'list-unreadable', message: `${source}: ${bad} line(s) are not indicators (first: line ${firstBad})` }] : [];
  return { title: source, indicators, warnings };
}

/** Share of non-comment lines that are one indicator each (decides list vs report). */
export function listLikeness(text: string, classify: Classify): number {
  let n = 0;
  let ok = 0;
  for (const line0 of text.split('\n', 2000)) {
    const line = line0.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    n++;
    if (!/\s/.test(line) && classify(line)) ok++;
  }
  return n === 0 ? 0 : ok / n;
}

/** True when the first line names an indicator column (`indicator`, `ioc`, `value`…). */
export function hasIndicatorHeader(text: string): boolean {
  const first = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const cells = splitCsv(first.replace(/\r$/, '')).map((c) => c.trim().toLowerCase());
  return cells.length >= 1 && cells.some((c) => VALUE_COLUMNS.includes(c));
}

/**
 * Counts a row that gave no indicator under its type when the type column names one hunt does not
 * sweep (`cve`, `attack_technique`, `asn`… as `pillbox extract --csv` writes them); returns whether it did.
 */
export function countUnread(typeName: string, type: ReturnType<typeof huntTypeOf>, notSwept: Map<string, number>): boolean {
  const name = typeName.trim().toLowerCase();
  if (name === '' || type !== null) return false;
  notSwept.set(name, (notSwept.get(name) ?? 0) + 1);
  return true;
}

/** The warnings of a CSV read: rows without an indicator, and rows of types hunt does not sweep (by type). */
export function csvWarnings(source: string, column: string, bad: number, notSwept: ReadonlyMap<string, number>): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (bad > 0) out.push({ code: 'csv-unreadable', message: `${source}: ${bad} row(s) hold no indicator in column '${column}'` });
  if (notSwept.size > 0) {
    const c = countsByType(notSwept);
    out.push({ code: 'csv-not-swept', message: `${source}: ${c.total} row(s) of types hunt does not sweep (${c.list})` });
  }
  return out;
}

/**
 * A CSV feed with a header: the indicator column is the first of VALUE_COLUMNS present, else the first
 * column; a `type` column, when present and understood, types the value instead of classifying it.
 */
export function loadCsv(text: string, source: string, classify: Classify): LoadedIntel {
  const nl = text.indexOf('\n');
  const header = splitCsv(withoutCr(text, 0, nl === -1 ? text.length : nl)).map((c) => c.trim().toLowerCase());
  let col = VALUE_COLUMNS.map((n) => header.indexOf(n)).find((i) => i !== -1) ?? 0;
  if (col < 0) col = 0;
  const typeCol = TYPE_COLUMNS.map((n) => header.indexOf(n)).find((i) => i !== -1 && i !== col) ?? -1;
  const indicators: IntelIndicator[] = [];
  let bad = 0;
  const notSwept = new Map<string, number>();
  // Rows are walked in place and only the cells used are cut out: splitting the text into lines and
  // every row into cells made two arrays and a string per cell (a third of the load of a 10k feed).
  for (let s = nl === -1 ? text.length : nl + 1; s < text.length;) {
    const e0 = text.indexOf('\n', s);
    let e = e0 === -1 ? text.length : e0;
    let line = withoutCr(text, s, e);
    // A quoted cell may hold line breaks (a MISP export's comment): the row runs on to the line that
    // closes it, within MAX_ROW_LINES lines; a quote still open then, or at the end of the feed, is a
    // stray one and the row is its first line alone (csvRowEnd).
    if (line.includes('"')) {
      const end = csvRowEnd(text, s, e);
      if (end > e) line = withoutCr(text, s, (e = end));
    }
    s = e + 1;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const quoted = line.includes('"') ? splitCsv(line) : null;
    const raw = (quoted ? quoted[col] ?? '' : cellAt(line, col)).trim();
    const typeName = typeCol === -1 ? '' : quoted ? quoted[typeCol] ?? '' : cellAt(line, typeCol);
    const t = typeCol === -1 ? null : huntTypeOf(typeName);
    const c = t && t !== 'any' ? canonicalize(t, raw) ?? classify(raw) : classify(raw);
    if (c) indicators.push({ type: c.type, value: c.value, raw, source, source_title: source });
    else if (raw !== '' && !countUnread(typeName, t, notSwept)) bad++;
  }
  const warnings = csvWarnings(source, header[col] ?? String(col), bad, notSwept);
  return { title: source, indicators, warnings };
}

/** text[s, e) without one trailing `\r` (a CRLF file's line). */
function withoutCr(text: string, s: number, e: number): string {
  return text.slice(s, e > s && text.charCodeAt(e - 1) === 13 ? e - 1 : e);
}

/** Cell `k` of a row without quotes (as `line.split(',')[k] ?? ''`, without the array). */
function cellAt(line: string, k: number): string {
  let s = 0;
  for (let i = 0; i < k; i++) {
    const c = line.indexOf(',', s);
    if (c === -1) return '';
    s = c + 1;
  }
  const e = line.indexOf(',', s);
  return line.slice(s, e === -1 ? line.length : e);
}

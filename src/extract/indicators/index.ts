// extractIndicators: document text → de-duplicated indicators with every occurrence, context and
// warninglist tags. The scanning is in scanner.ts; this file only aggregates.
import type { Benign, Indicator, IndicatorType, Occurrence } from '../../model/indicator.js';
import { checkBenign, loadWarninglists, type Warninglists } from '../../knowledge/warninglists/index.js';
import { isWideSpace } from './chars.js';
import { MatchTable } from './collect.js';
import { FoldLines, scanText } from './scanner.js';

export interface ExtractIndicatorsOptions {
  /** Only these types (default: all). */
  types?: readonly IndicatorType[];
  /** Warninglists for benign tagging; default the bundled lists, `null` for none. */
  warninglists?: Warninglists | null;
  /** Remove indicators a warninglist marks benign. */
  dropBenign?: boolean;
}

const RADIUS = 60;

/**
 * The same snippet as text/lines.ts contextSnippet (≤ RADIUS chars each side, one line, white space
 * folded), with bounded newline searches (that function's are unbounded: quadratic on a 10 MB line,
 * once per indicator). Returns one flat slice when nothing needs folding: building the string by
 * concatenation left a tree of cons-strings per indicator, which dominated GC time on IOC-dense text.
 */
function snippet(text: string, start: number, end: number, mayFold: boolean): string {
  let a = Math.max(0, start - RADIUS), b = Math.min(text.length, end + RADIUS);
  for (let i = start - 1; i >= a; i--) if (text.charCodeAt(i) === 10) { a = i + 1; break; }
  for (let i = end; i < b; i++) if (text.charCodeAt(i) === 10) { b = i; break; }
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  const s = text.slice(a, b);
  // One native regex test instead of a char loop: the same decision, since replace() folds only \s runs
  // (U+200B and U+0085, spaces to isSpace but not to \s, are left as they are either way).
  return mayFold && FOLD.test(s) ? s.replace(/\s+/g, ' ') : s;
}

/** A white-space run that folding would change: two spaces, or any \s other than a plain space. */
const FOLD = /[^\S ]| {2}/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || (c > 127 && isWideSpace(c));
}

/**
 * Line numbers for offsets that arrive almost in order (the scanner emits per segment). Keeps the
 * newlines just before and after the current position, so offsets on the current line cost nothing
 * and moving forward costs one indexOf per newline passed: linear even on one 10 MB line (an
 * unbounded indexOf per call would be quadratic there). LineIndex would need two full passes.
 */
function lineCounter(text: string, from: number, firstLine: number): (offset: number) => number {
  let line = firstLine, prevNl = from - 1, nextNl = text.indexOf('\n', from);
  if (nextNl < 0) nextNl = Infinity;
  return (offset) => {
    while (offset > nextNl) {
      line++;
      prevNl = nextNl;
      const k = text.indexOf('\n', nextNl + 1);
      nextNl = k < 0 ? Infinity : k;
    }
    while (offset <= prevNl) {
      line--;
      nextNl = prevNl;
      prevNl = prevNl === 0 ? -1 : text.lastIndexOf('\n', prevNl - 1);
    }
    return line;
  };
}

/**
 * Every indicator in `text`: refanged, validated, canonical, de-duplicated by (type, value), with all
 * occurrences in order, sorted by first offset.
 * @example extractIndicators('C2: hxxps://evil[.]com/gate.php')[0]?.value // 'https://evil.com/gate.php'
 */
export function extractIndicators(text: string, opts: ExtractIndicatorsOptions = {}): Indicator[] {
  return sortIndicators(extractIndicatorsRange(text, 0, text.length, opts));
}

/**
 * Tags `ind` benign when a warninglist lists its value (the tags go first, before `defanged`); false
 * when it is benign and `dropBenign` asks to drop it. The parallel path tags workers' indicators with it.
 */
export function tagBenign(ind: Indicator, wl: Warninglists, dropBenign: boolean): boolean {
  const benign = checkBenign(ind.type, ind.value, wl);
  if (benign === undefined) return true;
  if (dropBenign) return false;
  ind.benign = benign;
  ind.tags.unshift('benign', `warninglist:${benign.list}`);
  return true;
}

/** The final order of extractIndicators: by first offset, then type (in place; returns `list`). */
export function sortIndicators(list: Indicator[]): Indicator[] {
  return list.sort((a, b) => a.occurrences[0]!.offset - b.occurrences[0]!.offset || (a.type < b.type ? -1 : 1));
}

/**
 * {@link extractIndicators} over text[from, to) only, with absolute offsets, line numbers counted from
 * `firstLine` at `from`, left in creation order (unsorted: see {@link sortIndicators}). The parallel
 * path's unit of work: `from` and `to` must come from parallel/split.ts (line starts where the scanner
 * carries no state across), so that the chunks' lists, concatenated with duplicates merged, are the
 * whole text's list.
 */
export function extractIndicatorsRange(text: string, from: number, to: number, opts: ExtractIndicatorsOptions = {}, firstLine = 1): Indicator[] {
  const wanted = opts.types === undefined ? null : new Set<IndicatorType>(opts.types);
  const table = new MatchTable();
  const folds = new FoldLines();
  scanText(text, (m) => { if (wanted === null || wanted.has(m.type)) table.add(m); }, from, to, folds);
  const n = table.size;
  // Everything that makes garbage comes before the burst of output objects (see collect.ts): line
  // numbers, in emission order (nearly sorted, so lineCounter stays linear), and the benign checks.
  const lineOf = lineCounter(text, from, firstLine);
  const lines = new Int32Array(table.occurrences);
  for (let k = 0; k < lines.length; k++) lines[k] = lineOf(table.occStart[k]!);
  const wl = opts.warninglists === undefined ? loadWarninglists() : opts.warninglists;
  const benign: (Benign | undefined)[] = new Array<Benign | undefined>(n);
  if (wl !== null) for (let i = 0; i < n; i++) benign[i] = checkBenign(table.types[i]!, table.values[i]!, wl);
  const drop = opts.dropBenign === true;
  const result: Indicator[] = [];
  for (let i = 0; i < n; i++) {
    const b = benign[i];
    if (b !== undefined && drop) continue;
    const ind = buildIndicator(text, table, i, lines, folds, firstLine, b);
    result.push(ind);
  }
  return result;
}

/** The occurrence k of indicator value `value`: its raw text shares the value string when written canonically. */
function occurrence(text: string, table: MatchTable, k: number, value: string, lines: Int32Array): Occurrence {
  const start = table.occStart[k]!, end = table.occEnd[k]!;
  const raw = end - start === value.length && text.startsWith(value, start) ? value : text.slice(start, end);
  return { offset: start, line: lines[k]!, raw };
}

/**
 * Indicator i of `table` as extractIndicators returns it: occurrences by offset (stable), raw and
 * context from the first, tags [benign…, defanged], then the optional unicode and benign fields (this
 * key order is the JSON output's).
 */
function buildIndicator(text: string, table: MatchTable, i: number, lines: Int32Array, folds: FoldLines, firstLine: number, benign: Benign | undefined): Indicator {
  const value = table.values[i]!;
  let occurrences: Occurrence[];
  if (table.occCount[i] === 1) occurrences = [occurrence(text, table, table.firstOcc[i]!, value, lines)];
  else {
    occurrences = [];
    for (let k = table.firstOcc[i]!; k !== -1; k = table.occNext[k]!) occurrences.push(occurrence(text, table, k, value, lines));
    occurrences.sort((a, b) => a.offset - b.offset);
  }
  const first = occurrences[0]!;
  // The window stays on the first occurrence's line (raw holds no newline): an unmarked line has
  // nothing to fold.
  const mayFold = folds.has(first.line - firstLine) || first.raw.includes('\n');
  const context = snippet(text, first.offset, first.offset + first.raw.length, mayFold);
  const defanged = table.defanged[i] === 1;
  const tags: string[] = benign === undefined ? (defanged ? ['defanged'] : []) : defanged ? ['benign', `warninglist:${benign.list}`, 'defanged'] : ['benign', `warninglist:${benign.list}`];
  const ind: Indicator = { type: table.types[i]!, value, raw: first.raw, defanged, occurrences, context, tags };
  const u = table.unicode.get(i);
  if (u !== undefined) ind.unicode = u;
  if (benign !== undefined) ind.benign = benign;
  return ind;
}

export type { Warninglists };

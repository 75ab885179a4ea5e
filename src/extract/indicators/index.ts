// extractIndicators: document text → de-duplicated indicators with every occurrence, context and
// warninglist tags. The scanning is in scanner.ts; this file only aggregates.
import type { Indicator, IndicatorType } from '../../model/indicator.js';
import { checkBenign, loadWarninglists, type Warninglists } from '../../knowledge/warninglists/index.js';
import { isWideSpace } from './chars.js';
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
  // One map per type: no key concatenation per occurrence. Only output objects are retained (no
  // wrapper or Match per indicator): retained objects are what the young-generation GC has to copy.
  const byType = new Map<IndicatorType, Map<string, Indicator>>();
  // Indicators in creation order: nearly sorted by first offset already, so the final sort is ~linear.
  const created: Indicator[] = [];
  const lineOf = lineCounter(text, from, firstLine);
  const folds = new FoldLines();
  scanText(text, (m) => {
    if (wanted !== null && !wanted.has(m.type)) return;
    let byValue = byType.get(m.type);
    if (byValue === undefined) { byValue = new Map(); byType.set(m.type, byValue); }
    // Most indicators are written in canonical form: share the value string, compared in place
    // (no slice to allocate and drop for each of them).
    const raw = m.end - m.start === m.value.length && text.startsWith(m.value, m.start) ? m.value : text.slice(m.start, m.end);
    const occ = { offset: m.start, line: lineOf(m.start), raw };
    const ind = byValue.get(m.value);
    if (ind === undefined) {
      const fresh: Indicator = { type: m.type, value: m.value, raw, defanged: m.defanged, occurrences: [occ], context: '', tags: [] };
      if (m.unicode !== undefined) fresh.unicode = m.unicode;
      byValue.set(m.value, fresh);
      created.push(fresh);
      return;
    }
    ind.occurrences.push(occ);
    if (m.defanged) ind.defanged = true;
  }, from, to, folds);
  const wl = opts.warninglists === undefined ? loadWarninglists() : opts.warninglists;
  const result: Indicator[] = [];
  for (const ind of created) {
    if (ind.occurrences.length > 1) ind.occurrences.sort((a, b) => a.offset - b.offset);
    const first = ind.occurrences[0]!;
    ind.raw = first.raw;
    // The window stays on the first occurrence's line (raw holds no newline): an unmarked line has
    // nothing to fold.
    const mayFold = folds.has(first.line - firstLine) || first.raw.includes('\n');
    ind.context = snippet(text, first.offset, first.offset + first.raw.length, mayFold);
    if (wl !== null && !tagBenign(ind, wl, opts.dropBenign === true)) continue;
    if (ind.defanged) ind.tags.push('defanged');
    result.push(ind);
  }
  return result;
}

export type { Warninglists };

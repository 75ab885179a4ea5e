// extractIndicators: document text → de-duplicated indicators with every occurrence, context and
// warninglist tags. The scanning is in scanner.ts, the record in collect.ts, the output objects in build.ts.
import type { Indicator, IndicatorType } from '../../model/indicator.js';
import { loadWarninglists, type Warninglists } from '../../knowledge/warninglists/index.js';
import { buildIndicators, buildIndicatorsUpTo } from './build.js';
import { MatchTable } from './collect.js';
import { FoldLines, replaySpans, scanText } from './scanner.js';
import type { PreparedSpans } from './prepare.js';
import type { Match } from './types.js';

export interface ExtractIndicatorsOptions {
  /** Only these types (default: all). */
  types?: readonly IndicatorType[];
  /** Warninglists for benign tagging; default the bundled lists, `null` for none. */
  warninglists?: Warninglists | null;
  /** Remove indicators a warninglist marks benign. */
  dropBenign?: boolean;
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

/** Texts from this length (UTF-16 code units) get their occurrence table reserved up front (MatchTable.reserve). */
const RESERVE_FROM = 1 << 20;

/**
 * Every indicator in `text`: refanged, validated, canonical, de-duplicated by (type, value), with all
 * occurrences in order, sorted by first offset.
 * @example extractIndicators('C2: hxxps://evil[.]com/gate.php')[0]?.value // 'https://evil.com/gate.php'
 */
export function extractIndicators(text: string, opts: ExtractIndicatorsOptions = {}): Indicator[] {
  return sortIndicators(withTable(text, opts, (table, wl) => buildIndicators(text, table, wl, opts.dropBenign === true)));
}

/**
 * The first `limit` indicators extractIndicators would return (same objects, same order) and how many
 * it would return: only those are built (see buildIndicatorsUpTo).
 * @example extractIndicatorsUpTo(strings, 10_000).total
 */
export function extractIndicatorsUpTo(text: string, limit: number, opts: ExtractIndicatorsOptions = {}): { indicators: Indicator[]; total: number } {
  return withTable(text, opts, (table, wl) => buildIndicatorsUpTo(text, table, wl, opts.dropBenign === true, limit));
}

/** Records the whole of `text` into a table, builds from it with `build`, then frees the table. */
function withTable<T>(text: string, opts: ExtractIndicatorsOptions, build: (table: MatchTable, wl: Warninglists | null) => T): T {
  const table = new MatchTable();
  // Room for one occurrence per four code units (an indicator is at least three long, and needs a
  // separator): more than any real text holds, and only the pages written count.
  if (text.length >= RESERVE_FROM) table.reserve(text.length >> 2);
  recordRange(table, text, 0, text.length, opts.types, 1);
  const built = build(table, opts.warninglists === undefined ? loadWarninglists() : opts.warninglists);
  table.release();
  return built;
}

/** The final order of extractIndicators: by first offset, then type (in place; returns `list`). */
export function sortIndicators(list: Indicator[]): Indicator[] {
  return list.sort((a, b) => a.occurrences[0]!.offset - b.occurrences[0]!.offset || (a.type < b.type ? -1 : 1));
}

/** The emit callback that records matches of the wanted types (all when undefined) into `table`. */
function recorder(table: MatchTable, types: readonly IndicatorType[] | undefined): (m: Match) => void {
  if (types === undefined) return (m) => table.add(m);
  const wanted = new Set<IndicatorType>(types);
  return (m) => { if (wanted.has(m.type)) table.add(m); };
}

/** Sets the line numbers (counted from `firstLine` at `from`) and fold marks of occurrences k0… of `table`. */
function setLines(table: MatchTable, text: string, k0: number, from: number, firstLine: number, folds: FoldLines): void {
  // Lines in emission order: nearly sorted (the scanner emits per segment), so lineCounter stays linear.
  const lineOf = lineCounter(text, from, firstLine);
  for (let k = k0; k < table.occurrences; k++) {
    const line = lineOf(table.occStart[k]!);
    table.occLine[k] = line;
    table.occFold[k] = folds.has(line - firstLine) ? 1 : 0;
  }
}

/**
 * Scans text[from, to) into `table` (offsets absolute; look-arounds still see the whole text), keeping
 * only `types` (all when undefined), and sets the new occurrences' line numbers, counted from
 * `firstLine` at `from`, and fold marks. Returns the number of newlines in the range. The parallel
 * path's unit of work: `from` and `to` must come from parallel/split.ts (line starts where the scanner
 * carries no state across), so that recording the chunks in order, or merging their tables in order
 * (parallel/merge.ts), gives the whole text's table.
 */
export function recordRange(table: MatchTable, text: string, from: number, to: number, types: readonly IndicatorType[] | undefined, firstLine: number): number {
  const folds = new FoldLines();
  const k0 = table.occurrences;
  const newlines = scanText(text, recorder(table, types), from, to, folds);
  setLines(table, text, k0, from, firstLine, folds);
  return newlines;
}

/**
 * recordRange for a range starting at `from` whose character pass was done elsewhere: its candidate
 * spans (`spans[0, length)`, as segment.ts SpanRecorder records them) and its fold marks, and
 * optionally their refanged texts and shapes (prepare.ts). The same record as recordRange, without
 * reading the range's characters again.
 */
export function replayRange(table: MatchTable, text: string, from: number, spans: Int32Array, length: number, folds: FoldLines, types: readonly IndicatorType[] | undefined, firstLine: number, prep: PreparedSpans | null = null): void {
  const k0 = table.occurrences;
  replaySpans(text, recorder(table, types), spans, length, prep);
  setLines(table, text, k0, from, firstLine, folds);
}

export { MatchTable } from './collect.js';
export { FoldLines } from './segment.js';
export type { PreparedSpans } from './prepare.js';
export { IndicatorBuilder, buildIndicators, buildIndicatorsUpTo } from './build.js';
export type { Warninglists };

// The output objects of extraction, built from a MatchTable (collect.ts) once the scan is over: one
// Indicator per recorded (type, value), with its occurrences, context snippet and warninglist tags.
import type { Benign, Indicator, Occurrence } from '../../model/indicator.js';
import { checkBenign, type Warninglists } from '../../knowledge/warninglists/index.js';
import { hasBidiControl, isWideSpace } from './chars.js';
import type { MatchTable } from './collect.js';
import { hostOf, lookalikeTags } from './lookalike.js';

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
 * Occurrence k of an indicator whose value is `value`: its raw text shares the value string when
 * written canonically, or `prev` (the indicator's previous raw) when written the same way again. A
 * value repeated throughout a big text (a defanged domain on every line of a log) would otherwise
 * hold one string per occurrence: ~30 bytes each, a third of the result's memory on such text.
 */
function occurrence(text: string, table: MatchTable, k: number, value: string, prev: string): Occurrence {
  const start = table.occStart[k]!, end = table.occEnd[k]!, len = end - start;
  const raw = len === value.length && text.startsWith(value, start) ? value
    : len === prev.length && text.startsWith(prev, start) ? prev : text.slice(start, end);
  return { offset: start, line: table.occLine[k]!, raw };
}

/**
 * Indicator i of `table`: occurrences by offset (a stable sort of emission order), raw and context
 * from the first, tags [benign…, defanged], then the optional unicode and benign fields (this key
 * order is the JSON output's).
 */
function buildIndicator(text: string, table: MatchTable, i: number, benign: Benign | undefined): Indicator {
  const value = table.values[i]!;
  let occurrences: Occurrence[];
  if (table.occCount[i] === 1) occurrences = [occurrence(text, table, table.firstOcc[i]!, value, value)];
  else if (table.occCount[i]! > MAX_OCCURRENCES) return buildLimited(text, table, i, benign);
  else {
    // Sized up front: pushing grew the array by copies, garbage as big as the list itself (a value
    // repeated 50,000 times in a 10 MB line). Usually already in offset order: then not sorted.
    occurrences = new Array<Occurrence>(table.occCount[i]!);
    let firstK = -1, firstOffset = Infinity, prev = value, n = 0, sorted = true, last = -1;
    for (let k = table.firstOcc[i]!; k !== -1; k = table.occNext[k]!) {
      const o = occurrence(text, table, k, value, prev);
      prev = o.raw;
      occurrences[n++] = o;
      if (o.offset < last) sorted = false;
      last = o.offset;
      if (table.occStart[k]! < firstOffset) { firstOffset = table.occStart[k]!; firstK = k; }
    }
    occurrences.length = n;
    if (!sorted) occurrences.sort((a, b) => a.offset - b.offset);
    // The fold mark of the first occurrence by offset (the earliest emitted among equal offsets).
    return finish(text, table, i, value, occurrences, table.occFold[firstK] === 1, benign);
  }
  return finish(text, table, i, value, occurrences, table.occFold[table.firstOcc[i]!] === 1, benign);
}

/**
 * Occurrences listed per indicator: past this, the first ones by offset are listed and
 * `occurrences_total` counts them all. An object per occurrence is ~56 bytes: a 10 MB line of one
 * short indicator (`a.io a.io …`, two million times) held 112 MB of them, 11× its size.
 */
export const MAX_OCCURRENCES = 100_000;

/**
 * buildIndicator for an indicator with more than MAX_OCCURRENCES occurrences: the first ones by offset
 * (ties in emission order, as the stable sort above), ordered on typed arrays: no object is made for
 * an occurrence left out.
 */
function buildLimited(text: string, table: MatchTable, i: number, benign: Benign | undefined): Indicator {
  const value = table.values[i]!;
  const total = table.occCount[i]!;
  // Emission numbers ordered by start, ties in emission order (what the stable sort gives).
  const ks = new Int32Array(total);
  const starts = new Int32Array(total);
  const order = new Int32Array(total);
  let n = 0, sorted = true;
  for (let k = table.firstOcc[i]!; k !== -1; k = table.occNext[k]!) {
    ks[n] = k;
    starts[n] = table.occStart[k]!;
    if (n > 0 && starts[n]! < starts[n - 1]!) sorted = false;
    order[n] = n;
    n++;
  }
  if (!sorted) order.sort((a, b) => starts[a]! - starts[b]! || a - b);
  const occurrences = new Array<Occurrence>(MAX_OCCURRENCES);
  let prev = value;
  for (let j = 0; j < MAX_OCCURRENCES; j++) {
    const o = occurrence(text, table, ks[order[j]!]!, value, prev);
    prev = o.raw;
    occurrences[j] = o;
  }
  const ind = finish(text, table, i, value, occurrences, table.occFold[ks[order[0]!]!] === 1, benign);
  ind.occurrences_total = total;
  return ind;
}

/** The Indicator object of indicator i, given its occurrences sorted by offset and its first one's fold mark. */
function finish(text: string, table: MatchTable, i: number, value: string, occurrences: Occurrence[], foldLine: boolean, benign: Benign | undefined): Indicator {
  const first = occurrences[0]!;
  // The window stays on the first occurrence's line (raw holds no newline): an unmarked line has
  // nothing to fold.
  const context = snippet(text, first.offset, first.offset + first.raw.length, foldLine || first.raw.includes('\n'));
  const defanged = table.defanged[i] === 1;
  const tags: string[] = benign === undefined ? (defanged ? ['defanged'] : [])
    : defanged ? ['benign', `warninglist:${benign.list}`, 'defanged'] : ['benign', `warninglist:${benign.list}`];
  // A name that holds a bidirectional control shows another name than it is: say so.
  if ((table.types[i] === 'filename' || table.types[i] === 'filepath') && hasBidiControl(value)) tags.push('bidi-control');
  const ind: Indicator = { type: table.types[i]!, value, raw: first.raw, defanged, occurrences, context, tags };
  const u = table.unicode.size === 0 ? undefined : table.unicode.get(i);
  if (u !== undefined) {
    ind.unicode = u;
    for (const t of lookalikeTags(hostOf(table.types[i]!, u))) tags.push(t);
  }
  if (benign !== undefined) ind.benign = benign;
  return ind;
}

/**
 * Builds the indicators of a growing MatchTable: each call to {@link IndicatorBuilder.update} builds
 * those recorded since the last call and rebuilds the earlier ones that gained occurrences since (a
 * later chunk can repeat a value). The parallel path builds the calling thread's part this way while
 * workers still scan the rest.
 */
export class IndicatorBuilder {
  private readonly built: (Indicator | null)[] = [];
  private readonly benign: (Benign | undefined)[] = [];
  /** Occurrence count and defanged mark of each indicator when it was built. */
  private counts: Int32Array = new Int32Array(0);
  private marks: Uint8Array = new Uint8Array(0);

  constructor(private readonly text: string, private readonly table: MatchTable, private readonly wl: Warninglists | null, private readonly dropBenign: boolean) {}

  /** Brings the built indicators up to date with the table (lines and fold marks must be set). */
  update(): void {
    const { table, text } = this;
    const prev = this.built.length, n = table.size;
    for (let i = 0; i < prev; i++) {
      if (this.counts[i] === table.occCount[i] && this.marks[i] === table.defanged[i]) continue;
      if (this.built[i] !== null) this.built[i] = buildIndicator(text, table, i, this.benign[i]);
    }
    // The benign checks make garbage: done before the burst of output objects (see collect.ts).
    const wl = this.wl;
    for (let i = prev; i < n; i++) this.benign.push(wl === null ? undefined : checkBenign(table.types[i]!, table.values[i]!, wl));
    for (let i = prev; i < n; i++) {
      const b = this.benign[i];
      this.built.push(b !== undefined && this.dropBenign ? null : buildIndicator(text, table, i, b));
    }
    this.counts = table.occCount.slice(0, n);
    this.marks = table.defanged.slice(0, n);
  }

  /** The indicators built so far, in creation order (benign ones left out when dropping them). */
  result(): Indicator[] {
    const out: Indicator[] = [];
    for (const ind of this.built) if (ind !== null) out.push(ind);
    return out;
  }
}

/**
 * The indicators of `table` in creation order, tagged benign from `wl` (none when null) and without
 * the benign ones when `dropBenign`. Occurrence lines and fold marks must be set.
 */
export function buildIndicators(text: string, table: MatchTable, wl: Warninglists | null, dropBenign: boolean): Indicator[] {
  const b = new IndicatorBuilder(text, table, wl, dropBenign);
  b.update();
  return b.result();
}

/**
 * The first `limit` indicators of `table` in the final order of extraction (sortIndicators: by first
 * offset, then type), built alone: a text with hundreds of thousands of indicators (the strings of a
 * hostile binary) costs its compact table, not an object per indicator. `total` counts them all (benign
 * ones left out when `dropBenign`). Occurrence lines and fold marks must be set.
 * @example const { indicators, total } = buildIndicatorsUpTo(text, table, wl, false, 10_000);
 */
export function buildIndicatorsUpTo(text: string, table: MatchTable, wl: Warninglists | null, dropBenign: boolean, limit: number): { indicators: Indicator[]; total: number } {
  const n = table.size;
  const benign: (Benign | undefined)[] = new Array<Benign | undefined>(n);
  const first = new Float64Array(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    benign[i] = wl === null ? undefined : checkBenign(table.types[i]!, table.values[i]!, wl);
    if (benign[i] !== undefined && dropBenign) continue;
    let min = Infinity;
    for (let k = table.firstOcc[i]!; k !== -1; k = table.occNext[k]!) min = Math.min(min, table.occStart[k]!);
    first[i] = min;
    order.push(i);
  }
  // The comparator of sortIndicators, over indicator numbers in creation order: the same permutation.
  order.sort((a, b) => first[a]! - first[b]! || (table.types[a]! < table.types[b]! ? -1 : 1));
  const indicators: Indicator[] = [];
  for (let j = 0; j < order.length && j < limit; j++) indicators.push(buildIndicator(text, table, order[j]!, benign[order[j]!]));
  return { indicators, total: order.length };
}

/**
 * Indicators in a binary's strings, found by the `extract` engine itself (same types, same rules)
 * and mapped back to file offsets.
 */
import type { Indicator } from '../../model/indicator.js';
import type { FoundString, StringTable } from './string-table.js';
import { lastAtOrBefore } from '../../util/search.js';

/** The text engine: `extractIndicators` from src/extract/indicators, or a wrapper fixing its options. */
export type IndicatorExtractor = (text: string) => Indicator[];

/** An indicator of a file (the model's `FileIocSchema`): occurrences and `file_offsets` in bytes. */
export type FileIndicator = Indicator & { file_offsets: number[] };

/**
 * Runs `extract` once over the strings joined by newlines (no string holds one, so an indicator
 * never spans two strings), then rewrites every occurrence: `offset` becomes the file offset of
 * its first byte and `line` the 1-based number of the string it was found in; `file_offsets`
 * lists the same offsets.
 * @example
 * const { strings } = extractStrings(bytes);
 * stringsIndicators(strings, (t) => extractIndicators(t)); // [{ type: 'url', occurrences: [{ offset: 8120, ... }] }]
 */
export function stringsIndicators(strings: readonly FoundString[], extract: IndicatorExtractor): FileIndicator[] {
  const starts = new Int32Array(strings.length);
  const offsets = new Float64Array(strings.length);
  const wide = new Uint8Array(strings.length);
  let at = 0;
  strings.forEach((s, i) => {
    starts[i] = at;
    offsets[i] = s.offset;
    wide[i] = s.encoding === 'utf16le' ? 1 : 0;
    at += s.value.length + 1;
  });
  return mapIndicators(extract(strings.map((s) => s.value).join('\n')), starts, offsets, wide);
}

/**
 * {@link stringsIndicators} over a {@link StringTable}: the engine runs on the table's joined text
 * as it is (no per-string objects, no join).
 * @example tableIndicators(scanStrings(bytes), (t) => extractIndicators(t));
 */
export function tableIndicators(t: StringTable, extract: IndicatorExtractor): FileIndicator[] {
  return t.count === 0 ? [] : mapIndicators(extract(t.text), t.starts, t.offsets, t.wide);
}

/** The engine with a limit: the first `max` indicators extractIndicators gives, and how many it gives (`extractIndicatorsUpTo`). */
export type LimitedIndicatorExtractor = (text: string, max: number) => { indicators: Indicator[]; total: number };

/**
 * {@link tableIndicators} keeping the first `max` indicators (by first offset); `found` counts them all.
 * @example const { iocs, found } = tableIndicatorsUpTo(scanStrings(bytes), (t, n) => extractIndicatorsUpTo(t, n), 10_000);
 */
export function tableIndicatorsUpTo(t: StringTable, extract: LimitedIndicatorExtractor, max: number): { iocs: FileIndicator[]; found: number } {
  if (t.count === 0) return { iocs: [], found: 0 };
  const r = extract(t.text, max);
  return { iocs: mapIndicators(r.indicators, t.starts, t.offsets, t.wide), found: r.total };
}

/** Rewrites occurrences found in the joined text to file offsets and 1-based string numbers. */
function mapIndicators(found: Indicator[], starts: Int32Array, offsets: Float64Array, wide: Uint8Array): FileIndicator[] {
  return found.map((ind) => {
    const occurrences = ind.occurrences.map((occ) => {
      const i = lastAtOrBefore(starts, occ.offset);
      return { ...occ, offset: offsets[i]! + (occ.offset - starts[i]!) * (wide[i] === 1 ? 2 : 1), line: i + 1 };
    });
    return { ...ind, occurrences, file_offsets: occurrences.map((o) => o.offset) };
  });
}

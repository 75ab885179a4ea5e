/**
 * Indicators in a binary's strings, found by the `extract` engine itself (same types, same rules)
 * and mapped back to file offsets.
 */
import type { Indicator } from '../../model/indicator.js';
import type { FoundString } from './extract-strings.js';

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
  const starts = new Array<number>(strings.length);
  let at = 0;
  strings.forEach((s, i) => {
    starts[i] = at;
    at += s.value.length + 1;
  });
  const text = strings.map((s) => s.value).join('\n');
  return extract(text).map((ind) => {
    const occurrences = ind.occurrences.map((occ) => {
      const i = stringIndexAt(starts, occ.offset);
      const s = strings[i]!;
      const width = s.encoding === 'utf16le' ? 2 : 1;
      return { ...occ, offset: s.offset + (occ.offset - starts[i]!) * width, line: i + 1 };
    });
    return { ...ind, occurrences, file_offsets: occurrences.map((o) => o.offset) };
  });
}

/** Index of the last string starting at or before `offset` (binary search over ascending starts). */
function stringIndexAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

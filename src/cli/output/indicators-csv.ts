import type { Indicator } from '../../model/indicator.js';
import { toCsv } from './csv.js';

/** CSV columns of the indicator table (`--csv`); lists inside a cell are `;`-separated. */
export const INDICATOR_CSV_COLUMNS = ['type', 'value', 'raw', 'defanged', 'benign', 'benign_list', 'benign_reason', 'first_line', 'first_offset', 'occurrences', 'lines', 'tags', 'context'] as const;

/** One CSV row per indicator, with a header row. */
export function indicatorsToCsv(indicators: readonly Indicator[]): string {
  return toCsv(
    INDICATOR_CSV_COLUMNS,
    indicators.map((i) => [
      i.type,
      i.value,
      i.raw,
      i.defanged,
      i.benign !== undefined,
      i.benign?.list,
      i.benign?.reason,
      i.occurrences[0]?.line,
      i.occurrences[0]?.offset,
      i.occurrences.length,
      [...new Set(i.occurrences.map((o) => o.line))].join(';'),
      i.tags.join(';'),
      i.context,
    ]),
  );
}

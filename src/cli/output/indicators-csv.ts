import type { Indicator } from '../../model/indicator.js';
import { csvChunks, type CsvCell } from './csv.js';

/** CSV columns of the indicator table (`--csv`); lists inside a cell are `;`-separated. */
export const INDICATOR_CSV_COLUMNS = ['type', 'value', 'raw', 'defanged', 'benign', 'benign_list', 'benign_reason', 'first_line', 'first_offset', 'occurrences', 'lines', 'tags', 'context'] as const;

/** One CSV row per indicator, with a header row, in pieces (a feed of 400k indicators made one 200 MB string). */
export function indicatorsToCsv(indicators: readonly Indicator[]): Iterable<string> {
  return csvChunks(INDICATOR_CSV_COLUMNS, rows(indicators));
}

function* rows(indicators: readonly Indicator[]): Generator<CsvCell[]> {
  for (const i of indicators) {
    yield [
      i.type,
      i.value,
      i.raw,
      i.defanged,
      i.benign !== undefined,
      i.benign?.list,
      i.benign?.reason,
      i.occurrences[0]?.line,
      i.occurrences[0]?.offset,
      i.occurrences_total ?? i.occurrences.length,
      [...new Set(i.occurrences.map((o) => o.line))].join(';'),
      i.tags.join(';'),
      i.context,
    ];
  }
}

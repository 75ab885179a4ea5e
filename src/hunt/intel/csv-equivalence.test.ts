import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../model/diagnostic.js';
import { splitCsv } from '../logs/detect.js';
import type { IntelIndicator } from '../types.js';
import { canonicalize, huntTypeOf } from './canonical.js';
import { classifyToken } from './classify.js';
import { countUnread, csvWarnings, loadCsv } from './list.js';

const VALUE_COLUMNS = ['indicator', 'ioc', 'observable', 'indicator_value', 'value', 'ioc_value', 'data'];
const TYPE_COLUMNS = ['type', 'indicator_type', 'ioc_type', 'kind'];

/** loadCsv as it was before rows were walked in place (every line split, every row split into cells): the reference. */
function loadCsvReference(text: string, source: string): { indicators: IntelIndicator[]; warnings: Diagnostic[] } {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const header = splitCsv(lines[0] ?? '').map((c) => c.trim().toLowerCase());
  let col = VALUE_COLUMNS.map((n) => header.indexOf(n)).find((i) => i !== -1) ?? 0;
  if (col < 0) col = 0;
  const typeCol = TYPE_COLUMNS.map((n) => header.indexOf(n)).find((i) => i !== -1 && i !== col) ?? -1;
  const indicators: IntelIndicator[] = [];
  let bad = 0;
  const notSwept = new Map<string, number>();
  for (const line of lines.slice(1)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cells = splitCsv(line);
    const raw = (cells[col] ?? '').trim();
    const t = typeCol === -1 ? null : huntTypeOf(cells[typeCol] ?? '');
    const c = t && t !== 'any' ? canonicalize(t, raw) ?? classifyToken(raw) : classifyToken(raw);
    if (c) indicators.push({ type: c.type, value: c.value, raw, source, source_title: source });
    else if (raw !== '' && !countUnread(cells[typeCol] ?? '', t, notSwept)) bad++;
  }
  const warnings: Diagnostic[] = csvWarnings(source, header[col] ?? String(col), bad, notSwept);
  return { indicators, warnings };
}

/** A small deterministic generator (xorshift) of feed rows mixing every shape a CSV row can take. */
function feedRows(seed: number, n: number, order: (v: string, t: string) => string): string[] {
  let x = seed;
  const next = (k: number): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % k;
  };
  const values = ['evil-site.net', 'EVIL-Site.NET.', 'bad[.]host[.]org', 'hxxp://x.example[.]com/a?b=1', '45.86.12.34', '45.86.12[.]34', '10.0.0.0/8', '2001:db8::7', 'a@b.example',
    '444D0EC025D056270F20E23E802B6082', 'd41d8cd98f00b204e9800998ecf8427e', 'C:\\Windows\\x.dll', 'x.dll', '', '  ', 'not an indicator', 'ünïcode.example', 'a,b'];
  const types = ['domain', 'ip', 'url', 'md5', 'email', 'filename', 'filepath', 'Domain', 'ip-dst', 'bogus', '', 'sha-256'];
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[next(values.length)] as string;
    const t = types[next(types.length)] as string;
    const shape = next(10);
    const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
    if (shape === 0) rows.push(order(q(v), t));
    else if (shape === 1) rows.push(`${order(v, q(t))},extra`);
    else if (shape === 2) rows.push(`${v}`);
    else if (shape === 3) rows.push(`# comment ${v}`);
    else if (shape === 4) rows.push('');
    else if (shape === 5) rows.push(`${order(` ${v} `, ` ${t} `)}\r`);
    else if (shape === 6) rows.push(`${order(v, t)},"quoted, with comma"`);
    else rows.push(order(v, t));
  }
  return rows;
}

describe('loadCsv walks rows in place with the same results as splitting them', () => {
  const vt = (v: string, t: string): string => `${v},${t}`;
  const headers: [string, (v: string, t: string) => string][] = [
    ['indicator,type', vt], ['ioc,kind,note', vt], ['first,second', vt], ['note,value,ioc_type', (v, t) => `n,${v},${t}`],
    ['"ioc","type"', vt], ['type,indicator\r', (v, t) => `${t},${v}`], ['value', vt],
  ];
  for (const [header, order] of headers) {
    it(`header ${JSON.stringify(header)}`, () => {
      for (let seed = 1; seed <= 8; seed++) {
        const rows = feedRows(seed * 7919, 300, order);
        for (const text of [`${header}\n${rows.join('\n')}`, `${header}\n${rows.join('\n')}\n`, `${header}\r\n${rows.join('\r\n')}\r\n`]) {
          const got = loadCsv(text, 'f.csv', classifyToken);
          const want = loadCsvReference(text, 'f.csv');
          expect(got.indicators).toEqual(want.indicators);
          expect(got.warnings).toEqual(want.warnings);
          expect(got.indicators.length).toBeGreaterThan(0);
        }
      }
    });
  }

  it('reads a quoted cell with line breaks as one row, and a stray quote as its line alone', () => {
    const rows = ['value,comment', 'evil-c2.net,"seen twice,', 'see ""ticket', '42"""', '45.86.12.34,x', '"stray.example-bad.com,oops'];
    const text = `${rows.join('\r\n')}\r\n${Array.from({ length: 70 }, (_, k) => `host${k}.evil-c2.net,ok`).join('\n')}`;
    const got = loadCsv(text, 'm.csv', classifyToken);
    expect(got.indicators.slice(0, 2).map((i) => i.value)).toEqual(['evil-c2.net', '45.86.12.34']);
    // The stray-quote row is read alone and gives nothing; the 70 rows after it are all read.
    expect(got.indicators).toHaveLength(72);
    expect(got.warnings).toEqual([{ code: 'csv-unreadable', message: "m.csv: 1 row(s) hold no indicator in column 'value'" }]);
  });

  it('header-only and empty texts', () => {
    for (const text of ['', 'indicator', 'indicator\n', '\n', 'indicator\r\n\r\n', 'ioc,type\nevil-site.net,domain']) {
      expect(loadCsv(text, 'e.csv', classifyToken)).toEqual({ title: 'e.csv', ...loadCsvReference(text, 'e.csv') });
    }
  });
});

/**
 * Log format detection by content (never by file name): the first lines decide. Each format says how
 * the scanner reads it (JSON escapes, an extra URL delimiter) and how a hit's `field` is named.
 */

export const LOG_FORMATS = ['zeek-tsv', 'json', 'csv', 'squid', 'access', 'dns', 'syslog', 'text'] as const;
export type LogFormatName = (typeof LOG_FORMATS)[number];

export interface LogFormat {
  name: LogFormatName;
  /** Column names (Zeek `#fields`, CSV header, fixed access-log fields). */
  fields: string[];
  /** Field separator for `fields` (tab, comma, or space with quoting for access logs). */
  separator: 'tab' | 'comma' | 'space' | 'none';
  /** JSON text: `\/` and `\\` are escapes. */
  json: boolean;
  /** A byte that also ends URLs (`,` in CSV), or -1. */
  urlDelimiter: number;
}

const SQUID_FIELDS = ['time', 'elapsed', 'client', 'result', 'bytes', 'method', 'url', 'user', 'hierarchy', 'type'];
const ACCESS_FIELDS = ['client', 'ident', 'user', 'time', 'request', 'status', 'bytes', 'referrer', 'user_agent'];

// All anchored, no nested quantifiers over overlapping classes: linear on the bounded head lines.
const SQUID_RE = /^\d{9,10}\.\d{3}\s+\d+\s+\S+\s+[A-Z_]+\/\d{3}\s/;
const ACCESS_RE = /^\S+ \S+ \S+ \[[^\]\n]{10,40}\] "/;
const DNS_RE = /(query\[[A-Z0-9]+\] |client [^ ]+ \(?[^ ]*\)?:? ?query: |queries: )/;
const SYSLOG_RE = /^(<\d{1,3}>\d? ?)?([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d |\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)/;

function make(name: LogFormatName, fields: string[] = [], separator: LogFormat['separator'] = 'none'): LogFormat {
  return { name, fields, separator, json: name === 'json', urlDelimiter: name === 'csv' ? 0x2c : -1 };
}

/** Splits a CSV line into cells (RFC 4180 quoting). */
export function splitCsv(line: string): string[] {
  // Without a quote there is no escaping: the cells are the comma-separated pieces (a feed's usual row).
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Names the format of a log from its first bytes (up to 64 KiB are enough). */
export function detectFormat(head: Buffer): LogFormat {
  const text = head.subarray(0, 65536).toString('utf8');
  const lines = text.split('\n', 12).map((l) => l.replace(/\r$/, ''));
  if (text.endsWith('\n') === false && lines.length > 1 && head.length >= 65536) lines.pop();
  const body = lines.filter((l) => l.trim() !== '');
  const fieldsLine = body.find((l) => l.startsWith('#fields'));
  if (fieldsLine || body[0]?.startsWith('#separator')) {
    return make('zeek-tsv', fieldsLine ? fieldsLine.split('\t').slice(1) : [], 'tab');
  }
  const first = body[0] ?? '';
  if (/^\s*(\[\s*)?\{/.test(first)) return make('json');
  if (SQUID_RE.test(first)) return make('squid', SQUID_FIELDS, 'space');
  if (ACCESS_RE.test(first)) return make('access', ACCESS_FIELDS, 'space');
  if (body.slice(0, 5).some((l) => DNS_RE.test(l))) return make('dns');
  if (SYSLOG_RE.test(first)) return make('syslog');
  if (isCsv(body)) return make('csv', splitCsv(first).map((h) => h.trim()), 'comma');
  return make('text');
}

function isCsv(body: string[]): boolean {
  if (body.length < 2) return false;
  const header = splitCsv(body[0] as string);
  if (header.length < 2 || header.some((h) => h.trim() === '' || h.length > 64 || /[\t{}]/.test(h))) return false;
  return body.slice(1, 6).every((l) => splitCsv(l).length === header.length);
}

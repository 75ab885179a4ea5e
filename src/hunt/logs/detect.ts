import { csvRowEnd } from './csv-rows.js';

/**
 * Log format detection by content (never by file name): the first lines decide. Each format says how
 * the scanner reads it (JSON escapes, an extra URL delimiter) and how a hit's `field` is named.
 */

export const LOG_FORMATS = ['zeek-tsv', 'w3c', 'json', 'evtx', 'journal', 'utmp', 'regf', 'csv', 'squid', 'access', 'dns', 'syslog', 'text'] as const;
export type LogFormatName = (typeof LOG_FORMATS)[number];

export interface LogFormat {
  name: LogFormatName;
  /** Column names (Zeek `#fields`, W3C `#Fields:`, CSV header, fixed access-log fields). */
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
  return { name, fields, separator, json: name === 'json' || name === 'evtx' || name === 'journal' || name === 'utmp' || name === 'regf', urlDelimiter: name === 'csv' ? 0x2c : -1 };
}

/** Plain text (a binary's strings, see binary-strings.ts). */
export function textFormat(): LogFormat {
  return make('text');
}

/** A Windows event log, systemd journal or login-record file, read as the JSON lines of its records (binary-logs.ts). */
export function binaryLogFormat(name: 'evtx' | 'journal' | 'utmp' | 'regf'): LogFormat {
  return make(name);
}

/** The column names of a W3C `#Fields: date time c-ip …` directive. */
export function w3cFields(line: string): string[] {
  return line.slice('#Fields:'.length).trim().split(/ +/).filter((f) => f !== '');
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
  const cut = text.endsWith('\n') === false && head.length >= 65536;
  if (cut && lines.length > 1) lines.pop();
  const body = lines.filter((l) => l.trim() !== '');
  const fieldsLine = body.find((l) => l.startsWith('#fields'));
  if (fieldsLine || body[0]?.startsWith('#separator')) {
    return make('zeek-tsv', fieldsLine ? fieldsLine.split('\t').slice(1) : [], 'tab');
  }
  const first = body[0] ?? '';
  // W3C extended log format (IIS, Windows Firewall, Exchange): `#Software:`, `#Version:`, `#Date:`
  // directives, then `#Fields:` naming the space-separated columns (values hold no spaces: IIS writes `+`).
  if (/^#(Software|Version|Date|Fields): /.test(first)) {
    const fields = body.find((l) => l.startsWith('#Fields: '));
    if (fields !== undefined) return make('w3c', w3cFields(fields), 'space');
  }
  if (/^\s*(\[\s*)?\{/.test(first)) return make('json');
  if (SQUID_RE.test(first)) return make('squid', SQUID_FIELDS, 'space');
  if (ACCESS_RE.test(first)) return make('access', ACCESS_FIELDS, 'space');
  if (body.slice(0, 5).some((l) => DNS_RE.test(l))) return make('dns');
  if (SYSLOG_RE.test(first)) return make('syslog');
  if (isCsv(body, text, cut)) return make('csv', splitCsv(first).map((h) => h.trim()), 'comma');
  return make('text');
}

/**
 * A header of plain names and rows with as many cells. The first rows' lines are checked; when one
 * falls short, rows are read as rows (a quoted cell may span lines: an event log's message), and the
 * same check is made on the first rows, not lines, of the head.
 */
function isCsv(body: string[], text: string, cut: boolean): boolean {
  if (body.length < 2) return false;
  const header = splitCsv(body[0] as string);
  if (header.length < 2 || header.some((h) => h.trim() === '' || h.length > 64 || /[\t{}]/.test(h))) return false;
  if (body.slice(1, 6).every((l) => splitCsv(l).length === header.length)) return true;
  return rowsFit(text, header.length, cut);
}

/**
 * True when the first rows (up to 5) after the header line of `text` each have `cells` cells, or all
 * one more (Event Viewer's "Save as CSV" writes its message in a column its header does not name),
 * rows spanning lines as the log sweep reads them. `cut`: `text` is a head cut short, so a row still
 * open at its end is not judged (the rows before it decide; there must be one).
 */
function rowsFit(text: string, cells: number, cut: boolean): boolean {
  let s = nextLine(text, skipBlank(text, 0));
  let rows = 0;
  let seen = -1;
  for (s = skipBlank(text, s); rows < 5 && s < text.length; s = skipBlank(text, s)) {
    const e0 = text.indexOf('\n', s);
    const e = e0 === -1 ? text.length : e0;
    let end = csvRowEnd(text, s, e);
    if (end === -1) {
      if (cut) break;
      end = e;
    }
    const row = text.slice(s, end > s && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    const n = splitCsv(row).length;
    if ((n !== cells && n !== cells + 1) || (seen !== -1 && n !== seen)) return false;
    seen = n;
    rows++;
    s = end + 1;
  }
  // One extra column is trusted only when two rows or more show it.
  return rows > 0 && (seen === cells || rows >= 2);
}

/** The start of the first line at or after line start `s` that is not blank (as `l.trim() === ''`). */
function skipBlank(text: string, s: number): number {
  while (s < text.length) {
    const n = nextLine(text, s);
    if (text.slice(s, n).trim() !== '') return s;
    s = n;
  }
  return s;
}

/** The start of the line after the one that starts at `s` (the text's length when there is none). */
function nextLine(text: string, s: number): number {
  const n = text.indexOf('\n', s);
  return n === -1 ? text.length : n + 1;
}

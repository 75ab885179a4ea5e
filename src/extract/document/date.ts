import { MONTH_ALTERNATION, MONTH_NUMBER } from './months.js';

/** A publication date as read from the document. */
export interface DateReading {
  /** ISO 8601 `YYYY-MM-DD`. */
  published: string;
  /** True when a numeric date could be read day-first or month-first and a convention decided. */
  ambiguous: boolean;
  note?: string;
}

/** What decides day-first vs month-first: the document language (`it`, `en-US`) and where it came from. */
export interface DateHints {
  lang?: string | null | undefined;
  source?: string | undefined;
}

// Each pattern is a fixed sequence of bounded pieces (no nested quantifiers): linear on any input.
const ISO = /\b(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])/;
const YEAR_FIRST = /\b(\d{4})([./])(\d{1,2})\2(\d{1,2})(?![\d])/;
const NUMERIC = /\b(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d./-]?\d)/;
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|er|º|°)?\\.?\\s{1,3}(?:de\\s)?(${MONTH_ALTERNATION})\\.?,?\\s{1,3}(?:de\\s)?(\\d{4})\\b`, 'iu');
const MONTH_DAY = new RegExp(`(?<![\\p{L}])(${MONTH_ALTERNATION})\\.?\\s{1,3}(\\d{1,2})(?:st|nd|rd|th)?,?\\s{1,3}(\\d{4})\\b`, 'iu');

/** ccTLDs of places that write numeric dates month-first; other country TLDs are taken as day-first. */
const MONTH_FIRST_TLDS = new Set(['us', 'gov', 'mil', 'ph', 'fm', 'pw']);
const MONTH_FIRST_REGIONS = new Set(['US', 'PH', 'FM', 'MH', 'PW', 'BZ']);
const GENERIC_TLDS = new Set(['com', 'net', 'org', 'io', 'info', 'blog', 'co', 'ai', 'dev', 'app', 'tech', 'security', 'cloud', 'xyz']);

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(y: number, m: number, d: number): string | null {
  if (y < 1980 || y > 2100 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n >= 70 ? 1900 + n : 2000 + n) : n;
}

function tldOf(source: string | undefined): string | null {
  if (!source || !/^https?:\/\//i.test(source)) return null;
  const host = /^https?:\/\/([^/:?#]+)/i.exec(source)?.[1]?.toLowerCase() ?? '';
  const tld = host.slice(host.lastIndexOf('.') + 1);
  return tld === '' || /^\d+$/.test(tld) ? null : tld;
}

/**
 * Decides day-first vs month-first for an ambiguous numeric date, and says why.
 * @example dayFirstConvention('/', { lang: 'en', source: 'https://www.ncsc.gov.uk/x' }) // { dayFirst: true, why: 'site domain .uk' }
 */
export function dayFirstConvention(separator: string, hints: DateHints): { dayFirst: boolean; why: string } {
  if (separator === '.') return { dayFirst: true, why: 'dot-separated dates are written day-first' };
  const [primary = '', region] = (hints.lang ?? '').split(/[-_]/);
  const lang = primary.toLowerCase();
  if (lang !== '' && region) {
    const r = region.toUpperCase();
    return { dayFirst: !MONTH_FIRST_REGIONS.has(r), why: `language ${lang}-${r}` };
  }
  const tld = tldOf(hints.source);
  if (tld && !GENERIC_TLDS.has(tld)) return { dayFirst: !MONTH_FIRST_TLDS.has(tld), why: `site domain .${tld}` };
  if (lang === 'en') return { dayFirst: false, why: 'English without a region, read as US month-first' };
  if (lang !== '') return { dayFirst: true, why: `language ${lang}` };
  return { dayFirst: true, why: 'no language or site convention, read day-first as most of the world writes it' };
}

function numericReading(a: number, b: number, year: number, sep: string, raw: string, hints: DateHints): DateReading | null {
  const dayFirst = iso(year, b, a);
  const monthFirst = iso(year, a, b);
  if (!dayFirst && !monthFirst) return null;
  if (!dayFirst || !monthFirst || a === b) return { published: (dayFirst ?? monthFirst)!, ambiguous: false };
  const conv = dayFirstConvention(sep, hints);
  const chosen = conv.dayFirst ? dayFirst : monthFirst;
  return { published: chosen, ambiguous: true, note: `"${raw}" can be read day-first (${dayFirst}) or month-first (${monthFirst}); read ${conv.dayFirst ? 'day' : 'month'}-first: ${conv.why}` };
}

interface Found {
  index: number;
  reading: DateReading | null;
}

/**
 * What the patterns need: ISO, YEAR_FIRST, DAY_MONTH and MONTH_DAY each need four digits in a row;
 * NUMERIC needs a digit, one of `./-` and a digit. A pattern whose need is missing cannot match, so
 * it is not run (most lines and snippets have neither shape). Two native tests.
 */
function shapes(s: string): { fourDigits: boolean; numeric: boolean } {
  return { fourDigits: FOUR_DIGITS.test(s), numeric: NUMERIC_SHAPE.test(s) };
}

const FOUR_DIGITS = /\d{4}/;
const NUMERIC_SHAPE = /\d[./-]\d/;

function tryAll(s: string, hints: DateHints): Found[] {
  const out: Found[] = [];
  const { fourDigits, numeric } = shapes(s);
  let m = fourDigits ? ISO.exec(s) : null;
  if (m) out.push({ index: m.index, reading: wrap(iso(Number(m[1]), Number(m[2]), Number(m[3]))) });
  m = fourDigits ? YEAR_FIRST.exec(s) : null;
  if (m) out.push({ index: m.index, reading: wrap(iso(Number(m[1]), Number(m[3]), Number(m[4]))) });
  m = numeric ? NUMERIC.exec(s) : null;
  if (m) out.push({ index: m.index, reading: numericReading(Number(m[1]), Number(m[3]), fullYear(m[4]!), m[2]!, m[0], hints) });
  m = fourDigits ? DAY_MONTH.exec(s) : null;
  if (m) out.push({ index: m.index, reading: wrap(iso(Number(m[3]), MONTH_NUMBER.get(m[2]!.toLowerCase()) ?? 0, Number(m[1]))) });
  m = fourDigits ? MONTH_DAY.exec(s) : null;
  if (m) out.push({ index: m.index, reading: wrap(iso(Number(m[3]), MONTH_NUMBER.get(m[1]!.toLowerCase()) ?? 0, Number(m[2]))) });
  return out;
}

function wrap(published: string | null): DateReading | null {
  return published === null ? null : { published, ambiguous: false };
}


/**
 * The first valid date written in `s` (ISO, `12 March 2025`, `March 12, 2025`, `12 marzo 2025`,
 * `12/03/2025`, `12.03.2025`, `2025/03/12`), with its offset; null when there is none.
 * @example findDate('Posted 04/05/2025', { lang: 'it' }) // { published: '2025-05-04', ambiguous: true, note: …, index: 7 }
 */
export function findDate(s: string, hints: DateHints = {}): (DateReading & { index: number }) | null {
  const bounded = s.length > 4000 ? s.slice(0, 4000) : s;
  let best: (DateReading & { index: number }) | null = null;
  for (const f of tryAll(bounded, hints)) {
    if (f.reading && (best === null || f.index < best.index)) best = { ...f.reading, index: f.index };
  }
  return best;
}

import type { DocumentMeta } from '../../model/entity.js';
import { findDate, type DateHints, type DateReading } from './date.js';
import { readHtmlMeta } from './html-meta.js';
import { detectLanguage } from './language.js';
import { titleFromText } from './title.js';

export { findDate, dayFirstConvention } from './date.js';
export type { DateHints, DateReading } from './date.js';
export { detectLanguage } from './language.js';
export { titleFromText } from './title.js';

export interface DocumentMetaOptions {
  /** Where the text came from: a path, a URL or `-`. */
  source: string;
  /** A title already known (e.g. from Readability); wins over anything found in the text. */
  title?: string;
  /** The original HTML, when the text was extracted from a page (for `<title>`, meta tags, `<time>`). */
  html?: string;
  /** A declared language (`it`, `en-US`, `de-AT`), e.g. from `<html lang>` or a header. */
  lang?: string;
  /** A date the source declares about itself (an e-mail's Date header): used when the text gives none. */
  published?: string;
}

/** Phrases that introduce a publication date, in the languages reports come in. */
const CUE = /\b(?:published|posted|date|released|pubblicato|data|veröffentlicht|datum|publié|publicado|publicada|gepubliceerd)(?![\p{L}])(?:\s{1,3}(?:on|il|am|le|el|em|op|at))?\s{0,3}[:\-–—]?\s{0,3}/giu;
/** How much of the start of a text is searched for a cue and for a dateline. */
const HEAD = 6000;
const DATELINE_LINES = 15;

/** CUE anchored (sticky), run only where `cueMayStart` lets a cue word begin. */
const CUE_AT = new RegExp(CUE.source, 'iuy');

/**
 * Whether a CUE match may start at i: every cue word starts with p/d/r/v/g followed by u/o, a, e or
 * e/ö (no other character case-folds to those), after a non-word character (`\b`). A necessary test
 * only (the regex decides): it lets the scan skip the regex at nearly every position.
 */
function cueMayStart(head: string, i: number): boolean {
  const c = head.charCodeAt(i) | 32;
  if (c !== 112 && c !== 100 && c !== 114 && c !== 118 && c !== 103) return false;
  const p = i > 0 ? head.charCodeAt(i - 1) : 32;
  if ((p >= 48 && p <= 57) || (p >= 65 && p <= 90) || (p >= 97 && p <= 122) || p === 95) return false;
  const d = head.charCodeAt(i + 1);
  const l = d | 32;
  if (c === 112) return l === 117 || l === 111; // pu…, po…
  if (c === 100) return l === 97; // da…
  if (c === 118) return l === 101 || d === 0xf6 || d === 0xd6; // ve…, vö…
  return l === 101; // re…, ge…
}

/**
 * Where a cue word may begin: the first two letters of one, not right after an ASCII word character
 * (the regex's `\b` would fail there). Found by the native regex engine, then checked by cueMayStart.
 */
const CUE_PREFIX = /(?<![A-Za-z0-9_])(?:pu|po|da|re|ve|vö|ge)/giu;

/** The first CUE match at or after `from` (same as CUE.exec from lastIndex `from`), or null. */
function nextCue(head: string, from: number): RegExpExecArray | null {
  CUE_PREFIX.lastIndex = from;
  for (let p = CUE_PREFIX.exec(head); p; p = CUE_PREFIX.exec(head)) {
    if (!cueMayStart(head, p.index)) continue;
    CUE_AT.lastIndex = p.index;
    const m = CUE_AT.exec(head);
    if (m) return m;
  }
  return null;
}

function dateFromCue(head: string, hints: DateHints): DateReading | null {
  for (let m = nextCue(head, 0); m; m = nextCue(head, CUE_AT.lastIndex)) {
    const after = head.slice(CUE_AT.lastIndex, CUE_AT.lastIndex + 60);
    const d = findDate(after, hints);
    if (d && d.index <= 12) return strip(d);
  }
  return null;
}

/** A date opening one of the first lines, or standing alone on it ("Rome, 12 March 2025 —", "March 12, 2025"). */
function dateFromDateline(head: string, hints: DateHints): DateReading | null {
  const lines = head.split('\n', DATELINE_LINES * 3).filter((l) => l.trim() !== '').slice(0, DATELINE_LINES);
  for (const line of lines) {
    const d = findDate(line.slice(0, 200), hints);
    if (d && isDateline(line, d.index)) return strip(d);
  }
  return null;
}

/**
 * A date at the start of a line (after markup or a "Place," prefix), or on a short line that is not a
 * sentence ("By J. Doe | March 12, 2025"). "The intrusion began on 3 January 2025." is neither.
 */
function isDateline(line: string, index: number): boolean {
  const prefix = line.slice(0, index).trim();
  if (/^[*_>#|\s-]*$/.test(prefix) || /^\p{Lu}[\p{L} .'-]{0,30},$/u.test(prefix)) return true;
  const t = line.trim();
  return t.length <= 60 && !/[.!?]$/.test(t);
}

function strip(d: DateReading & { index?: number }): DateReading {
  const { index: _index, ...rest } = d;
  return rest;
}

function dateFromHtml(dates: string[], hints: DateHints): DateReading | null {
  for (const raw of dates) {
    const d = findDate(raw, hints);
    if (d) return strip(d);
  }
  return null;
}

/**
 * Report metadata: title (given title, HTML og:title/`<title>`, first Markdown heading or first short
 * line), publication date (HTML meta/`<time>`/JSON-LD, a "Published on …" cue, or a dateline; ambiguous
 * numeric dates resolved by language or site convention and flagged), language (ISO 639-1 via franc; null
 * for short texts) and source.
 *
 * @example
 * documentMeta('# KeyPlug returns\n\nPublished on 12 March 2025. …', { source: 'report.md' })
 * // → { title: 'KeyPlug returns', published: '2025-03-12', published_ambiguous: false, language: …, source: 'report.md' }
 */
export function documentMeta(text: string, opts: DocumentMetaOptions): DocumentMeta {
  const html = opts.html ? readHtmlMeta(opts.html) : null;
  const language = detectLanguage(text);
  const hints: DateHints = { lang: opts.lang ?? html?.lang ?? language, source: opts.source };
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  const date = (html ? dateFromHtml(html.dates, hints) : null) ?? dateFromCue(head, hints) ?? dateFromDateline(head, hints) ?? (opts.published ? dateFromHtml([opts.published], hints) : null);
  const title = opts.title?.trim() || html?.ogTitle || (html?.title ? withoutSiteName(html.title) : null) || titleFromText(text);
  const meta: DocumentMeta = {
    title: title || null,
    published: date?.published ?? null,
    published_ambiguous: date?.ambiguous ?? false,
    language: language ?? declaredLanguage(opts.lang ?? html?.lang ?? null),
    source: opts.source,
  };
  if (date?.note) meta.published_note = date.note;
  return meta;
}

/**
 * Page titles often end with the site's name; this drops it.
 * @example withoutSiteName('KeyPlug returns | Threat Research Desk') // 'KeyPlug returns'
 */
export function withoutSiteName(title: string): string {
  const m = /^(.{10,}?)\s[|–—-]\s([^|–—]{1,40})$/.exec(title);
  return m ? m[1]!.trim() : title;
}

/** `it-IT` → `it` when detection had too little text to go on but the document declared its language. */
function declaredLanguage(lang: string | null): string | null {
  const primary = lang?.split(/[-_]/)[0]?.toLowerCase();
  return primary && /^[a-z]{2}$/.test(primary) ? primary : null;
}

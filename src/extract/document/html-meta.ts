/**
 * The few head facts `documentMeta` needs from HTML: title, og:title, publication-time meta tags,
 * `<time datetime>`, JSON-LD `datePublished` and `<html lang>`. A bounded linear scan over the first
 * MAX_HTML characters instead of a DOM parse: the body was already turned into text upstream, and this
 * must stay cheap and safe on hostile markup.
 */
const MAX_HTML = 300_000;
const MAX_TAGS = 2000;

export interface HtmlMeta {
  title: string | null;
  ogTitle: string | null;
  /** Candidate publication timestamps in priority order (meta tags, then JSON-LD, then `<time>`). */
  dates: string[];
  lang: string | null;
}

const DATE_META = ['article:published_time', 'og:published_time', 'datepublished', 'date', 'pubdate', 'publishdate', 'publish-date', 'dc.date', 'dc.date.issued', 'dcterms.created', 'sailthru.date', 'parsely-pub-date'];

const ATTR = /([a-zA-Z_:.-]{1,40})\s{0,5}=\s{0,5}(?:"([^"]{0,2000})"|'([^']{0,2000})'|([^\s"'>]{1,2000}))/g;

/** Decodes the character references that show up in titles. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos|nbsp|#39);/gi, (all, e: string) => {
    const k = e.toLowerCase();
    if (k.startsWith('#x')) return safeChar(parseInt(k.slice(2), 16), all);
    if (k.startsWith('#')) return safeChar(parseInt(k.slice(1), 10), all);
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[k] ?? all;
  });
}

function safeChar(code: number, fallback: string): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

function attrs(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(tag); m; m = ATTR.exec(tag)) out.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  return out;
}

function clean(s: string): string | null {
  const t = decodeEntities(s).replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

/** Reads the head facts of an HTML document. */
export function readHtmlMeta(input: string): HtmlMeta {
  const html = input.length > MAX_HTML ? input.slice(0, MAX_HTML) : input;
  const lower = html.toLowerCase();
  const meta: HtmlMeta = { title: null, ogTitle: null, dates: [], lang: null };
  const metaDates: [number, string][] = [];
  const times: string[] = [];
  let pos = 0;
  for (let n = 0; n < MAX_TAGS; n++) {
    const lt = lower.indexOf('<', pos);
    if (lt === -1) break;
    const gt = lower.indexOf('>', lt);
    if (gt === -1) break;
    pos = gt + 1;
    const name = /^<([a-z]{1,8})[\s>/]/.exec(lower.slice(lt, lt + 10))?.[1];
    if (name === 'html') meta.lang ??= attrs(html.slice(lt, gt)).get('lang') ?? null;
    else if (name === 'title' && meta.title === null) {
      const end = lower.indexOf('</title', gt);
      if (end !== -1) meta.title = clean(html.slice(gt + 1, end));
    } else if (name === 'meta') {
      const a = attrs(html.slice(lt, gt));
      const key = (a.get('property') ?? a.get('name') ?? a.get('itemprop') ?? '').toLowerCase();
      const content = a.get('content');
      if (content === undefined) continue;
      if (key === 'og:title' && meta.ogTitle === null) meta.ogTitle = clean(content);
      const rank = DATE_META.indexOf(key);
      if (rank !== -1) metaDates.push([rank, content]);
    } else if (name === 'time') {
      const dt = attrs(html.slice(lt, gt)).get('datetime');
      if (dt) times.push(dt);
    }
  }
  const jsonLd = /"datePublished"\s{0,5}:\s{0,5}"([^"]{4,40})"/.exec(html)?.[1];
  meta.dates = [...metaDates.sort((x, y) => x[0] - y[0]).map(([, d]) => d), ...(jsonLd ? [jsonLd] : []), ...times];
  return meta;
}

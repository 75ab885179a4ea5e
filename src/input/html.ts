import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Diagnostic } from '../model/diagnostic.js';
import { estimateDepth, stripHtml, titleOf } from './html-strip.js';
import { domToText, type DomNode } from './html-text.js';

export interface HtmlArticle {
  text: string;
  title?: string;
  /** What the page itself declares (Readability's byline, `article:published_time`, `lang`, site name). */
  hints: PageHints;
  warnings: Diagnostic[];
}

/** Metadata the page declares about itself, for the document-metadata stage. */
export interface PageHints {
  byline?: string;
  /** As written in the page (usually ISO 8601 from `article:published_time`). */
  published?: string;
  language?: string;
  site?: string;
}

/**
 * The article body of an HTML page: Readability (over a linkedom DOM) drops navigation, menus,
 * footers, "related posts" and banners. When it finds no article we fall back to the whole body
 * text, minus the obvious page furniture, and say so.
 */
export function htmlToArticle(html: string): HtmlArticle {
  const warnings: Diagnostic[] = [];
  if (html.length > MAX_DOM_CHARS || estimateDepth(html, MAX_DOM_DEPTH) > MAX_DOM_DEPTH) {
    const why = html.length > MAX_DOM_CHARS ? `larger than ${MAX_DOM_CHARS / 1024 / 1024} MiB` : `nested deeper than ${MAX_DOM_DEPTH} levels`;
    warnings.push({ code: 'html-not-parsed', message: `HTML ${why}: article detection skipped, tags stripped instead` });
    const title = titleOf(html);
    return result(withHeader(stripHtml(html), title, undefined), title, {}, warnings);
  }
  const { document } = parseHTML(wrapFragment(html));
  const pageTitle = cleanTitle(document.title);
  const article = parseArticle(document, warnings);
  if (article?.content) {
    const body = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body;
    const text = domToText(body as unknown as DomNode);
    const title = cleanTitle(article.title) ?? pageTitle;
    const hints = pageHints(article);
    if (text.length > 0) return result(withHeader(text, title, hints.byline), title, hints, warnings);
  }
  warnings.push({ code: 'html-no-article', message: 'no article body found in the HTML; using the whole page text' });
  // Readability mutated the DOM it read: the fallback starts from a fresh parse.
  const page = parseHTML(wrapFragment(html)).document;
  for (const el of page.querySelectorAll('nav, header, footer, aside, menu, [role=navigation], [role=banner], [role=contentinfo]')) el.remove();
  const text = domToText((page.body ?? page.documentElement) as unknown as DomNode);
  return result(withHeader(text, pageTitle, undefined), pageTitle, {}, warnings);
}

/**
 * Past these, no DOM is built: linkedom's parse and Readability's recursion (one stack frame per
 * nesting level) degrade badly, and a DOM costs ~75× the page size in memory.
 */
const MAX_DOM_CHARS = 8 * 1024 * 1024;
const MAX_DOM_DEPTH = 400;

type Article = ReturnType<Readability['parse']>;

function parseArticle(document: unknown, warnings: Diagnostic[]): Article {
  try {
    return new Readability(document as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
  } catch (e) {
    warnings.push({ code: 'html-article-failed', message: `article detection failed (${(e as Error).message}); using the whole page text` });
    return null;
  }
}

function result(text: string, title: string | undefined, hints: PageHints, warnings: Diagnostic[]): HtmlArticle {
  return title === undefined ? { text, hints, warnings } : { text, title, hints, warnings };
}

interface ReadabilityMeta {
  byline?: string | null | undefined;
  publishedTime?: string | null | undefined;
  lang?: string | null | undefined;
  siteName?: string | null | undefined;
}

function pageHints(a: ReadabilityMeta): PageHints {
  const h: PageHints = {};
  const set = (k: keyof PageHints, v: string | null | undefined) => {
    const s = cleanTitle(v);
    if (s !== undefined) h[k] = s;
  };
  set('byline', a.byline);
  set('published', a.publishedTime);
  set('language', a.lang);
  set('site', a.siteName);
  return h;
}

/**
 * The title (and the byline, which usually holds the publication date) are kept at the top of the
 * text, since Readability lifts them out of the body: later stages read dates and names from the text.
 */
function withHeader(text: string, title: string | undefined, byline: string | undefined): string {
  const head: string[] = [];
  let body = text;
  if (title !== undefined && text.startsWith(title)) {
    const nl = text.indexOf('\n');
    head.push(nl < 0 ? text : text.slice(0, nl));
    body = nl < 0 ? '' : text.slice(nl).replace(/^\n+/, '');
  } else if (title !== undefined) head.push(title);
  if (byline !== undefined && !text.includes(byline)) head.push(byline);
  return [...head, body].filter((p) => p.length > 0).join('\n\n');
}

function cleanTitle(t: string | null | undefined): string | undefined {
  const s = (t ?? '').replace(/\s+/g, ' ').trim();
  return s.length > 0 ? s : undefined;
}

/** linkedom needs a full document to expose `body`; fragments are wrapped. */
function wrapFragment(html: string): string {
  return /<html[\s>]/i.test(html.slice(0, 4096)) ? html : `<!doctype html><html><body>${html}</body></html>`;
}

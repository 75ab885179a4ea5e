/**
 * A linear, allocation-light HTML → text scanner for pages too large or too deeply nested for a DOM
 * (linkedom's parse and Readability's recursion degrade badly there: a 5 MB page costs ~75× its size
 * in memory). It keeps text, turns block tags into line breaks, drops scripts, styles, comments and
 * page furniture (nav/header/footer/aside), and decodes the common entities. Hand-written because the
 * point is to avoid building a DOM at all.
 */

const BLOCK = new Set(['p', 'div', 'section', 'article', 'main', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'tr', 'pre', 'blockquote', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'hr', 'br', 'title', 'body', 'html']);
/** Elements whose whole content is dropped. */
const DROP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'nav', 'header', 'footer', 'aside', 'menu', 'iframe', 'object']);
/** Void and optionally-closed elements do not nest (HTML §13.1.2.4), so they do not count for depth. */
const NO_NEST = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'p', 'li', 'td', 'th', 'tr', 'dt', 'dd', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'rt', 'rp']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©', reg: '®', middot: '·', laquo: '«', raquo: '»' };

interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  /** Index just past the `>`. */
  end: number;
}

/**
 * Reads the tag starting at `html[i] === '<'`: null when it is not a tag (a lone `<`), EOF when no `>`
 * follows anywhere (so callers stop instead of searching again from every later `<`: quadratic).
 */
function readTag(html: string, i: number): Tag | null | typeof EOF {
  let j = i + 1;
  const closing = html.charCodeAt(j) === 47; // '/'
  if (closing) j++;
  const start = j;
  while (j < html.length && isNameChar(html.charCodeAt(j))) j++;
  if (j === start) return null;
  const name = html.slice(start, j).toLowerCase();
  const gt = html.indexOf('>', j);
  if (gt < 0) return EOF;
  return { name, closing, selfClosing: html.charCodeAt(gt - 1) === 47, end: gt + 1 };
}

const EOF = Symbol('eof');

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45;
}

/**
 * Upper bound of the element nesting depth, stopping early past `limit`: one pass over the tags,
 * without building anything.
 */
export function estimateDepth(html: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
    const t = readTag(html, i);
    if (t === EOF) break;
    if (t === null || NO_NEST.has(t.name) || t.selfClosing) continue;
    depth = t.closing ? Math.max(0, depth - 1) : depth + 1;
    if (depth > max && (max = depth) > limit) return max;
  }
  return max;
}

/**
 * Text of a page without a DOM (see the file comment): white space runs folded to one space, each
 * line trimmed, at most one empty line in a row, none at either end. Built line by line into ~1 MiB
 * parts: a 35 MB page used to take ~740 MB as whole-text copies (joined, split into lines, trimmed,
 * joined again).
 */
export function stripHtml(html: string): string {
  const out = new LineBuilder();
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const stop = lt < 0 ? html.length : lt;
    if (stop > i) out.text(decodeEntities(html.slice(i, stop)).replace(/\s+/g, ' '));
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const t = readTag(html, lt);
    if (t === null || t === EOF) {
      out.text('<');
      i = lt + 1;
      if (t === EOF) out.text(decodeEntities(html.slice(i)).replace(/\s+/g, ' '));
      if (t === EOF) break;
      continue;
    }
    i = t.end;
    if (!t.closing && !t.selfClosing && DROP.has(t.name)) {
      i = skipElement(html, t.name, i);
      continue;
    }
    if ((t.name === 'td' || t.name === 'th') && t.closing) out.text('\t');
    else if (BLOCK.has(t.name)) out.newline();
  }
  return out.finish();
}

/** Joins pieces of text (without newlines) into trimmed lines, as described at stripHtml. */
class LineBuilder {
  private line: string[] = [];
  private parts: string[] = [];
  private chunk: string[] = [];
  private chunkLen = 0;
  private started = false;
  private emptyLines = 0;

  text(s: string): void {
    if (s.length > 0) this.line.push(s);
  }

  newline(): void {
    const l = this.line.length === 0 ? '' : (this.line.length === 1 ? this.line[0]! : this.line.join('')).trim();
    this.line = [];
    if (l === '') {
      if (this.started) this.emptyLines++;
      return;
    }
    if (this.started) this.write(this.emptyLines > 0 ? '\n\n' : '\n');
    this.write(l);
    this.started = true;
    this.emptyLines = 0;
  }

  finish(): string {
    this.newline();
    if (this.chunk.length > 0) this.parts.push(this.chunk.join(''));
    return this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
  }

  private write(s: string): void {
    this.chunk.push(s);
    this.chunkLen += s.length;
    if (this.chunkLen >= 1 << 20) {
      this.parts.push(this.chunk.join(''));
      this.chunk = [];
      this.chunkLen = 0;
    }
  }
}

/**
 * Index past the element `name` opened just before `from`, counting nested same-name elements, so
 * that a `<nav>` inside a `<nav>` is dropped whole.
 */
function skipElement(html: string, name: string, from: number): number {
  const raw = name === 'script' || name === 'style';
  let depth = 1;
  let i = from;
  while (depth > 0) {
    const lt = html.indexOf('<', i);
    if (lt < 0) return html.length;
    const t = readTag(html, lt);
    if (t === EOF) return html.length;
    i = t === null ? lt + 1 : t.end;
    if (t === null || t.name !== name || t.selfClosing) continue;
    if (t.closing) depth--;
    else if (!raw) depth++;
  }
  return i;
}

/** `&amp;`, `&#8211;`, `&#x2013;` and the named entities in ENTITIES; anything else is left as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? m;
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : m;
  });
}

/** The `<title>` of a page, looked for in its first 64 KiB. */
export function titleOf(html: string): string | undefined {
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(html.slice(0, 65536));
  const t = m ? decodeEntities(m[1] ?? '').replace(/\s+/g, ' ').trim() : '';
  return t.length > 0 ? t : undefined;
}

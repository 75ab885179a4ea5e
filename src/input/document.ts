import { createHash } from 'node:crypto';
import { PillboxError } from '../errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourceInfo } from '../model/extract-result.js';
import { decodeText } from './decode.js';
import { emailParts, looksLikeEmail, type EmailParts } from './email.js';
import { jsonToText } from './json-text.js';
import type { PageHints } from './html.js';
import { looksLikeHtml } from './html-detect.js';
import { decodeEntities } from './html-strip.js';
import { pdfToText } from './pdf.js';
import { sniffBytes } from './sniff.js';

// Office packages and Outlook messages are read through triage's container parsers, loaded only when
// the magic says so: most reports are text, and those parsers would weigh on every start.
const isZip = (b: Uint8Array): boolean => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const isOle = (b: Uint8Array): boolean => b.length >= 512 && OLE_MAGIC.every((v, i) => b[i] === v);

/** A source read into text: what `extract` works on. */
export interface InputDocument {
  /** The document text: the article body of HTML, the text layer of a PDF, or the decoded text. */
  text: string;
  source: SourceInfo;
  /** Title from the HTML `<title>`/article or the PDF metadata, when there is one. */
  title?: string;
  /** The decoded HTML source, kept for later stages (publication date and metadata in `<meta>`). */
  html?: string;
  /** What an HTML page declares about itself (byline, published time, language, site name). */
  hints?: PageHints;
  warnings: Diagnostic[];
}

export interface Origin {
  name: string;
  kind: SourceInfo['kind'];
  /** Media type the server or caller declared; a hint only, content decides. */
  contentType?: string | undefined;
  charset?: string | undefined;
}

/** Detects what the bytes are (by content, the name only breaking ties) and turns them into text. */
export async function bytesToDocument(bytes: Uint8Array, origin: Origin): Promise<InputDocument> {
  const base = { name: origin.name, kind: origin.kind, size: bytes.length, sha256: sha256Hex(bytes) };
  const sniffed = sniffBytes(bytes);
  if (isZip(bytes)) {
    const { officeMediaType, officeToText } = await import('./office.js');
    const office = officeToText(bytes, origin.name);
    if (office !== null) {
      const doc: InputDocument = { text: office.text, source: sourceInfo({ ...base, encoding: 'utf-8' }, officeMediaType(office.kind)), warnings: office.warnings };
      if (office.title !== undefined) doc.title = office.title;
      return finish(doc);
    }
  }
  if (isOle(bytes)) {
    const { msgParts } = await import('./outlook.js');
    const parts = await msgParts(bytes, origin.name, readAttachment);
    if (parts !== null) return finish(await messageDocument(parts, base, 'application/vnd.ms-outlook'));
    throw new PillboxError('E_INPUT_UNSUPPORTED', `${origin.name}: an OLE compound file that is no readable Outlook message (a Word, Excel or PowerPoint 97-2003 document, an encrypted Office file, or a cut or damaged .msg) is not read; save a document as .docx/.xlsx/.pptx, or use \`pillbox triage\` for the file`);
  }
  if (sniffed.kind === 'binary') {
    // A log file (an analyst's other input) is no report: say where it is read.
    const { binaryLogDescription } = await import('../triage/detect.js');
    const log = binaryLogDescription(bytes);
    if (log !== null) throw new PillboxError('E_INPUT_UNSUPPORTED', `${origin.name}: a ${log}, not a report; \`pillbox hunt --intel REPORT ${origin.name}\` sweeps its records for a report's indicators`);
    throw new PillboxError('E_INPUT_UNSUPPORTED', `${origin.name}: not a text document (binary data); use \`pillbox triage\` for files`);
  }
  if (sniffed.kind === 'pdf') {
    const pdf = await pdfToText(bytes, origin.name);
    const doc: InputDocument = { text: pdf.text, source: sourceInfo({ ...base, encoding: 'binary' }, 'application/pdf'), warnings: pdf.warnings };
    if (pdf.title !== undefined) doc.title = pdf.title;
    return finish(doc);
  }
  if ((sniffed.kind === 'text' || sniffed.kind === 'utf-8-bom') && looksLikeEmail(bytes)) return finish(await messageDocument(await emailParts(bytes, origin.name, readAttachment), base, 'message/rfc822'));
  const decoded = decodeText(bytes, sniffed, origin.charset);
  return finish(await textToDocument(decoded.text, { ...base, encoding: decoded.encoding }, origin, decoded.warnings));
}

/**
 * An e-mail message (.eml or Outlook .msg): its body (plain text, else the article of its HTML), then
 * the text of its attached documents; the Subject as title and the Date as a fallback publication date.
 */
async function messageDocument(parts: EmailParts, base: Omit<SourceInfo, 'media_type' | 'encoding'>, mediaType: string): Promise<InputDocument> {
  const warnings = parts.warnings;
  let body = parts.text;
  if (parts.html !== undefined) {
    const { htmlToArticle } = await import('./html.js');
    const article = htmlToArticle(parts.html);
    body = article.text;
    warnings.push(...article.warnings);
    // A message's link targets are what it sends the reader to (a phishing page): unlike a web page's
    // references, they are indicators. Those not already in the text follow it.
    const links = linkTargets(parts.html).filter((u) => !body.includes(u));
    if (links.length > 0) body = `${body}\n\n[links in the message]\n${links.join('\n')}`;
  }
  const text = [body, ...parts.attachments].filter((s) => s.trim() !== '').join('\n\n');
  const doc: InputDocument = { text, source: sourceInfo({ ...base, encoding: 'utf-8' }, mediaType), warnings };
  if (parts.title !== undefined) doc.title = parts.title;
  if (parts.date !== undefined) doc.hints = { published: parts.date };
  return doc;
}

/** Most link targets read from one message. */
const MAX_LINKS = 500;

/** The http(s) and ftp targets of an HTML body's `<a href>`, entities decoded, in order, once each. */
export function linkTargets(html: string): string[] {
  const out = new Set<string>();
  // Tag by tag, each `<…>` read once: linear in the HTML whatever it holds (a regex that looked for
  // `href` after every `<a` would rescan long runs of unclosed tags).
  for (let p = html.indexOf('<'); p !== -1 && out.size < MAX_LINKS; p = html.indexOf('<', p + 1)) {
    const q = html.indexOf('>', p + 1);
    if (q === -1) break;
    const c = html.charCodeAt(p + 1) | 0x20;
    const ws = html.charCodeAt(p + 2);
    if (c === 0x61 && (ws === 32 || ws === 9 || ws === 10 || ws === 13) && q - p <= 4096) {
      const m = /\bhref\s*=\s*(?:"([^"]{1,2048})"|'([^']{1,2048})')/i.exec(html.slice(p, q));
      const href = (m?.[1] ?? m?.[2] ?? '').trim().replace(/&amp;/gi, '&').replace(/&#(\d{1,7});/g, (_, d: string) => String.fromCodePoint(Math.min(Number(d), 0x10ffff)));
      if (/^(?:https?|ftp):\/\//i.test(href)) out.add(href);
    }
    p = q;
  }
  return [...out];
}

/** An attachment's text when it is a document (PDF, Office, an Outlook message, HTML, any text); null for other files. */
async function readAttachment(bytes: Uint8Array, name: string): Promise<{ text: string; warnings: Diagnostic[] } | null> {
  if (isZip(bytes)) {
    const { officeToText } = await import('./office.js');
    const office = officeToText(bytes, name);
    return office === null ? null : { text: office.text, warnings: office.warnings };
  }
  if (isOle(bytes)) {
    // A message forwarded as an attachment from Outlook (an .msg inside an .eml or another .msg).
    const { msgParts } = await import('./outlook.js');
    const msg = await msgParts(bytes, name, readAttachment);
    if (msg === null) return null;
    const text = [msg.title !== undefined ? `Subject: ${msg.title}` : '', msg.text !== '' ? msg.text : msg.html !== undefined ? msg.html.replace(/<[^>]{0,10000}>/g, ' ') : '', ...msg.attachments];
    return { text: text.filter((s) => s.trim() !== '').join('\n\n'), warnings: msg.warnings };
  }
  const sniffed = sniffBytes(bytes);
  if (sniffed.kind === 'binary') return null;
  if (sniffed.kind === 'pdf') {
    const pdf = await pdfToText(bytes, name);
    return { text: pdf.text, warnings: pdf.warnings };
  }
  const decoded = decodeText(bytes, sniffed);
  const doc = await textToDocument(decoded.text, { name, kind: 'file', size: bytes.length, sha256: '', encoding: decoded.encoding }, { name }, decoded.warnings);
  return { text: doc.text, warnings: doc.warnings };
}

/** Text already decoded (library callers, or after decoding): HTML gets its article extracted. */
export async function textToDocument(
  text: string,
  base: Omit<SourceInfo, 'media_type'>,
  origin: Pick<Origin, 'name' | 'contentType'>,
  warnings: Diagnostic[] = [],
): Promise<InputDocument> {
  const json = jsonToText(text);
  if (json !== null) {
    const doc: InputDocument = { text: decodeEntities(json.text), source: sourceInfo(base, 'application/json'), warnings };
    if (json.title !== undefined) doc.title = json.title;
    return doc;
  }
  if (looksLikeHtml(text) || (origin.contentType === 'text/html' && text.trimStart().startsWith('<'))) {
    // Loaded on demand: linkedom and Readability cost more start-up time than the rest of extract.
    const { htmlToArticle } = await import('./html.js');
    const article = htmlToArticle(text);
    const doc: InputDocument = { text: article.text, source: sourceInfo(base, 'text/html'), html: text, hints: article.hints, warnings: [...warnings, ...article.warnings] };
    if (article.title !== undefined) doc.title = article.title;
    return doc;
  }
  const mediaType = isMarkdown(text, origin) ? 'text/markdown' : 'text/plain';
  // Character references in text that went through HTML once (a feed's description, a page pasted
  // or exported to Markdown, as a Markdown renderer decodes them): left in, `?id=7&amp;k=1` was kept
  // in a URL no log holds, and `evil&#46;com` or `user&#64;host` were not read at all.
  return { text: decodeEntities(text), source: sourceInfo(base, mediaType), warnings };
}

/** Wraps in-memory text as a document (no I/O); `name` defaults to `<text>`. */
export async function documentFromText(text: string, name = '<text>'): Promise<InputDocument> {
  const bytes = Buffer.from(text, 'utf8');
  return finish(await textToDocument(text, { name, kind: 'text', size: bytes.length, sha256: sha256Hex(bytes), encoding: 'utf-8' }, { name }));
}

/** SourceInfo with its keys in schema order, so the JSON reads the same whatever built it. */
function sourceInfo(b: Omit<SourceInfo, 'media_type'>, mediaType: string): SourceInfo {
  return { name: b.name, kind: b.kind, media_type: mediaType, encoding: b.encoding, size: b.size, sha256: b.sha256 };
}

function isMarkdown(text: string, origin: Pick<Origin, 'name' | 'contentType'>): boolean {
  if (origin.contentType === 'text/markdown' || origin.contentType === 'text/x-markdown') return true;
  if (/\.(?:md|markdown|mdown|mkd)$/i.test(origin.name)) return true;
  const head = text.slice(0, 8192);
  // A heading plus one more Markdown construct (fence, link, list or emphasis) is enough to say so.
  return /^#{1,6} \S/m.test(head) && /^```|\]\(|^[-*] \S|\*\*\S/m.test(head);
}

/** The last step of every document: invisible characters out of words, then the empty-text warning. */
function finish(doc: InputDocument): InputDocument {
  const { text, removed } = dropInvisible(doc.text);
  if (removed > 0) {
    doc.text = text;
    doc.warnings.push({ code: 'invisible-removed', message: `${removed} invisible character(s) inside words (soft hyphens, zero-width spaces or joiners, word joiners) were removed; offsets refer to the text without them` });
  }
  return withEmptyWarning(doc);
}

/** Invisible format characters: soft hyphen, zero-width space, non-joiner and joiner, word joiner, zero-width no-break space. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]+/g;
/** Those that never separate two words: removed wherever they are. */
const NEVER_A_BREAK = /^[\u00AD\u2060\uFEFF]+$/;

/**
 * The text without the invisible characters that web pages and PDFs leave inside words (a soft hyphen
 * from `&shy;`, a zero-width space a CMS puts after the dots of a long URL, a word joiner): left in,
 * they cut `evil\u00ADcontrol.com` into the wrong, real-looking domain `control.com`. Zero-width
 * spaces and (non-)joiners are removed only between two visible ASCII characters: elsewhere they may
 * mark word breaks in scripts written without spaces, or join an emoji sequence.
 */
export function dropInvisible(text: string): { text: string; removed: number } {
  INVISIBLE.lastIndex = 0;
  if (!INVISIBLE.test(text)) return { text, removed: 0 };
  let removed = 0;
  const visibleAscii = (c: number): boolean => c > 32 && c < 127;
  const out = text.replace(INVISIBLE, (run: string, at: number) => {
    if (NEVER_A_BREAK.test(run) || (visibleAscii(text.charCodeAt(at - 1)) && visibleAscii(text.charCodeAt(at + run.length)))) {
      removed += run.length;
      return '';
    }
    return run;
  });
  return { text: out, removed };
}

function withEmptyWarning(doc: InputDocument): InputDocument {
  if (doc.text.trim().length === 0 && !doc.warnings.some((w) => w.code === 'pdf-no-text')) {
    const what = doc.source.size === 0 ? 'is empty (0 bytes)' : 'has no text';
    doc.warnings.push({ code: 'empty-input', message: `${doc.source.name} ${what}; nothing to extract` });
  }
  return doc;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

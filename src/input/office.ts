// Office documents given to `extract`: a CERT's advisory as .docx, an indicator list as .xlsx, a
// briefing as .pptx, their OpenDocument twins. All are ZIP packages of XML: the members are read
// with the ZIP reader triage uses on hostile archives (bounded inflation: no zip bomb gets through),
// and the text comes out of the XML with a linear scan (no DOM, no regex over a whole part): runs of
// text in order, paragraphs and rows as lines, cells separated by tabs so that a row of a list
// reads `value<TAB>type<TAB>comment`.
import type { Diagnostic } from '../model/diagnostic.js';
import { listArchive, type ArchiveEntry } from '../triage/formats/archive/index.js';

export interface OfficeText {
  /** `docx`, `xlsx`, `pptx`, `odt`, `ods` or `odp`. */
  kind: string;
  text: string;
  /** The document's title property (`dc:title`), when set. */
  title?: string;
  warnings: Diagnostic[];
}

/** Bounds of what is inflated from one package. */
const LIMITS = { maxDepth: 0, maxEntries: 5000, maxTotalSize: 256 * 1024 * 1024, maxEntrySize: 64 * 1024 * 1024, maxIncludedBytes: 256 * 1024 * 1024 };

const MEDIA: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

/** The media type of an office kind. */
export const officeMediaType = (kind: string): string => MEDIA[kind] ?? 'application/zip';

/** True for bytes that start like a ZIP package. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * The text of an OOXML or OpenDocument package, or null when the ZIP is neither (then it is no
 * document: the caller refuses it as binary).
 */
export function officeToText(bytes: Uint8Array, name: string): OfficeText | null {
  const zip = listArchive(bytes, { format: 'zip', includeBytes: true, passwords: [], ...LIMITS });
  const byName = new Map<string, ArchiveEntry>();
  for (const e of zip.entries) if (!e.directory) byName.set(e.name, e);
  const kind = packageKind(byName);
  if (kind === null) return null;
  const warnings: Diagnostic[] = [];
  if (zip.limits_hit.length > 0 || zip.entries.some((e) => e.encrypted)) {
    warnings.push({ code: 'office-incomplete', message: `${name}: some parts of the ${kind} package could not be read (${[...zip.limits_hit, ...(zip.entries.some((e) => e.encrypted) ? ['encrypted members'] : [])].join(', ')}); their text is missing` });
  }
  const xml = (n: string): string | null => {
    const b = byName.get(n)?.bytes;
    return b ? new TextDecoder('utf-8').decode(b) : null;
  };
  const numbered = (prefix: string): string[] => [...byName.keys()].filter((n) => n.startsWith(prefix) && /\d+\.xml$/.test(n)).sort((a, b) => num(a) - num(b));
  let parts: string[];
  switch (kind) {
    case 'docx': parts = ['word/document.xml', 'word/footnotes.xml', 'word/endnotes.xml', 'word/comments.xml'].map(xml).filter((x): x is string => x !== null).map((x) => xmlText(x, WORD)); break;
    case 'pptx': parts = [...numbered('ppt/slides/slide'), ...numbered('ppt/notesSlides/notesSlide')].map((n) => xmlText(xml(n)!, DRAWING)); break;
    case 'xlsx': {
      const shared = sharedStrings(xml('xl/sharedStrings.xml'));
      parts = numbered('xl/worksheets/sheet').map((n) => sheetText(xml(n)!, shared));
      break;
    }
    default: parts = [xmlText(xml('content.xml') ?? '', ODF)];
  }
  const out: OfficeText = { kind, text: parts.map((p) => p.trim()).filter((p) => p !== '').join('\n\n'), warnings };
  const title = coreTitle(xml('docProps/core.xml') ?? xml('meta.xml'));
  if (title !== undefined) out.title = title;
  return out;
}

function packageKind(byName: Map<string, ArchiveEntry>): string | null {
  const mimetype = byName.get('mimetype')?.bytes;
  if (mimetype) {
    const m = new TextDecoder().decode(mimetype.subarray(0, 200)).trim();
    if (m === MEDIA['odt']) return 'odt';
    if (m === MEDIA['ods']) return 'ods';
    if (m === MEDIA['odp']) return 'odp';
  }
  if (!byName.has('[Content_Types].xml')) return null;
  if (byName.has('word/document.xml')) return 'docx';
  if (byName.has('xl/workbook.xml')) return 'xlsx';
  if (byName.has('ppt/presentation.xml')) return 'pptx';
  return null;
}

const num = (n: string): number => Number(/(\d+)\.xml$/.exec(n)?.[1] ?? 0);

/** How one vocabulary's tags shape the text: which hold text, which end a line, which are a tab. */
interface Vocabulary {
  /** Elements whose text content is kept (null: every text node). */
  text: Set<string> | null;
  /** Closing these ends a line (paragraphs, rows). */
  line: Set<string>;
  /** These (usually empty) elements stand for a tab. */
  tab: Set<string>;
  /** These stand for a line break. */
  br: Set<string>;
  /** Table rows (a line each) and cells (tab-separated; their paragraphs joined by spaces). */
  row: Set<string>;
  cell: Set<string>;
}

const none = new Set<string>();
const WORD: Vocabulary = { text: new Set(['w:t', 'w:delText']), line: new Set(['w:p']), tab: new Set(['w:tab']), br: new Set(['w:br', 'w:cr']), row: new Set(['w:tr']), cell: new Set(['w:tc']) };
const DRAWING: Vocabulary = { text: new Set(['a:t']), line: new Set(['a:p']), tab: new Set(['a:tab']), br: new Set(['a:br']), row: new Set(['a:tr']), cell: new Set(['a:tc']) };
const ODF: Vocabulary = { text: null, line: new Set(['text:p', 'text:h', 'text:list-item']), tab: new Set(['text:tab']), br: new Set(['text:line-break']), row: new Set(['table:table-row']), cell: new Set(['table:table-cell', 'table:covered-table-cell']) };

/**
 * The text of an XML part in one linear pass: text nodes (inside `v.text` elements) in order,
 * entities decoded, a newline after each `v.line` element, a tab for each `v.tab`. A `<` that never
 * closes ends the part.
 */
export function xmlText(xml: string, v: Vocabulary): string {
  const out: string[] = [];
  let depthIn = 0; // open text elements around the cursor
  let cells = 0; // open table cells around the cursor
  let firstCell = true;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const end = lt === -1 ? xml.length : lt;
    if (end > i && (v.text === null || depthIn > 0)) out.push(decodeEntities(xml.slice(i, end)));
    if (lt === -1) break;
    const gt = xml.indexOf('>', lt + 1);
    if (gt === -1) break;
    i = gt + 1;
    const c = xml.charCodeAt(lt + 1);
    if (c === 0x3f || c === 0x21) {
      // `<?…?>`, `<!--…-->`, `<![CDATA[…]]>`: CDATA text is kept (ODF rarely has it, but it is text).
      if (xml.startsWith('<![CDATA[', lt)) {
        const close = xml.indexOf(']]>', lt + 9);
        if (close === -1) break;
        if (v.text === null || depthIn > 0) out.push(xml.slice(lt + 9, close));
        i = close + 3;
      } else if (xml.startsWith('<!--', lt)) {
        const close = xml.indexOf('-->', lt + 4);
        if (close === -1) break;
        i = close + 3;
      }
      continue;
    }
    const closing = c === 0x2f;
    const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
    const name = tagName(xml, closing ? lt + 2 : lt + 1, gt);
    if (v.text !== null && v.text.has(name) && !selfClosing) depthIn = Math.max(0, depthIn + (closing ? -1 : 1));
    if (closing) {
      if (v.line.has(name)) out.push(cells > 0 ? ' ' : '\n');
      else if (v.cell.has(name)) cells = Math.max(0, cells - 1);
      else if (v.row.has(name)) out.push('\n');
    } else if (v.tab.has(name)) out.push('\t');
    else if (v.br.has(name)) out.push(cells > 0 ? ' ' : '\n');
    else if (v.cell.has(name)) {
      if (!firstCell) out.push('\t');
      firstCell = false;
      if (!selfClosing) cells++;
    } else if (v.row.has(name)) {
      firstCell = true;
      if (selfClosing) out.push('\n');
    } else if (selfClosing && v.line.has(name)) out.push(cells > 0 ? ' ' : '\n');
  }
  return out.join('').replace(/ +\t/g, '\t').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
}

function tagName(xml: string, from: number, gt: number): string {
  let e = from;
  while (e < gt) {
    const c = xml.charCodeAt(e);
    if (c === 0x20 || c === 0x2f || c === 0x09 || c === 0x0a || c === 0x0d) break;
    e++;
  }
  return xml.slice(from, e);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (e[0] !== '#') return NAMED[e]!;
    const cp = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/** The shared strings of a workbook, in order (`<si>` items, their `<t>` runs joined). */
function sharedStrings(xml: string | null): string[] {
  if (xml === null) return [];
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const s = xml.indexOf('<si', at);
    if (s === -1) break;
    const gt = xml.indexOf('>', s);
    if (gt === -1) break;
    const next = xml.charCodeAt(s + 3);
    if (next !== 0x3e && next !== 0x2f && next !== 0x20) {
      at = s + 3; // another element (`<sig…>`)
      continue;
    }
    if (xml.charCodeAt(gt - 1) === 0x2f) {
      out.push(''); // `<si/>`
      at = gt + 1;
      continue;
    }
    const close = xml.indexOf('</si>', gt);
    if (close === -1) break;
    out.push(xmlText(xml.slice(gt + 1, close), SHARED).replace(/\n/g, ' ').trim());
    at = close + 5;
  }
  return out;
}

const SHARED: Vocabulary = { text: new Set(['t']), line: none, tab: none, br: none, row: none, cell: none };

/** A worksheet's rows as lines, cells as tab-separated values (shared strings resolved). */
function sheetText(xml: string, shared: string[]): string {
  const rows: string[] = [];
  let at = 0;
  for (;;) {
    const r = xml.indexOf('<row', at);
    if (r === -1) break;
    const close = xml.indexOf('</row>', r);
    if (close === -1) break;
    const cells: string[] = [];
    const row = xml.slice(r, close);
    let c = 0;
    for (;;) {
      const cs = row.indexOf('<c', c);
      if (cs === -1) break;
      const tagEnd = row.indexOf('>', cs);
      if (tagEnd === -1) break;
      const head = row.slice(cs, tagEnd + 1);
      if (!/^<c[\s>/]/.test(head)) {
        c = tagEnd + 1;
        continue;
      }
      if (head.endsWith('/>')) {
        c = tagEnd + 1;
        continue;
      }
      const ce = row.indexOf('</c>', tagEnd);
      const body = row.slice(tagEnd + 1, ce === -1 ? row.length : ce);
      c = ce === -1 ? row.length : ce + 4;
      const type = /\bt="([a-zA-Z]+)"/.exec(head)?.[1];
      if (type === 'inlineStr') cells.push(xmlText(body, SHARED).trim());
      else {
        const v = /<v>([^<]*)<\/v>/.exec(body)?.[1];
        if (v === undefined) continue;
        cells.push(type === 's' ? shared[Number(v)] ?? '' : decodeEntities(v));
      }
    }
    const line = cells.join('\t').trim();
    if (line !== '') rows.push(line);
    at = close + 6;
  }
  return rows.join('\n');
}

/** `dc:title` of the core properties (OOXML) or meta (ODF). */
function coreTitle(xml: string | null): string | undefined {
  if (xml === null) return undefined;
  const m = /<dc:title>([^<]{1,300})<\/dc:title>/.exec(xml);
  const t = m ? decodeEntities(m[1]!).trim() : '';
  return t === '' ? undefined : t;
}

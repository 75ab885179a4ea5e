import type { Diagnostic } from '../model/diagnostic.js';
import { PillboxError } from '../errors.js';

export interface PdfText {
  text: string;
  title?: string;
  pages: number;
  warnings: Diagnostic[];
}

/**
 * The text layer of a PDF (unpdf, a serverless build of PDF.js), pages joined by a blank line so that
 * no indicator spans two pages. A PDF without a
 * text layer (a scan) yields an empty text and a warning: we do not OCR.
 */
export async function pdfToText(bytes: Uint8Array, name: string): Promise<PdfText> {
  const { getDocumentProxy, getMeta } = await import('unpdf');
  const warnings: Diagnostic[] = [];
  let doc;
  try {
    // PDF.js takes ownership of (and may detach) the buffer it is given: pass a copy. verbosity 0
    // keeps its recovery chatter ("Indexing all PDF objects") off our stderr.
    doc = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false, verbosity: 0 });
  } catch (e) {
    throw new PillboxError('E_INPUT_UNREADABLE', `${name}: cannot read the PDF (${(e as Error).message})`, { cause: e });
  }
  try {
    const total = doc.numPages;
    const texts: string[] = [];
    let failed = 0;
    let first = '';
    // One page at a time (PDF.js would otherwise hold every page of a long document at once), each
    // guarded: a broken page (a circular page tree, a bad content stream) costs its own text only.
    for (let n = 1; n <= total; n++) {
      try {
        texts.push(await pageText(doc, n));
      } catch (e) {
        texts.push('');
        if (failed++ === 0) first = `page ${n}: ${(e as Error).message}`;
      }
    }
    if (total > 0 && failed === total) throw new PillboxError('E_INPUT_UNREADABLE', `${name}: cannot read the PDF (${first})`);
    if (failed > 0) warnings.push({ code: 'pdf-page-unreadable', message: `${failed} of ${total} PDF pages could not be read and were skipped (first: ${first})` });
    const joined = texts.map((p) => p.trim()).join('\n\n');
    if (joined.trim().length === 0) {
      warnings.push({ code: 'pdf-no-text', message: 'the PDF has no text layer (scanned?); nothing to extract' });
    }
    const title = await pdfTitle(getMeta, doc);
    return title === undefined ? { text: joined, pages: total, warnings } : { text: joined, title, pages: total, warnings };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

type PdfDocument = Awaited<ReturnType<typeof import('unpdf').getDocumentProxy>>;

/** A page's text as unpdf's extractText gives it: the items' strings, a line break after each line's last. */
async function pageText(doc: PdfDocument, n: number): Promise<string> {
  const page = await doc.getPage(n);
  try {
    const content = await page.getTextContent();
    let out = '';
    for (const item of content.items) if ('str' in item && item.str != null) out += item.hasEOL ? `${item.str}\n` : item.str;
    return out;
  } finally {
    page.cleanup();
  }
}

async function pdfTitle(getMeta: typeof import('unpdf').getMeta, doc: Parameters<typeof import('unpdf').getMeta>[0]): Promise<string | undefined> {
  try {
    const meta = await getMeta(doc);
    const t = (meta.info as Record<string, unknown> | undefined)?.['Title'];
    return typeof t === 'string' && t.trim() ? t.trim() : undefined;
  } catch {
    return undefined;
  }
}

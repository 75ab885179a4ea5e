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
  const { getDocumentProxy, extractText, getMeta } = await import('unpdf');
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
    const { totalPages, text } = await extractText(doc, { mergePages: false });
    const joined = text.map((p) => p.trim()).join('\n\n');
    if (joined.trim().length === 0) {
      warnings.push({ code: 'pdf-no-text', message: 'the PDF has no text layer (scanned?); nothing to extract' });
    }
    const title = await pdfTitle(getMeta, doc);
    return title === undefined ? { text: joined, pages: totalPages, warnings } : { text: joined, title, pages: totalPages, warnings };
  } finally {
    await doc.destroy().catch(() => undefined);
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

/**
 * The `document` stage of the extract pipeline: title, publication date, language and source of the
 * report, from the text and, for web pages, the original HTML and what the page declares.
 */
import type { DocumentMeta } from '../../model/entity.js';
import { documentMeta, type DocumentMetaOptions } from './index.js';

/** Structural twin of the pipeline's Stage (declared here so this module does not import the pipeline). */
export interface DocumentStage {
  id: 'document';
  run(
    ctx: { text: string; source: { name: string }; title: string | undefined; html: string | undefined; hints: { language?: string; published?: string } },
    result: { document: DocumentMeta },
  ): void;
}

/** Fills `result.document`. */
export const documentStage: DocumentStage = {
  id: 'document',
  run(ctx, result) {
    const opts: DocumentMetaOptions = { source: ctx.source.name };
    if (ctx.title !== undefined) opts.title = ctx.title;
    if (ctx.html !== undefined) opts.html = ctx.html;
    if (ctx.hints.language !== undefined) opts.lang = ctx.hints.language;
    if (ctx.hints.published !== undefined) opts.published = ctx.hints.published;
    result.document = documentMeta(ctx.text, opts);
  },
};

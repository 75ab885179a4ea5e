/**
 * Text analyses computed once per pipeline run and shared by the stages that need them (sentences:
 * entities, relationships, techniques; tokens with their intern ids, see tokens.ts: entity names and
 * family discovery, technique rules and classifier). Each is computed on first use. The
 * pipeline's StageContext carries one `SharedText` in its optional `shared` field; `sharedText(ctx)`
 * creates it on first call, so nothing outlives the run.
 */
import { splitSentences, type Sentence } from './sentences.js';
import { tokenizeText, type TextTokens } from './tokens.js';

/** Lazily computed, shared analyses of one text. */
export class SharedText {
  private sentencesMemo: Sentence[] | undefined;
  private tokensMemo: TextTokens | undefined;

  constructor(readonly text: string) {}

  /** `splitSentences(text)`, computed once. */
  get sentences(): Sentence[] {
    return (this.sentencesMemo ??= splitSentences(this.text));
  }

  /** `tokenizeText(text)`, computed once. */
  get tokens(): TextTokens {
    return (this.tokensMemo ??= tokenizeText(this.text));
  }
}

/**
 * The shared analyses of a stage context's text, created on first call (and re-created if a context is
 * reused for another text).
 * @example const { sentences, tokens } = sharedText(ctx);
 */
export function sharedText(ctx: { text: string; shared?: SharedText | undefined }): SharedText {
  let s = ctx.shared;
  if (s === undefined || s.text !== ctx.text) {
    s = new SharedText(ctx.text);
    ctx.shared = s;
  }
  return s;
}

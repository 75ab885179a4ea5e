/**
 * Text analyses computed once per pipeline run and shared by the stages that need them (sentences:
 * entities, relationships, techniques; tokens with their intern ids, see tokens.ts: entity names and
 * family discovery, technique rules and classifier). Each is computed on first use. The
 * pipeline's StageContext carries one `SharedText` in its optional `shared` field; `sharedText(ctx)`
 * creates it on first call, so nothing outlives the run.
 */
import { splitSentences, type Sentence } from './sentences.js';
import { tokenizeText, type TextTokens } from './tokens.js';
import { releaseBuffers } from '../util/release.js';

/** The analyses a SharedText holds; a pipeline stage lists those it reads (`reads`), so each can be freed after its last reader. */
export type SharedPart = 'sentences' | 'tokens';

/** Lazily computed, shared analyses of one text. */
export class SharedText {
  private sentencesMemo: Sentence[] | undefined;
  private tokensMemo: TextTokens | undefined;
  private readonly released = new Set<SharedPart>();

  constructor(readonly text: string) {}

  /** `splitSentences(text)`, computed once. */
  get sentences(): Sentence[] {
    this.assertLive('sentences');
    return (this.sentencesMemo ??= splitSentences(this.text));
  }

  /** `tokenizeText(text)`, computed once. */
  get tokens(): TextTokens {
    this.assertLive('tokens');
    return (this.tokensMemo ??= tokenizeText(this.text));
  }

  /**
   * Frees `part` (all parts when omitted) now. The token tables (9 bytes per token: 18 MB on a 10 MB
   * line of indicators) are detached (releaseBuffers) rather than left for V8's next full collection.
   * The pipeline calls this after the last stage that reads the part; reading it afterwards throws.
   */
  release(part?: SharedPart): void {
    if (part === undefined || part === 'tokens') {
      const t = this.tokensMemo;
      if (t !== undefined) releaseBuffers([t.start, t.len, t.flags, t.id]);
      this.tokensMemo = undefined;
      this.released.add('tokens');
    }
    if (part === undefined || part === 'sentences') {
      this.sentencesMemo = undefined;
      this.released.add('sentences');
    }
  }

  private assertLive(part: SharedPart): void {
    if (this.released.has(part)) throw new Error(`shared ${part} read after release(): add '${part}' to the reading stage's \`reads\``);
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

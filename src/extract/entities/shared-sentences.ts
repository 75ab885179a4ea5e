/**
 * The sentences of a pipeline run, split once and shared by the stages that need them (entities,
 * techniques, relationships): splitting a 2 MB report costs ~10–20 ms, and every stage reads the same
 * text. Kept on the stage context (`sharedText`, src/text/shared.ts), so nothing outlives the run.
 */
import type { Sentence } from '../../text/sentences.js';
import { sharedText, type SharedText } from '../../text/shared.js';

/**
 * Sentences of `ctx.text`, computed on first call for this context object.
 * @example const sentences = sentencesOf(ctx); // same array for every stage of one run
 */
export function sentencesOf(ctx: { text: string; shared?: SharedText | undefined }): Sentence[] {
  return sharedText(ctx).sentences;
}

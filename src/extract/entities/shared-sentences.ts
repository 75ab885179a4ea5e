/**
 * The sentences of a pipeline run, split once and shared by the stages that need them (entities and
 * relationships): splitting a 2 MB report costs ~10–20 ms, and both stages split the same text.
 * Cached per stage context object (the pipeline passes one context to every stage), not per string,
 * so nothing outlives the run.
 */
import { splitSentences, type Sentence } from '../../text/sentences.js';

const cache = new WeakMap<object, { text: string; sentences: Sentence[] }>();

/**
 * Sentences of `ctx.text`, computed on first call for this context object.
 * @example const sentences = sentencesOf(ctx); // same array for every stage of one run
 */
export function sentencesOf(ctx: { text: string }): Sentence[] {
  const hit = cache.get(ctx);
  if (hit !== undefined && hit.text === ctx.text) return hit.sentences;
  const sentences = splitSentences(ctx.text);
  cache.set(ctx, { text: ctx.text, sentences });
  return sentences;
}

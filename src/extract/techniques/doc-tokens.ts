/**
 * The techniques view of the document's shared tokens (src/text/tokens.ts, computed once per pipeline
 * run): the same intern ids, hashes as the techniques tokenizer gives them (all-digit words fold to
 * NUMBER_HASH; words with non-ASCII letters hash lower-cased whole), and each sentence's token range. No
 * second pass over the characters.
 */
import type { Sentence } from '../../text/sentences.js';
import { DIGITS, NON_ASCII, wordHash, type TextTokens } from '../../text/tokens.js';
import { NUMBER_HASH, type SentenceTokens } from './tokenize.js';

/** Scratch reused from document to document (one at a time: recognition is synchronous), grown on demand. */
let hashes = new Uint32Array(1024);
let first = new Int32Array(64);
let last = new Int32Array(64);

/** SentenceTokens plus where each sentence's tokens end: sentence k has tokens [first[k], end[k]). */
export interface DocumentSentenceTokens extends SentenceTokens {
  end: Int32Array;
}

/**
 * Sentence tokens of a document from its shared tokens; the arrays are scratch, valid until the next call.
 * @example const st = sentenceTokensOf(tokenizeText(text), splitSentences(text)); // sentence k: tokens [st.first[k], st.end[k])
 */
export function sentenceTokensOf(t: TextTokens, sentences: readonly Sentence[]): DocumentSentenceTokens {
  const n = t.count;
  if (hashes.length < n) hashes = new Uint32Array(Math.max(n, hashes.length * 2));
  if (first.length <= sentences.length) {
    first = new Int32Array(Math.max(sentences.length + 1, first.length * 2));
    last = new Int32Array(first.length);
  }
  const { hash, flags } = t;
  for (let i = 0; i < n; i++) {
    const f = flags[i]!;
    hashes[i] = f === 0 ? hash[i]! : (f & DIGITS) !== 0 ? NUMBER_HASH : (f & NON_ASCII) !== 0 ? wordHash(t.word(i)) : hash[i]!;
  }
  // Sentences are sorted, do not overlap and never cut a word: one merge walk gives each its tokens.
  const start = t.start;
  let i = 0;
  for (let k = 0; k < sentences.length; k++) {
    const s = sentences[k]!;
    while (i < n && start[i]! < s.start) i++;
    first[k] = i;
    while (i < n && start[i]! < s.end) i++;
    last[k] = i;
  }
  first[sentences.length] = i;
  return { n, ids: t.id, hashes, overflow: t.overflow, first, end: last };
}

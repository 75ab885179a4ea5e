/**
 * The techniques view of the document's shared tokens (src/text/tokens.ts, computed once per pipeline
 * run): the same intern ids, each sentence's token range, and per sentence the hashes the techniques
 * tokenizer gives its words (all-digit words fold to NUMBER_HASH; words with non-ASCII letters hash
 * lower-cased whole). No second pass over the characters, and no table as long as the document: the
 * hashes are made a sentence at a time from the intern ids (10 MB of `a.a.a.` is 5 million tokens).
 */
import { INTERN_SLOTS } from '../../text/intern.js';
import type { Sentence } from '../../text/sentences.js';
import { wordHash, type TextTokens } from '../../text/tokens.js';
import { NUMBER_HASH } from './tokenize.js';

/** Scratch reused from document to document (one at a time: recognition is synchronous), grown on demand. */
let first = new Int32Array(64);
let last = new Int32Array(64);
/** A sentence's hashes (see sentenceHashes); a sentence holds at most a few thousand tokens (splitSentences cuts longer runs). */
let hashes = new Uint32Array(1024);
/** Per intern id: its techniques hash (valid where hashKnown is 1). Ids never change their word, so this is kept for the process. */
const hashById = new Uint32Array(INTERN_SLOTS);
const hashKnown = new Uint8Array(INTERN_SLOTS);

/** The document's words and each sentence's token range: sentence k has tokens [first[k], end[k]). */
export interface DocumentSentenceTokens {
  /** Number of tokens of the document. */
  n: number;
  /** Intern id per token (see TextTokens.id). */
  ids: Int32Array;
  overflow: string[];
  first: Int32Array;
  end: Int32Array;
}

/**
 * Sentence token ranges of a document from its shared tokens; `first` and `end` are scratch, valid until the next call.
 * @example const st = sentenceTokensOf(tokenizeText(text), splitSentences(text)); // sentence k: tokens [st.first[k], st.end[k])
 */
export function sentenceTokensOf(t: TextTokens, sentences: readonly Sentence[]): DocumentSentenceTokens {
  const n = t.count;
  if (first.length <= sentences.length) {
    first = new Int32Array(Math.max(sentences.length + 1, first.length * 2));
    last = new Int32Array(first.length);
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
  return { n, ids: t.id, overflow: t.overflow, first, end: last };
}

/**
 * The techniques hashes of tokens [from, to) of `t`, at [0, to - from) of the returned scratch (valid
 * until the next call): the hash of a token is that of its word, cached per intern id.
 * @example sentenceHashes(t, 0, 2) // hashes of the first two tokens, as scanTokens gives them
 */
export function sentenceHashes(t: TextTokens, from: number, to: number): Uint32Array {
  if (hashes.length < to - from) hashes = new Uint32Array(Math.max(to - from, hashes.length * 2));
  const ids = t.id;
  for (let k = from, j = 0; k < to; k++, j++) {
    const id = ids[k]!;
    if (id >= INTERN_SLOTS) hashes[j] = hashOfWord(t.wordOf(id));
    else if (hashKnown[id] === 1) hashes[j] = hashById[id]!;
    else {
      hashes[j] = hashById[id] = hashOfWord(t.wordOf(id));
      hashKnown[id] = 1;
    }
  }
  return hashes;
}

/** The techniques tokenizer's hash of a lower-cased word: one hash for every number, else its FNV-1a. */
function hashOfWord(w: string): number {
  return isDigits(w) ? NUMBER_HASH : wordHash(w);
}

function isDigits(w: string): boolean {
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return w.length > 0;
}

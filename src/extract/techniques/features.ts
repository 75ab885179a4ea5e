import type { Tokens } from './tokenize.js';

/** Hash space of the sentence features (2^18 buckets). */
export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;

// Reused across calls: a generation-stamped bucket table dedupes features without a Set per sentence.
const stamp = new Uint32Array(1 << FEATURE_BITS);
let generation = 0;
let buffer = new Uint32Array(256);

/**
 * Hashed bag of word unigrams and bigrams of a sentence's tokens (hashes from tokenize; numbers fold
 * to one token), deduplicated, in first-seen order. The training script and inference share this function, so
 * the weights only ever see buckets, never text.
 */
export function sentenceFeatures(tokens: Tokens): Uint32Array {
  const hashes = tokens.hashes;
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    stamp.fill(0);
    generation = 1;
  }
  if (buffer.length < hashes.length * 2) buffer = new Uint32Array(hashes.length * 2);
  let n = 0;
  let prev = START_HASH;
  const add = (f: number): void => {
    if (stamp[f] !== generation) {
      stamp[f] = generation;
      buffer[n++] = f;
    }
  };
  for (const h of hashes) {
    add(unigramBucket(h));
    add(bigramBucket(prev, h));
    prev = h;
  }
  return buffer.slice(0, n);
}

/** Hash of the word before the first word (so the first word also has a bigram). */
export const START_HASH = 0x9e3779b9;

/** Feature bucket of one word hash. */
export function unigramBucket(h: number): number {
  return h & MASK;
}

/** Feature bucket of the word pair (prev, h): the two hashes mixed, order-sensitive. */
export function bigramBucket(prev: number, h: number): number {
  return (Math.imul(prev ^ (h >>> 7), 0x85ebca6b) ^ h) & MASK;
}

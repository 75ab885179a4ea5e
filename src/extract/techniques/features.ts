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
  let prev = 0x9e3779b9;
  const add = (f: number): void => {
    if (stamp[f] !== generation) {
      stamp[f] = generation;
      buffer[n++] = f;
    }
  };
  for (const h of hashes) {
    add(h & MASK);
    // Bigram: mix the two word hashes (order-sensitive).
    add((Math.imul(prev ^ (h >>> 7), 0x85ebca6b) ^ h) & MASK);
    prev = h;
  }
  return buffer.slice(0, n);
}

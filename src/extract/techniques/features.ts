/** Hash space of the sentence features (2^18 buckets). */
export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function isNumber(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// Reused across calls: a generation-stamped bucket table dedupes features without a Set per sentence.
const stamp = new Uint32Array(1 << FEATURE_BITS);
let generation = 0;
let buffer = new Uint32Array(256);

/**
 * Hashed bag of word unigrams and bigrams of a sentence's tokens (see tokenize; numbers fold to one
 * token), deduplicated, in first-seen order. The training script and inference share this function, so
 * the weights only ever see buckets, never text.
 */
export function sentenceFeatures(words: readonly string[]): Uint32Array {
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    stamp.fill(0);
    generation = 1;
  }
  if (buffer.length < words.length * 2) buffer = new Uint32Array(words.length * 2);
  let n = 0;
  let prev = 0x9e3779b9;
  const add = (f: number): void => {
    if (stamp[f] !== generation) {
      stamp[f] = generation;
      buffer[n++] = f;
    }
  };
  for (const w of words) {
    const h = fnv1a(isNumber(w) ? '#' : w);
    add(h & MASK);
    // Bigram: mix the two word hashes (order-sensitive).
    add((Math.imul(prev ^ (h >>> 7), 0x85ebca6b) ^ h) & MASK);
    prev = h;
  }
  return buffer.slice(0, n);
}

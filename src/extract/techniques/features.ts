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

/**
 * Hashed bag of word unigrams and bigrams of a sentence's tokens (see tokenize; numbers fold to one token),
 * deduplicated and sorted. The training script and inference share this function, so the weights
 * only ever see buckets, never text.
 */
export function sentenceFeatures(words: readonly string[]): Uint32Array {
  const seen = new Set<number>();
  let prev = 0x9e3779b9;
  for (const w of words) {
    const h = fnv1a(isNumber(w) ? '#' : w);
    seen.add(h & MASK);
    // Bigram: mix the two word hashes (order-sensitive).
    seen.add((Math.imul(prev ^ (h >>> 7), 0x85ebca6b) ^ h) & MASK);
    prev = h;
  }
  return Uint32Array.from(seen).sort();
}

/** Tokens of one sentence: lower-cased words and their feature hashes (see features.ts). */
export interface Tokens {
  words: string[];
  /** FNV-1a hash of each lower-cased word; all-digit words hash as `#` (numbers fold to one feature). */
  hashes: number[];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** FNV-1a of the one-character string `#`. */
export const NUMBER_HASH = Math.imul(FNV_OFFSET ^ 35, FNV_PRIME) >>> 0;

function isWordChar(c: number): boolean {
  // ASCII letters, digits, underscore, and any non-ASCII letter-ish code unit (accents, CJK).
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c > 0xbf && c !== 0x2019 && c !== 0x201c && c !== 0x201d && c !== 0x2013 && c !== 0x2014 && c !== 0x2022);
}

/**
 * Splits a sentence into lower-cased word tokens (runs of letters, digits and `_`; `cmd.exe` gives
 * `cmd`, `exe`) and hashes each word in the same pass. The sentence is lower-cased once; token offsets
 * are not kept (evidence points at whole sentences). Hand-written: it is the hot path of recognition.
 */
export function tokenize(text: string): Tokens {
  const lower = text.toLowerCase();
  const words: string[] = [];
  const hashes: number[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordChar(lower.charCodeAt(i))) i++;
    if (i >= n) break;
    const s = i;
    let h = FNV_OFFSET;
    let digits = true;
    for (let c = lower.charCodeAt(i); i < n && isWordChar(c); c = lower.charCodeAt(++i)) {
      h = Math.imul(h ^ c, FNV_PRIME);
      if (c < 48 || c > 57) digits = false;
    }
    words.push(lower.slice(s, i));
    hashes.push(digits ? NUMBER_HASH : h >>> 0);
  }
  return { words, hashes };
}

/** Tokens of one sentence: lower-cased words with their offsets in the sentence text. */
export interface Tokens {
  words: string[];
  starts: number[];
  ends: number[];
}

function isWordChar(c: number): boolean {
  // ASCII letters, digits, underscore, and any non-ASCII letter-ish code unit (accents, CJK).
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || (c > 0xbf && c !== 0x2019 && c !== 0x201c && c !== 0x201d && c !== 0x2013 && c !== 0x2014 && c !== 0x2022);
}

/**
 * Splits a sentence into lower-cased word tokens (runs of letters, digits and `_`; `cmd.exe` gives
 * `cmd`, `exe`). One linear pass; hand-written because it is the hot path of technique recognition.
 */
export function tokenize(text: string): Tokens {
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordChar(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && isWordChar(text.charCodeAt(i))) i++;
    words.push(text.slice(s, i).toLowerCase());
    starts.push(s);
    ends.push(i);
  }
  return { words, starts, ends };
}

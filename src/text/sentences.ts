import { spanAt } from '../util/search.js';
import { isTokenChar } from './tokens.js';

/** A sentence (or list item / heading line) of a document with its offsets (end exclusive). */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const MAX_SENTENCE = 2000;
/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'cf', 'al', 'inc', 'corp', 'ltd', 'mr', 'mrs', 'dr', 'no', 'fig', 'approx', 'a.k.a', 'aka', 'u.s', 'st', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}

/**
 * Splits text into sentences in one linear pass. A sentence ends at `.`, `!` or `?` followed by
 * whitespace and an upper-case letter, digit, quote or bullet (not inside `evil.com` or `1.2.3.4`,
 * not after a known abbreviation), at a blank line, or at a line that starts a list item or heading.
 * Over-long runs are cut at MAX_SENTENCE characters so one huge line cannot make one huge sentence:
 * at white space, or, once a run has none for twice that length (`a.a.a.…`, 10 MB of dots: not prose),
 * at the next character between two words. One sentence of millions of words made every per-sentence
 * table of the techniques stage as long (~150 MB for 10 MB of `a.`). A single word longer than that is
 * never cut: the tokens of a sentence are always whole words.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  // No closures here (push/at as local arrow functions): a named closure per call costs more than
  // splitting a short document when run through tsx (esbuild's keepNames wraps each one).
  const n = text.length;
  // Only `.`, `!`, `?` and newlines can end a sentence: each is found with native indexOf (far cheaper
  // than reading every character in JavaScript), and the over-long-run cut is looked for only where
  // the gap to the next of them is longer than MAX_SENTENCE.
  let nextDot = indexOrEnd(text, '.', 0);
  let nextBang = indexOrEnd(text, '!', 0);
  let nextQuery = indexOrEnd(text, '?', 0);
  let nextLine = indexOrEnd(text, '\n', 0);
  // Positions below `scanned` were already searched for an over-long-run cut (each is read once, so a
  // long run of dots without spaces stays linear).
  let scanned = 0;
  // The same for a cut between two words when a run has no white space at all (see cutAt).
  let cutScanned = 0;
  for (;;) {
    const i = Math.min(nextDot, nextBang, nextQuery, nextLine);
    while (i - start > MAX_SENTENCE) {
      let k = Math.max(start + MAX_SENTENCE, scanned);
      while (k < i && !isSpace(text.charCodeAt(k))) k++;
      scanned = k;
      // k: the first white space at or after start + MAX_SENTENCE, or i when there is none before i.
      if (k < i && k <= start + 2 * MAX_SENTENCE) {
        start = pushSentence(text, out, start, k);
        continue;
      }
      if (i - start <= 2 * MAX_SENTENCE) break;
      // No white space for MAX_SENTENCE more: cut at the first character between two words (white
      // space included, so never past k).
      let p = Math.max(start + MAX_SENTENCE, cutScanned);
      while (p < k && isTokenChar(text.charCodeAt(p))) p++;
      cutScanned = p;
      if (p >= i) break;
      start = pushSentence(text, out, start, p);
    }
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === 46) nextDot = indexOrEnd(text, '.', i + 1);
    else if (c === 33) nextBang = indexOrEnd(text, '!', i + 1);
    else if (c === 63) nextQuery = indexOrEnd(text, '?', i + 1);
    else nextLine = indexOrEnd(text, '\n', i + 1);
    if (i - start >= MAX_SENTENCE && isSpace(c)) {
      start = pushSentence(text, out, start, i);
      continue;
    }
    if (c === 10) {
      // Blank line, or next line starts a bullet / heading / table row: hard break.
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 13)) j++;
      const d = text.charCodeAt(j);
      if (j >= n || d === 10 || d === 45 || d === 42 || d === 35 || d === 124 || d === 0x2022 || d === 62) start = pushSentence(text, out, start, i + 1);
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (i + 1 < n && !isSpace(next) && next !== 34 && next !== 39 && next !== 41 && next !== 0x201d) continue;
    if (c === 46 && endsWithAbbreviation(text, i)) continue;
    let j = i + 1;
    while (j < n && !isSpace(text.charCodeAt(j))) j++;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    const d = text.charCodeAt(j);
    const startsNew = j >= n || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 34 || d === 0x201c || d === 40 || d === 91 || d === 45 || d === 42 || d > 0xc0;
    if (startsNew) start = pushSentence(text, out, start, Math.min(i + 1 + (j > i + 1 && !isSpace(next) ? 1 : 0), n));
  }
  pushSentence(text, out, start, n);
  return out;
}

/** Index of `ch` in text at or after `from`, or text.length. */
function indexOrEnd(text: string, ch: string, from: number): number {
  const k = text.indexOf(ch, from);
  return k === -1 ? text.length : k;
}

/** Adds text[start, end) trimmed (when not blank) to `out`; returns `end`, the next sentence's start. */
function pushSentence(text: string, out: Sentence[], start: number, end: number): number {
  let a = start;
  let b = end;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  if (b > a) out.push({ text: text.slice(a, b), start: a, end: b });
  return end;
}

function endsWithAbbreviation(text: string, dot: number): boolean {
  let a = dot;
  while (a > 0 && dot - a < 6) {
    const c = text.charCodeAt(a - 1);
    if (isSpace(c) || c === 40) break;
    a--;
  }
  const word = text.slice(a, dot).toLowerCase();
  return word.length > 0 && (ABBREVIATIONS.has(word) || (word.length === 1 && /[a-z]/.test(word)));
}

/** Index of the sentence containing `offset` (binary search over sorted sentences), or -1. */
export function sentenceAt(sentences: readonly Sentence[], offset: number): number {
  return spanAt(sentences, offset);
}

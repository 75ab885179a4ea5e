/**
 * Discovery tokens (discovery-tokens.ts: words of letters, digits, `_`, `-`, code units ≥ 0x80 and inner
 * dots, plus the punctuation the patterns read) built from the document's shared tokens instead of a
 * second pass over every character: a shared token is a run of word characters the discovery words
 * contain whole, so only the gaps between shared tokens are read, and a word's class is looked up once
 * per distinct word (intern id). Same tokens and classes as `tokenize` (checked by discovery-shared.test.ts).
 */
import { INTERN_SLOTS } from '../../text/intern.js';
import type { TextTokens } from '../../text/tokens.js';
import { classOfWord, OTHER, TokenList, type Tokens } from './discovery-tokens.js';

/** Per intern id: class + 1 (0: not yet known). */
const classById = new Uint8Array(INTERN_SLOTS);

/** 1 for the punctuation tokens of discovery (`, . ; : newline ! ?`). */
const PUNCT = Uint8Array.from({ length: 128 }, (_, c) => (c === 44 || c === 46 || c === 59 || c === 58 || c === 10 || c === 33 || c === 63 ? 1 : 0));

/** A discovery word character: ASCII letter, digit, `_`, `-`, or any code unit ≥ 0x80. */
function isWordCode(c: number): boolean {
  return c >= 128 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/**
 * Tables kept between calls, for texts of up to KEEP code units. A discovery token covers at least one
 * code unit, so tables as long as the text never need to grow; a longer text gets tables of its own,
 * dropped after use (10 MB of dots is 10 million tokens: kept, or grown by doubling, they held ~150 MB).
 * Pages past the last token written are never touched.
 */
const KEEP = 1 << 16;
const scratchStart = new Int32Array(KEEP + 1);
const scratchEnd = new Int32Array(KEEP + 1);
const scratchClass = new Uint8Array(KEEP + 1);

/**
 * The discovery tokens of the text of `t` (valid until the next call: shared scratch, as tokenize's,
 * for short texts).
 * @example discoveryTokensOf(tokenizeText('a tool dubbed Hector.')).count // 5
 */
export function discoveryTokensOf(t: TextTokens): Tokens {
  const text = t.text;
  const len = text.length;
  const { count, start: ts, end: te } = t;
  const big = len > KEEP;
  const starts = big ? new Int32Array(len) : scratchStart;
  const ends = big ? new Int32Array(len) : scratchEnd;
  const classes = big ? new Uint8Array(len) : scratchClass;
  let n = 0;
  let j = 0;
  let i = 0;
  while (i < len) {
    const atToken = j < count && i === ts[j];
    const c = atToken ? 0 : text.charCodeAt(i);
    if (!atToken && !isWordCode(c)) {
      if (c < 128 && PUNCT[c] === 1) {
        starts[n] = i;
        ends[n] = i + 1;
        classes[n++] = OTHER;
      }
      i++;
      continue;
    }
    // A word: whole shared tokens, the word characters between them, and inner dots.
    const s = i;
    const firstToken = atToken ? j : -1;
    for (;;) {
      if (j < count && i === ts[j]) {
        i = te[j++]!;
        continue;
      }
      if (i >= len) break;
      const d = text.charCodeAt(i);
      if (isWordCode(d)) i++;
      else if (d === 46 && i + 1 < len && text.charCodeAt(i + 1) !== 45 && isWordCode(text.charCodeAt(i + 1))) i++;
      else break;
    }
    const single = firstToken >= 0 && j === firstToken + 1 && i === te[firstToken];
    starts[n] = s;
    ends[n] = i;
    classes[n++] = single ? classOfToken(t, firstToken) : classOfWord(text.slice(s, i));
  }
  return new TokenList(text, n, starts, ends, classes);
}

/** Class of shared token k (a whole discovery word), cached per intern id. */
function classOfToken(t: TextTokens, k: number): number {
  const id = t.id[k]!;
  if (id >= INTERN_SLOTS) return classOfWord(t.raw(k));
  let c = classById[id]!;
  if (c === 0) classById[id] = c = classOfWord(t.wordOf(id)) + 1;
  return c - 1;
}

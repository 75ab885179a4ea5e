/**
 * Discovery tokens (discovery-tokens.ts: words of letters, digits, `_`, `-`, code units ≥ 0x80 and inner
 * dots, plus the punctuation the patterns read) built from the document's shared tokens instead of a
 * second pass over every character: a shared token is a run of word characters the discovery words
 * contain whole, so only the gaps between shared tokens are read, and a word's class is looked up once
 * per distinct word (intern id). Same tokens and classes as `tokenize` (checked by discovery-shared.test.ts).
 */
import { INTERN_SLOTS } from '../../text/intern.js';
import type { TextTokens } from '../../text/tokens.js';
import { classOfSpan, classOfWord, OTHER, TokenList, type Tokens } from './discovery-tokens.js';

/** Per intern id: class + 1 (0: not yet known). */
const classById = new Uint8Array(INTERN_SLOTS);

/** 1 for the punctuation tokens of discovery (`, . ; : newline ! ?`). */
const PUNCT = Uint8Array.from({ length: 128 }, (_, c) => (c === 44 || c === 46 || c === 59 || c === 58 || c === 10 || c === 33 || c === 63 ? 1 : 0));

/** A discovery word character: ASCII letter, digit, `_`, `-`, or any code unit ≥ 0x80. */
function isWordCode(c: number): boolean {
  return c >= 128 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/**
 * Most tokens in one block (see discoveryTokensOf). Blocks keep discovery's memory bounded whatever
 * the text: 10 MB of dots is 10 million punctuation tokens, 90 MB of tables held at once.
 */
export const BLOCK = 1 << 16;
/** Tables reused by every block (9 bytes a token, ~600 KB); pages past the last token written are never touched. */
const scratchStart = new Int32Array(BLOCK);
const scratchEnd = new Int32Array(BLOCK);
const scratchClass = new Uint8Array(BLOCK);

/**
 * The discovery tokens of the text of `t` from code unit `from` (a token's start, or 0), at most
 * `limit` of them: a block of the whole list `discoveryTokensOf(t)` would give from the token starting
 * at `from` (the scan keeps no state across a token's start), and the whole list when fewer than
 * `limit` tokens remain. Valid until the next call (shared scratch, as tokenize's).
 * @example discoveryTokensOf(tokenizeText('a tool dubbed Hector.')).count // 5
 */
export function discoveryTokensOf(t: TextTokens, from = 0, limit = BLOCK): Tokens {
  const text = t.text;
  const len = text.length;
  const { count, start: ts } = t;
  const own = limit <= BLOCK;
  const starts = own ? scratchStart : new Int32Array(limit);
  const ends = own ? scratchEnd : new Int32Array(limit);
  const classes = own ? scratchClass : new Uint8Array(limit);
  let n = 0;
  let j = t.firstAtOrAfter(from);
  let i = from;
  while (i < len && n < limit) {
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
        i = t.endOf(j++);
        continue;
      }
      if (i >= len) break;
      const d = text.charCodeAt(i);
      if (isWordCode(d)) i++;
      else if (d === 46 && i + 1 < len && text.charCodeAt(i + 1) !== 45 && isWordCode(text.charCodeAt(i + 1))) i++;
      else break;
    }
    const single = firstToken >= 0 && j === firstToken + 1 && i === t.endOf(firstToken);
    starts[n] = s;
    ends[n] = i;
    classes[n++] = single ? classOfToken(t, firstToken) : classOfSpan(text, s, i);
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

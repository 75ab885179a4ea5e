/**
 * Word tokens of a whole document, computed once per pipeline run and shared by the knowledge stages
 * (entities, techniques, document, relationships) through `sharedText(ctx).tokens` (src/text/shared.ts).
 *
 * API (all offsets are UTF-16 code-unit offsets into the document text):
 * - `tokenizeText(text): TextTokens` — one char loop, no string per token:
 *   - `count`: number of tokens; token `i` is `text.slice(start[i], endOf(i))`.
 *   - `start: Int32Array`, ascending; `endOf(i)` (exclusive); tokens never overlap. Ends are kept as a
 *     byte of length each (`len`, LONG for 255 code units or more, whose ends sit in a small map): 9
 *     bytes a token instead of 13 (10 MB of `a.a.a.` is 5 million tokens).
 *   - `flags: Uint8Array`: bit set of CAPITALISED (first code unit A–Z), ALL_CAPS (has A–Z, no a–z),
 *     DIGITS (only 0–9), HAS_DIGIT, NON_ASCII (some code unit ≥ 0x80).
 *   - `id: Int32Array`: the token's lower-cased word as an intern id (src/text/intern.ts, shared with the
 *     techniques tokenizer), or INTERN_SLOTS + k for `overflow[k]` once the intern table is full. Words
 *     with non-ASCII letters are lower-cased with `toLowerCase` first.
 *   - `word(i)`: the token lower-cased (the interned string); `raw(i)`: as written.
 *   - `firstAtOrAfter(offset)`: index of the first token starting at or after `offset` (binary search;
 *     `count` when none): a sentence [s, e) owns tokens firstAtOrAfter(s) … while start[i] < e.
 * - `wordHash(word)`: FNV-1a (32-bit, offset 0x811c9dc5, prime 0x01000193) over a word's code units with
 *   ASCII A–Z lower-cased (the intern table's key; techniques hash a token's word with it). No table of
 *   token hashes is kept: a hash is a function of the token's word, so a consumer caches it per intern
 *   id (10 MB of `a.a.a.` is 5 million tokens: 20 MB per 4-byte table).
 *
 * A word is a run of ASCII letters, digits and `_`, and code units above U+00BF except the typographic
 * quotes, dashes and bullet (U+2019, U+201C, U+201D, U+2013, U+2014, U+2022): the techniques tokenizer's
 * definition, so `cmd.exe` is `cmd`, `exe`, and "APT-41" is `apt`, `41`. Sentences (splitSentences)
 * never cut inside a word, so the tokens of a sentence are exactly the document tokens inside it.
 */
import { firstAtOrAfter } from '../util/search.js';
import { INTERN_SLOTS, internedWord, internLowered, internPacked, internSlot } from './intern.js';

/** Token flag: first code unit is an ASCII capital (A–Z). */
export const CAPITALISED = 1;
/** Token flag: has an ASCII capital and no ASCII lower-case letter. */
export const ALL_CAPS = 2;
/** Token flag: only ASCII digits. */
export const DIGITS = 4;
/** Token flag: contains an ASCII digit. */
export const HAS_DIGIT = 8;
/** Token flag: contains a code unit ≥ 0x80. */
export const NON_ASCII = 16;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Per ASCII code: its lower-case form when it is a word character, else 0. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => {
  if (c >= 65 && c <= 90) return c + 32;
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 ? c : 0;
});

/**
 * Whether a code unit is part of a word.
 * @example isTokenChar('a'.charCodeAt(0)) // true; isTokenChar(46) // false ('.')
 */
export function isTokenChar(c: number): boolean {
  if (c < 128) return ASCII_WORD[c] !== 0;
  return c > 0xbf && c !== 0x2019 && c !== 0x201c && c !== 0x201d && c !== 0x2013 && c !== 0x2014 && c !== 0x2022;
}

/**
 * The token hash of a word (ASCII A–Z lower-cased, other code units as they are).
 * @example wordHash('Backdoor') === wordHash('backdoor')
 */
export function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) {
    let c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return h >>> 0;
}

/** The tokens of one text (see the module comment for the API). */
export class TextTokens {
  constructor(
    readonly text: string,
    readonly count: number,
    readonly start: Int32Array,
    /** Token lengths, LONG for a token of LONG code units or more (its end is in `longEnds`). */
    readonly len: Uint8Array,
    readonly flags: Uint8Array,
    readonly id: Int32Array,
    readonly overflow: string[],
    /** Ends of the tokens of LONG code units or more, by token index (at most one per LONG code units of text). */
    readonly longEnds: ReadonlyMap<number, number>,
  ) {}

  /** End (exclusive) of token i. */
  endOf(i: number): number {
    const l = this.len[i]!;
    return l !== LONG ? this.start[i]! + l : this.longEnds.get(i)!;
  }

  /** Token i as written. */
  raw(i: number): string {
    return this.text.slice(this.start[i], this.endOf(i));
  }

  /** Token i lower-cased. */
  word(i: number): string {
    return this.wordOf(this.id[i]!);
  }

  /** The word of a token id of this text (see `id`). */
  wordOf(id: number): string {
    return id < INTERN_SLOTS ? internedWord(id) : this.overflow[id - INTERN_SLOTS]!;
  }

  /** Index of the first token with start ≥ offset (`count` when there is none). */
  firstAtOrAfter(offset: number): number {
    return firstAtOrAfter(this.start, offset, this.count);
  }
}

/** `len` of a token of this many code units or more (its end is kept in `longEnds`). */
export const LONG = 255;

/** Per ASCII code: bit 1 upper-case letter, 2 lower-case letter, 4 digit, 8 `_`; 0 not a word character. */
const ASCII_KIND = Uint8Array.from({ length: 128 }, (_, c) => (c >= 65 && c <= 90 ? 1 : c >= 97 && c <= 122 ? 2 : c >= 48 && c <= 57 ? 4 : c === 95 ? 8 : 0));

/**
 * Tokenizes a whole text in one pass. Hand-written: it replaces several per-stage tokenizers on the
 * extract hot path, and a regex split would create a string per token.
 * @example const t = tokenizeText('APT41 used KeyPlug.'); t.count // 3; t.word(2) // 'keyplug'
 */
export function tokenizeText(text: string): TextTokens {
  const n = text.length;
  // Room for the most tokens a text can hold (one per two code units: a word character and a
  // separator), so the tables never grow: pages past the last token written are never touched, while
  // growing by doubling touched one and a half times the final size (`a.a.a.…`: 129 against 91 MB).
  let cap = 16 + ((n + 1) >> 1);
  let start = new Int32Array(cap);
  let len = new Uint8Array(cap);
  let flags = new Uint8Array(cap);
  let ids = new Int32Array(cap);
  const overflow: string[] = [];
  const longEnds = new Map<number, number>();
  let k = 0;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c < 128 ? ASCII_KIND[c] === 0 : !isTokenChar(c)) {
      i++;
      continue;
    }
    if (k === cap) {
      cap *= 2;
      start = grow(start, new Int32Array(cap));
      len = grow(len, new Uint8Array(cap));
      flags = grow(flags, new Uint8Array(cap));
      ids = grow(ids, new Int32Array(cap));
    }
    const s = i;
    let h = FNV_OFFSET;
    // Bits of ASCII_KIND seen, and 16 once a code unit ≥ 0x80 was.
    let kinds = 0;
    // The first 8 lower-cased code units packed a byte each, for the intern table's quick compare.
    let lo = 0;
    let hi = 0;
    for (;;) {
      if (c < 128) {
        const kind = ASCII_KIND[c]!;
        if (kind === 0) break;
        kinds |= kind;
        if (kind === 1) c += 32;
        const at = i - s;
        if (at < 4) lo |= c << (8 * at);
        else if (at < 8) hi |= c << (8 * (at - 4));
      } else {
        if (!isTokenChar(c)) break;
        kinds |= 16;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
      c = text.charCodeAt(++i);
      if (i >= n) break;
    }
    const first = text.charCodeAt(s);
    start[k] = s;
    if (i - s < LONG) len[k] = i - s;
    else {
      len[k] = LONG;
      longEnds.set(k, i);
    }
    flags[k] =
      (first >= 65 && first <= 90 ? CAPITALISED : 0) |
      ((kinds & 3) === 1 ? ALL_CAPS : 0) |
      (kinds === 4 ? DIGITS : 0) |
      ((kinds & 4) !== 0 ? HAS_DIGIT : 0) |
      ((kinds & 16) !== 0 ? NON_ASCII : 0);
    let id = (kinds & 16) !== 0 ? internNonAscii(text, s, i) : i - s <= 8 ? internPacked(text, s, i, h, lo, hi) : internSlot(text, s, i, h);
    if (id < 0) id = INTERN_SLOTS + overflow.push(text.slice(s, i).toLowerCase()) - 1;
    ids[k] = id;
    k++;
  }
  return new TextTokens(text, k, start, len, flags, ids, overflow, longEnds);
}

/** Intern id of a word with non-ASCII code units: lower-cased whole (`toLowerCase`), as the techniques tokenizer does. */
function internNonAscii(text: string, s: number, e: number): number {
  const w = text.slice(s, e).toLowerCase();
  return internLowered(w, wordHash(w) | 0);
}

function grow<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

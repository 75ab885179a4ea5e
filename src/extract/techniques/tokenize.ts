import { INTERN_SLOTS, internedWord, internPacked, internSlot } from '../../text/intern.js';

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

// Words are interned in the process-wide table of src/text/intern.ts (shared with the document
// tokenizer, so both give a word the same id): the ASCII fast path creates no string per token.
export { INTERN_SLOTS };

/** The interned string for `lower`-cased text[s, e) with hash h, or a fresh slice when the table is full. */
function internAscii(text: string, s: number, e: number, h: number): string {
  const id = internSlot(text, s, e, h);
  return id >= 0 ? internedWord(id) : text.slice(s, e).toLowerCase();
}

/**
 * Splits a sentence into lower-cased word tokens (runs of letters, digits and `_`; `cmd.exe` gives
 * `cmd`, `exe`) and hashes each word in the same pass. Token offsets are not kept (evidence points at
 * whole sentences). Hand-written: it is the hot path of recognition. ASCII sentences (almost all of an
 * English report) take an interning fast path; others are lower-cased whole, with identical results.
 */
export function tokenize(text: string): Tokens {
  const words: string[] = [];
  const hashes: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c >= 0x80) return tokenizeLowered(text);
    if (c >= 65 && c <= 90) c += 32;
    if (!isWordChar(c)) {
      i++;
      continue;
    }
    const s = i;
    let h = FNV_OFFSET;
    let digits = true;
    for (;;) {
      h = Math.imul(h ^ c, FNV_PRIME);
      if (c < 48 || c > 57) digits = false;
      if (++i >= n) break;
      c = text.charCodeAt(i);
      if (c >= 0x80) return tokenizeLowered(text);
      if (c >= 65 && c <= 90) c += 32;
      if (!isWordChar(c)) break;
    }
    h >>>= 0;
    words.push(internAscii(text, s, i, h | 0));
    hashes.push(digits ? NUMBER_HASH : h);
  }
  return { words, hashes };
}

/** General path (any non-ASCII character): the sentence is lower-cased once, words are sliced. */
function tokenizeLowered(text: string): Tokens {
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

/**
 * One sentence's tokens as numbers, in arrays reused from sentence to sentence (the recognition hot path
 * creates no string and no array per token): `ids[k]` is the word's intern slot (below INTERN_SLOTS), or
 * INTERN_SLOTS + j for `overflow[j]` once the intern table is full; `hashes[k]` as in Tokens.
 */
export interface TokenBuffer {
  n: number;
  ids: Int32Array;
  hashes: Uint32Array;
  overflow: string[];
}

/** An empty TokenBuffer (grows as needed). */
export function newTokenBuffer(): TokenBuffer {
  return { n: 0, ids: new Int32Array(256), hashes: new Uint32Array(256), overflow: [] };
}

/** What a matcher reads of a token list: the words, as intern ids (and the words past the intern table). */
export type TokenWords = Pick<TokenBuffer, 'ids' | 'overflow'>;

/** The word of token id `id` of `buf` (lower case). */
export function wordOfToken(buf: TokenWords, id: number): string {
  return id < INTERN_SLOTS ? internedWord(id) : buf.overflow[id - INTERN_SLOTS]!;
}

/**
 * Same tokens as tokenize(text), written into `buf` as ids and hashes (same words, same hashes, same
 * order). Sentences with non-ASCII letters are lower-cased whole first, as in tokenize.
 */
export function scanTokens(text: string, buf: TokenBuffer): void {
  buf.n = 0;
  buf.overflow.length = 0;
  writeCodes(text);
  appendRange(codes, 0, text.length, text, undefined, buf);
}

/** Tokens of many sentences of one text: sentence k has tokens [first[k], first[k + 1]) of the buffer. */
export interface SentenceTokens extends TokenBuffer {
  first: Int32Array;
}

/** An empty SentenceTokens (grows as needed). */
export function newSentenceTokens(): SentenceTokens {
  return { ...newTokenBuffer(), first: new Int32Array(64) };
}

/**
 * scanTokens of every sentence of `text` (`sentences[k].text` must be text[start, end)), in one
 * buffer. The text is copied in windows of about WINDOW code units, each holding whole sentences, and
 * each sentence is scanned in place (no copy per sentence, no copy of a whole huge document).
 */
export function scanSentences(text: string, sentences: readonly { text: string; start: number; end: number }[], buf: SentenceTokens): void {
  buf.n = 0;
  buf.overflow.length = 0;
  if (buf.first.length <= sentences.length) buf.first = new Int32Array(sentences.length + 1);
  // The window: text[base, limit) as a string (a slice: V8 shares the characters) and in `codes`.
  let base = 0;
  let limit = -1;
  let win = '';
  for (let k = 0; k < sentences.length; k++) {
    const s = sentences[k]!;
    buf.first[k] = buf.n;
    if (s.start < base || s.end > limit) {
      base = s.start;
      limit = Math.min(text.length, Math.max(s.end, base + WINDOW));
      win = text.slice(base, limit);
      writeCodes(win);
    }
    appendRange(codes, s.start - base, s.end - base, win, s.text, buf);
  }
  buf.first[sentences.length] = buf.n;
  // A caller's over-long sentence may have grown the copy: do not keep it alive between calls.
  if (codes.length > WINDOW * 4) setCodes(new Uint16Array(WINDOW));
}

/** Code units copied at a time by scanSentences (128 KB: stays in the L2 cache while it is scanned). */
const WINDOW = 1 << 16;

/** UTF-16 code units of the last text written (one native copy; typed-array reads beat charCodeAt). */
let codes: Uint16Array = new Uint16Array(4096);
let codesBuffer: Buffer = Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength);

function writeCodes(text: string): void {
  if (codes.length < text.length) setCodes(new Uint16Array(Math.max(text.length, codes.length * 2)));
  if (LITTLE_ENDIAN) codesBuffer.write(text, 0, 'utf16le');
  else for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
}

function setCodes(c: Uint16Array): void {
  codes = c;
  codesBuffer = Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

/** `utf16le` bytes read as a Uint16Array give the code units only on a little-endian machine. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Appends the tokens of text[from, to) (`sentence`: that same text as a string, or undefined when the
 * range is all of `text`): the code-unit loop when the range has no non-ASCII letter, else the range
 * lower-cased whole (as tokenize does), discarding what the loop had appended.
 */
function appendRange(c: Uint16Array, from: number, to: number, text: string, sentence: string | undefined, buf: TokenBuffer): void {
  const n0 = buf.n;
  const o0 = buf.overflow.length;
  if (scanCodes(c, from, to, text, buf)) return;
  buf.n = n0;
  buf.overflow.length = o0;
  scanLower((sentence ?? text.slice(from, to)).toLowerCase(), buf);
}

/**
 * Code unit below 0xc0 → its lower-case form when it is a word character (isWordChar), else 0. Code
 * units 0x80-0xbf are never word characters and have no case mapping.
 */
const WORD_CODE = Uint8Array.from({ length: 0xc0 }, (_, c) => {
  const l = c >= 65 && c <= 90 ? c + 32 : c;
  return isWordChar(l) ? l : 0;
});

/** Non-word code units above 0xbf that toLowerCase leaves alone (typographic quotes, dashes, bullet). */
function isPunctuation(c: number): boolean {
  return c === 0x2019 || c === 0x201c || c === 0x201d || c === 0x2013 || c === 0x2014 || c === 0x2022;
}

/**
 * scanLower over c[from, to) (the code units of text[from, to)), appending to `buf`; false when it
 * meets a code unit that may be (part of) a non-ASCII letter (the caller then lower-cases the range).
 */
function scanCodes(c: Uint16Array, from: number, to: number, text: string, buf: TokenBuffer): boolean {
  let i = from;
  while (i < to) {
    let x = c[i]!;
    if (x >= 0xc0) {
      if (!isPunctuation(x)) return false;
      i++;
      continue;
    }
    x = WORD_CODE[x]!;
    if (x === 0) {
      i++;
      continue;
    }
    const s = i;
    let h = FNV_OFFSET;
    let digits = true;
    let lo = 0;
    let hi = 0;
    for (;;) {
      h = Math.imul(h ^ x, FNV_PRIME);
      // Word characters here are digits (48-57), `_` (95) or lower-case ASCII letters.
      if (x > 57) digits = false;
      const k = i - s;
      if (k < 4) lo |= x << (8 * k);
      else if (k < 8) hi |= x << (8 * (k - 4));
      if (++i >= to) break;
      x = c[i]!;
      if (x >= 0xc0) {
        if (!isPunctuation(x)) return false;
        break;
      }
      x = WORD_CODE[x]!;
      if (x === 0) break;
    }
    h >>>= 0;
    if (buf.n === buf.ids.length) growBuffer(buf);
    let id = i - s <= 8 ? internPacked(text, s, i, h | 0, lo, hi) : internSlot(text, s, i, h | 0);
    if (id < 0) id = INTERN_SLOTS + buf.overflow.push(text.slice(s, i).toLowerCase()) - 1;
    buf.ids[buf.n] = id;
    buf.hashes[buf.n++] = digits ? NUMBER_HASH : h;
  }
  return true;
}

/** Appends the tokens of ASCII text (upper case folded on the fly) or of text already lower-cased whole. */
function scanLower(text: string, buf: TokenBuffer): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (!isWordChar(c)) {
      i++;
      continue;
    }
    const s = i;
    let h = FNV_OFFSET;
    let digits = true;
    for (;;) {
      h = Math.imul(h ^ c, FNV_PRIME);
      if (c < 48 || c > 57) digits = false;
      if (++i >= n) break;
      c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      if (!isWordChar(c)) break;
    }
    h >>>= 0;
    if (buf.n === buf.ids.length) growBuffer(buf);
    let id = internSlot(text, s, i, h | 0);
    if (id < 0) id = INTERN_SLOTS + buf.overflow.push(text.slice(s, i).toLowerCase()) - 1;
    buf.ids[buf.n] = id;
    buf.hashes[buf.n++] = digits ? NUMBER_HASH : h;
  }
}

function growBuffer(buf: TokenBuffer): void {
  const ids = new Int32Array(buf.ids.length * 2);
  ids.set(buf.ids);
  const hashes = new Uint32Array(ids.length);
  hashes.set(buf.hashes);
  buf.ids = ids;
  buf.hashes = hashes;
}

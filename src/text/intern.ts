/**
 * One process-wide table of lower-cased words, each with a dense integer id (first-seen order), shared
 * by the document tokenizer (tokens.ts) and the techniques tokenizer: a word is interned once, and every
 * knowledge stage caches what a word means to it per id (one array read per token instead of a string
 * look-up). Hand-written open addressing keyed by the word's FNV-1a hash (tokens.ts computes it while
 * scanning), so the hot path creates no string per token.
 *
 * The table holds (hash, id + 1, packed bytes low, high) side by side and grows with the vocabulary (a
 * small table stays in cache). An ASCII word of at most 8 characters is packed into two ints (zero bytes
 * after its end; word bytes are never zero), so equal packed ints mean equal words without reading the
 * string; other words are compared with the stored string (packed ints 0, 0).
 * Bounded: once INTERN_SLOTS words are stored, no new word is added (callers keep such words aside:
 * hostile text cannot grow the table).
 */

/** Ids below this are interned words; the table never holds more. */
export const INTERN_SLOTS = 1 << 16;

const SLOT = 4;
let tableMask = (1 << 12) - 1;
let table = new Int32Array((tableMask + 1) * SLOT);
const words: string[] = [];

/**
 * The word of intern id `id` (lower case).
 * @example internedWord(internWordString('backdoor')) // 'backdoor'
 */
export function internedWord(id: number): string {
  return words[id]!;
}

/**
 * The intern id of lower-cased text[s, e) whose hash (see tokens.ts wordHash) is `h | 0`, interning it;
 * -1 when the table is full. For ASCII text, or text already lower-cased whole (words with other
 * letters go through internLowered, so one word never gets two ids).
 * @example internSlot('Backdoor', 0, 8, wordHash('backdoor') | 0)
 */
export function internSlot(text: string, s: number, e: number, h: number): number {
  const len = e - s;
  for (let slot = h & tableMask; ; slot = (slot + 1) & tableMask) {
    const id = table[slot * SLOT + 1]! - 1;
    if (id < 0) return add(text.slice(s, e).toLowerCase(), slot, h);
    if (table[slot * SLOT] === h) {
      const w = words[id]!;
      if (w.length === len && sameLower(w, text, s)) return id;
    }
  }
}

/**
 * internSlot for an ASCII word of at most 8 characters whose lower-cased code units are packed into
 * `lo` (characters 0–3, a byte each) and `hi` (4–7): most look-ups end on the packed compare.
 * @example internPacked('Ab', 0, 2, wordHash('ab') | 0, 0x6261, 0) === internSlot('ab', 0, 2, wordHash('ab') | 0)
 */
export function internPacked(text: string, s: number, e: number, h: number, lo: number, hi: number): number {
  for (let slot = h & tableMask; ; slot = (slot + 1) & tableMask) {
    const at = slot * SLOT;
    const id = table[at + 1]! - 1;
    if (id < 0) return internSlot(text, s, e, h);
    if (table[at] === h && table[at + 2] === lo && table[at + 3] === hi) return id;
  }
}

/**
 * The intern id of a word already lower-cased as a whole (`toLowerCase`, for words with non-ASCII
 * letters), with `h` its hash; -1 when the table is full.
 * @example internLowered('škoda', wordHash('škoda') | 0)
 */
export function internLowered(word: string, h: number): number {
  for (let slot = h & tableMask; ; slot = (slot + 1) & tableMask) {
    const id = table[slot * SLOT + 1]! - 1;
    if (id < 0) return add(word, slot, h);
    if (table[slot * SLOT] === h && words[id] === word) return id;
  }
}

/** Stores `word` at the free `slot`; its id, or -1 when the table is full. */
function add(word: string, slot: number, h: number): number {
  if (words.length >= INTERN_SLOTS) return -1;
  const n = words.push(word);
  table[slot * SLOT] = h;
  table[slot * SLOT + 1] = n;
  if (word.length <= 8 && /^[\x01-\x7f]*$/.test(word)) {
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < word.length; k++) {
      if (k < 4) lo |= word.charCodeAt(k) << (8 * k);
      else hi |= word.charCodeAt(k) << (8 * (k - 4));
    }
    table[slot * SLOT + 2] = lo;
    table[slot * SLOT + 3] = hi;
  }
  if (n * 2 > tableMask) growTable();
  return n - 1;
}

/** Doubles the table (load factor stays under 1/2). */
function growTable(): void {
  const old = table;
  tableMask = tableMask * 2 + 1;
  table = new Int32Array((tableMask + 1) * SLOT);
  for (let k = 0; k < old.length; k += SLOT) {
    if (old[k + 1] === 0) continue;
    let slot = old[k]! & tableMask;
    while (table[slot * SLOT + 1] !== 0) slot = (slot + 1) & tableMask;
    table.set(old.subarray(k, k + SLOT), slot * SLOT);
  }
}

/** Whether text[s, s + w.length) lower-cased (ASCII) is `w`. */
function sameLower(w: string, text: string, s: number): boolean {
  for (let k = 0; k < w.length; k++) {
    let c = text.charCodeAt(s + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== w.charCodeAt(k)) return false;
  }
  return true;
}

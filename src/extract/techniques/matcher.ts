import { elementMatches, type CompiledPattern } from './pattern.js';
import type { Tokens } from './tokenize.js';

/** A pattern match inside one sentence, in token indexes (end exclusive). */
export interface PhraseMatch {
  pattern: number;
  first: number;
  end: number;
}

/** Patterns have at most this many elements (an element index fits in 4 bits of an entry). */
export const MAX_ELEMENTS = 16;
const GAP_STATES = 16;
const MEMO_LIMIT = 200_000;
/** Elements made only of these words are not indexed (too common); the NFA still checks them. */
const COMMON = new Set(['a', 'an', 'the', 'in', 'on', 'to', 'via', 'through', 'with', 'from', 'by', 'of', 'for', 'into', 'onto', 'over', 'using', 'as', 'and', 'or', 'is', 'are', 'was', 'were', 'be', 'been', 'its', 'it', 'their', 'them', 'that', 'this', 'at', 'c', 'then', 'back', 'under', 'within', 'inside', 'after', 'before', 'when', 'once', 'if']);

function isCommon(el: CompiledPattern[number]): boolean {
  if (el.prefixes.length > 0) return false;
  for (const w of el.exact) if (!COMMON.has(w)) return false;
  return true;
}

/**
 * Matches many compiled phrase patterns over a sentence's tokens in two linear passes (hand-written:
 * this is the hot path of technique recognition).
 * 1. Each token is looked up once in an inverted index (exact words in a map; prefixes by their first
 *    three characters) that marks which elements of which patterns it can fill.
 * 2. Only patterns whose every (indexed) element was marked run a small bounded NFA from each token
 *    that filled their first element in pass 1 (gaps are capped at 12 tokens, so each run is bounded).
 * No regex and no backtracking: the cost is the number of tokens times the (small) index fan-out.
 */
export class PhraseIndex {
  private readonly words = new Map<string, number[]>();
  private readonly prefixes = new Map<number, { prefix: string; entries: number[] }[]>();
  private readonly full: Uint32Array;
  private readonly mask: Uint32Array;
  private readonly touched: Int32Array;
  private nTouched = 0;
  private readonly memo = new Map<string, Int32Array | null>();
  /** Pass-1 anchors of the current sentence: pattern id, token index pairs. */
  private anchors: Int32Array = new Int32Array(256);
  // NFA scratch: states are element index * GAP_STATES + gap used.
  private cur = new Int32Array(MAX_ELEMENTS * GAP_STATES);
  private next = new Int32Array(MAX_ELEMENTS * GAP_STATES);
  private readonly seen = new Int32Array(MAX_ELEMENTS * GAP_STATES);
  private generation = 0;

  constructor(private readonly patterns: readonly CompiledPattern[]) {
    this.full = new Uint32Array(patterns.length);
    this.mask = new Uint32Array(patterns.length);
    this.touched = new Int32Array(patterns.length);
    patterns.forEach((p, id) => {
      if (p.length > MAX_ELEMENTS) throw new RangeError(`pattern ${id} has more than ${MAX_ELEMENTS} elements`);
      p.forEach((el, k) => {
        // Common-word elements (other than the first) are left to the NFA: indexing them costs more than it saves.
        if (el.optional || (k > 0 && isCommon(el))) return;
        const entry = id * MAX_ELEMENTS + k;
        this.full[id]! |= 1 << k;
        for (const w of el.exact) push(this.words, w, entry);
        for (const pre of el.prefixes) {
          const key = key3(pre);
          let list = this.prefixes.get(key);
          if (list === undefined) this.prefixes.set(key, (list = []));
          let slot = list.find((x) => x.prefix === pre);
          if (slot === undefined) list.push((slot = { prefix: pre, entries: [] }));
          slot.entries.push(entry);
        }
      });
    });
  }

  /** Calls `onMatch` for the first (shortest) match of each complete pattern starting at each token. */
  match(tokens: Tokens, onMatch: (m: PhraseMatch) => void): void {
    const words = tokens.words;
    let nAnchors = 0;
    for (let i = 0; i < words.length; i++) {
      const entries = this.entriesOf(words[i]!);
      if (entries === null) continue;
      for (let k = 0; k < entries.length; k++) {
        const e = entries[k]!;
        this.mark(e);
        // Entries of element 0 are where a match can start: remember (pattern, token) for pass 2.
        if (e % MAX_ELEMENTS === 0) {
          if (nAnchors * 2 + 2 > this.anchors.length) this.anchors = growInt32(this.anchors);
          this.anchors[nAnchors * 2] = e / MAX_ELEMENTS;
          this.anchors[nAnchors * 2 + 1] = i;
          nAnchors++;
        }
      }
    }
    for (let k = 0; k < nAnchors; k++) {
      const id = this.anchors[k * 2]!;
      if ((this.mask[id]! & this.full[id]!) === this.full[id]!) this.run(id, words, this.anchors[k * 2 + 1]!, onMatch);
    }
    for (let k = 0; k < this.nTouched; k++) this.mask[this.touched[k]!] = 0;
    this.nTouched = 0;
  }

  /**
   * Every pattern element a word fills (exact and prefix), memoised per distinct word: natural text
   * repeats a small vocabulary, so most tokens cost one map look-up. The memo is capped so hostile input
   * with endless distinct words cannot grow it without bound.
   */
  private entriesOf(w: string): Int32Array | null {
    const memo = this.memo.get(w);
    if (memo !== undefined) return memo;
    const out: number[] = [...(this.words.get(w) ?? [])];
    if (w.length >= 3) {
      const pre = this.prefixes.get(key3(w));
      if (pre !== undefined) for (const slot of pre) if (w.startsWith(slot.prefix)) out.push(...slot.entries);
    }
    const entries = out.length === 0 ? null : Int32Array.from(out);
    if (this.memo.size < MEMO_LIMIT) this.memo.set(w, entries);
    return entries;
  }

  private mark(entry: number): void {
    const id = (entry / MAX_ELEMENTS) | 0;
    if (this.mask[id] === 0) this.touched[this.nTouched++] = id;
    this.mask[id]! |= 1 << entry % MAX_ELEMENTS;
  }

  private run(id: number, words: readonly string[], i: number, onMatch: (m: PhraseMatch) => void): void {
    const p = this.patterns[id]!;
    if (p.length === 1) {
      onMatch({ pattern: id, first: i, end: i + 1 });
      return;
    }
    let cur = this.cur;
    let next = this.next;
    this.generation++;
    let nCur = this.addState(cur, 0, p, 1);
    for (let t = i + 1; t < words.length && nCur > 0; t++) {
      const w = words[t]!;
      let nNext = 0;
      this.generation++;
      for (let k = 0; k < nCur; k++) {
        const s = cur[k]!;
        const j = (s / GAP_STATES) | 0;
        const used = s % GAP_STATES;
        const el = p[j]!;
        if (elementMatches(el, w)) {
          if (j + 1 === p.length || allOptional(p, j + 1)) {
            onMatch({ pattern: id, first: i, end: t + 1 });
            return;
          }
          nNext = this.addState(next, nNext, p, j + 1);
        }
        if (used < el.gap && this.seen[s + 1] !== this.generation) {
          this.seen[s + 1] = this.generation;
          next[nNext++] = s + 1;
        }
      }
      const tmp = cur;
      cur = next;
      next = tmp;
      nCur = nNext;
    }
  }

  /** Adds state (j, 0) and, for optional elements, the following ones (epsilon closure). */
  private addState(states: Int32Array, n: number, p: CompiledPattern, j: number): number {
    for (let k = j; k < p.length; k++) {
      const s = k * GAP_STATES;
      if (this.seen[s] !== this.generation) {
        this.seen[s] = this.generation;
        states[n++] = s;
      }
      if (!p[k]!.optional) break;
    }
    return n;
  }
}

function growInt32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function allOptional(p: CompiledPattern, from: number): boolean {
  for (let k = from; k < p.length; k++) if (!p[k]!.optional) return false;
  return true;
}

function key3(w: string): number {
  return (w.charCodeAt(0) << 21) ^ (w.charCodeAt(1) << 10) ^ w.charCodeAt(2);
}

function push(m: Map<string, number[]>, k: string, v: number): void {
  const a = m.get(k);
  if (a === undefined) m.set(k, [v]);
  else a.push(v);
}

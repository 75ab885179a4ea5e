/**
 * Multi-name matcher: a trie of folded names walked from every word start of the text, so thousands of
 * actor, malware and place names cost a few table steps per word instead of one regex per name.
 * Hand-written by policy (fast matchers are); no npm package folds separators away while keeping
 * offsets into the original text, which the mentions need.
 *
 * Why a trie from word starts rather than an Aho-Corasick automaton over every character: a name must
 * start on a word boundary, so only word starts can begin a match, and most words leave the trie after
 * a character or two. The full DFA this replaced (29,000 states × 38 symbols, 4.5 MB) missed the cache
 * on nearly every character; the trie keeps its shallow states dense and the rest in compact child
 * lists (~0.3 MB). Each walk reads at most `maxLength` symbols (plus the separators between them), so
 * the scan stays linear in the text.
 *
 * Folding follows `foldName`: "APT 41", "APT-41" and "apt41" are one key. Matches must start and end
 * on word boundaries of the original text ("Turla" does not match inside "Turlagrams").
 */
import { foldName, isAsciiAlnum, isNameJoiner, isNameSeparator } from './fold.js';

/** Symbols: 0–25 a–z, 26–35 0–9, 36 any other letter or digit, 37 a joining mark. */
const ALPHABET = 38;
const OTHER = 36;
const JOINER = 37;
const SKIP = -1;
const BREAK = -2;
/** Trie states (in breadth-first order) whose children sit in a dense row: the shallow, hot ones. */
const DENSE_STATES = 256;

/** A compiled matcher; build once per knowledge base with `compileNames`. */
export interface NameAutomaton {
  /** The distinct folded keys, indexed by pattern id. */
  readonly keys: readonly string[];
  /** Pattern id ending at each trie state, or -1 (state 0 is the root; states are in breadth-first order). */
  readonly out: Int32Array;
  /** Children of the first DENSE_STATES states: `dense[state * ALPHABET + symbol]`, or -1. */
  readonly dense: Int32Array;
  /** Children of the other states: symbols and states of `state` in [childStart[state], childStart[state + 1]). */
  readonly childStart: Int32Array;
  readonly childSymbol: Uint8Array;
  readonly childState: Int32Array;
  /** 1 for keys with letters outside a–z/0–9: all such letters share one symbol, so hits are re-checked. */
  readonly verify: Uint8Array;
  readonly maxLength: number;
}

/** One occurrence of a key: `[start, end)` are UTF-16 offsets into the scanned text. */
export interface NameMatch {
  key: number;
  start: number;
  end: number;
}

const ASCII_SYMBOLS = buildAsciiTable();

function buildAsciiTable(): Int8Array {
  const t = new Int8Array(128).fill(BREAK);
  for (let c = 0; c < 128; c++) {
    if (c >= 97 && c <= 122) t[c] = c - 97;
    else if (c >= 65 && c <= 90) t[c] = c - 65;
    else if (c >= 48 && c <= 57) t[c] = 26 + c - 48;
    else if (isNameSeparator(c)) t[c] = SKIP;
    else if (isNameJoiner(c)) t[c] = JOINER;
  }
  return t;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const nonAsciiCache = new Map<number, number>();

/** Symbol of a non-ASCII code unit: folded diacritics map to their base letter. */
function nonAsciiSymbol(c: number): number {
  const hit = nonAsciiCache.get(c);
  if (hit !== undefined) return hit;
  let sym = BREAK;
  if (isNameSeparator(c)) sym = SKIP;
  else if (isNameJoiner(c)) sym = JOINER;
  else {
    const folded = foldName(String.fromCharCode(c));
    const f = folded.charCodeAt(0);
    if (folded.length === 1 && f < 128) sym = ASCII_SYMBOLS[f] ?? BREAK;
    else if (LETTER_OR_DIGIT.test(String.fromCharCode(c))) sym = OTHER;
  }
  if (nonAsciiCache.size < 4096) nonAsciiCache.set(c, sym);
  return sym;
}

function symbolOf(c: number): number {
  return c < 128 ? (ASCII_SYMBOLS[c] as number) : nonAsciiSymbol(c);
}

/** Symbols of an already folded key; undefined when it holds a hard break. */
function keySymbols(key: string): number[] | undefined {
  const out: number[] = [];
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const s = c === 124 ? JOINER : symbolOf(c);
    if (s === BREAK) return undefined;
    if (s !== SKIP) out.push(s);
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Compiles folded keys (from `foldName`) into a trie. Keys that cannot match (empty, or with a hard
 * break) are kept in `keys` but never reported; of keys with the same symbols, the first is reported.
 * @example const a = compileNames(['apt41', 'wickedpanda']); scanNames(a, 'APT 41 aka Wicked Panda')
 */
export function compileNames(keys: readonly string[]): NameAutomaton {
  // A pointer trie first (one Map per state), then laid out breadth-first in typed arrays.
  const children: Map<number, number>[] = [new Map()];
  const outOf: number[] = [-1];
  let maxLength = 1;
  keys.forEach((key, id) => {
    const syms = keySymbols(key);
    if (syms === undefined) return;
    let node = 0;
    for (const sym of syms) {
      let next = children[node]!.get(sym);
      if (next === undefined) {
        next = children.push(new Map()) - 1;
        outOf.push(-1);
        children[node]!.set(sym, next);
      }
      node = next;
    }
    if (outOf[node] === -1) outOf[node] = id;
    maxLength = Math.max(maxLength, syms.length);
  });
  const verify = new Uint8Array(keys.length);
  keys.forEach((k, id) => {
    if (/[^a-z0-9|]/.test(k)) verify[id] = 1;
  });
  return { keys, ...layOut(children, outOf), verify, maxLength };
}

/** Breadth-first numbering, dense rows for the first DENSE_STATES states, child lists for the rest. */
function layOut(children: Map<number, number>[], outOf: number[]): Pick<NameAutomaton, 'out' | 'dense' | 'childStart' | 'childSymbol' | 'childState'> {
  const nodes = children.length;
  const order = [0];
  for (let h = 0; h < order.length; h++) for (const sym of [...children[order[h]!]!.keys()].sort((a, b) => a - b)) order.push(children[order[h]!]!.get(sym)!);
  const id = new Int32Array(nodes);
  order.forEach((old, k) => (id[old] = k));
  const out = new Int32Array(nodes);
  const denseCount = Math.min(nodes, DENSE_STATES);
  const dense = new Int32Array(denseCount * ALPHABET).fill(-1);
  const childStart = new Int32Array(nodes + 1);
  const childSymbol = new Uint8Array(nodes);
  const childState = new Int32Array(nodes);
  let edges = 0;
  for (let k = 0; k < nodes; k++) {
    const old = order[k]!;
    out[k] = outOf[old]!;
    childStart[k] = edges;
    for (const sym of [...children[old]!.keys()].sort((a, b) => a - b)) {
      const child = id[children[old]!.get(sym)!]!;
      if (k < denseCount) dense[k * ALPHABET + sym] = child;
      childSymbol[edges] = sym;
      childState[edges++] = child;
    }
  }
  childStart[nodes] = edges;
  return { out, dense, childStart, childSymbol, childState };
}

/** 1 for ASCII letters, digits and `_`: the word characters a name may not touch. */
const ASCII_WORD = buildWordTable();

function buildWordTable(): Uint8Array {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) t[c] = isAsciiAlnum(c) || c === 95 ? 1 : 0;
  return t;
}

/**
 * Letters, digits and `_` (so "PAGE" never matches inside the identifier PAGE_EXECUTE_READWRITE):
 * a name may not start right after one or end right before one. Out-of-range offsets are not word
 * characters.
 * @example isWordChar('a_b', 1) // true
 */
export function isWordChar(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c] === 1;
  const sym = nonAsciiSymbol(c);
  return sym >= 0 && sym <= OTHER;
}

/**
 * Reports every occurrence of every key on word boundaries, overlaps included, in text order of
 * their end offsets (longest first at one end). Linear in the text length plus the number of matches.
 * @example scanNames(compileNames([foldName('Cobalt Strike')]), 'a cobalt-strike beacon') // [{key:0,start:2,end:15}]
 */
export function scanNames(a: NameAutomaton, text: string): NameMatch[] {
  const found: NameMatch[] = [];
  const n = text.length;
  // Hot loop: ASCII symbols and word flags come from typed tables, the rest from a small cache.
  let prevWord = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const sym = c < 128 ? (ASCII_SYMBOLS[c] as number) : nonAsciiSymbol(c);
    // Word characters as isWordChar has them (`_` is one, though names skip it as a separator).
    const word = c < 128 ? ASCII_WORD[c] === 1 : sym >= 0 && sym <= OTHER;
    if (sym >= 0 && !prevWord) {
      const first = a.dense[sym] as number;
      if (first >= 0) walk(a, text, i, first, found);
    }
    prevWord = word;
  }
  if (found.length > 1) found.sort((x, y) => x.end - y.end || x.start - y.start);
  return found;
}

/** Follows the trie from state `node` (the first symbol at `start` read), reporting each key that ends on a word boundary. */
function walk(a: NameAutomaton, text: string, start: number, node: number, found: NameMatch[]): void {
  const { out, dense, childStart, childSymbol, childState, verify, keys } = a;
  const n = text.length;
  let i = start;
  for (;;) {
    const key = out[node] as number;
    if (key !== -1 && !isWordChar(text, i + 1) && (verify[key] === 0 || foldName(text.slice(start, i + 1)) === keys[key])) found.push({ key, start, end: i + 1 });
    // Next symbol, over separators.
    let sym = SKIP;
    while (++i < n) {
      const c = text.charCodeAt(i);
      sym = c < 128 ? (ASCII_SYMBOLS[c] as number) : nonAsciiSymbol(c);
      if (sym !== SKIP) break;
    }
    if (sym < 0) return;
    let next = -1;
    if (node < DENSE_STATES) next = dense[node * ALPHABET + sym] as number;
    else {
      for (let e = childStart[node] as number, end = childStart[node + 1] as number; e < end; e++) {
        if (childSymbol[e] === sym) {
          next = childState[e] as number;
          break;
        }
      }
    }
    if (next < 0) return;
    node = next;
  }
}

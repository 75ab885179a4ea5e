/**
 * One-pass multi-name matcher: an Aho-Corasick automaton (compiled to a full DFA) over folded text,
 * so thousands of actor, malware and place names cost one table lookup per character instead of one
 * regex per name. Hand-written by policy (fast matchers are); no npm package folds separators away
 * while keeping offsets into the original text, which the mentions need.
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

/** A compiled automaton; build once per knowledge base with `compileNames`. */
export interface NameAutomaton {
  /** The distinct folded keys, indexed by pattern id. */
  readonly keys: readonly string[];
  /**
   * Transitions: the entry at `state × ALPHABET + symbol` is the next state, stored as `-state - 1`
   * when that state reports a key, so the common, silent steps need no second table read. 16-bit
   * entries while the states fit (the bundled names need ~30,000): half the memory of 32-bit ones,
   * and so half the cache lines a scan touches (between documents, the other stages evict them).
   */
  readonly delta: Int16Array | Int32Array;
  /** Pattern id ending at each node, or -1. */
  readonly out: Int32Array;
  /** Nearest proper suffix node carrying an output, or -1. */
  readonly dict: Int32Array;
  /** First node to report from each state: the state itself when it has an output, else its dict link. */
  readonly report: Int32Array;
  /** Length of each key in symbols. */
  readonly lengths: Int32Array;
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
 * Compiles folded keys (from `foldName`) into a DFA. Keys that cannot match (empty, or with a hard
 * break) are kept in `keys` but never reported.
 * @example const a = compileNames(['apt41', 'wickedpanda']); scanNames(a, 'APT 41 aka Wicked Panda')
 */
export function compileNames(keys: readonly string[]): NameAutomaton {
  const symbolLists = keys.map(keySymbols);
  let capacity = 1;
  for (const s of symbolLists) capacity += s?.length ?? 0;
  const delta = new Int32Array(capacity * ALPHABET).fill(-1);
  const out = new Int32Array(capacity).fill(-1);
  const lengths = new Int32Array(keys.length);
  let nodes = 1;
  let maxLength = 1;
  symbolLists.forEach((syms, id) => {
    if (syms === undefined) return;
    let node = 0;
    for (const s of syms) {
      const slot = node * ALPHABET + s;
      if (delta[slot] === -1) delta[slot] = nodes++;
      node = delta[slot] as number;
    }
    if (out[node] === -1) out[node] = id;
    lengths[id] = syms.length;
    maxLength = Math.max(maxLength, syms.length);
  });
  const [dict, order] = linkFailures(delta, out, nodes);
  const verify = new Uint8Array(keys.length);
  keys.forEach((k, id) => {
    if (/[^a-z0-9|]/.test(k)) verify[id] = 1;
  });
  return { keys, ...renumber(delta, out, dict, order, nodes), lengths, maxLength, verify };
}

/**
 * Renumbers states in breadth-first order so the shallow states, where scanning spends most of its
 * time, sit together at the start of the table (fewer cache misses on large name sets).
 */
function renumber(delta: Int32Array, out: Int32Array, dict: Int32Array, order: Int32Array, nodes: number): { delta: Int16Array | Int32Array; out: Int32Array; dict: Int32Array; report: Int32Array } {
  const id = new Int32Array(nodes);
  for (let k = 0; k < nodes; k++) id[order[k]!] = k;
  const d2 = new Int32Array(nodes * ALPHABET);
  const o2 = new Int32Array(nodes);
  const f2 = new Int32Array(nodes);
  for (let k = 0; k < nodes; k++) {
    const old = order[k]!;
    for (let s = 0; s < ALPHABET; s++) d2[k * ALPHABET + s] = id[delta[old * ALPHABET + s]!]!;
    o2[k] = out[old]!;
    const f = dict[old]!;
    f2[k] = f === -1 ? -1 : id[f]!;
  }
  const report = new Int32Array(nodes);
  for (let k = 0; k < nodes; k++) report[k] = o2[k] !== -1 ? k : f2[k]!;
  const packed = nodes <= 32767 ? new Int16Array(d2.length) : d2;
  for (let slot = 0; slot < d2.length; slot++) {
    const t = d2[slot]!;
    packed[slot] = report[t] !== -1 ? -t - 1 : t;
  }
  return { delta: packed, out: o2, dict: f2, report };
}

/** Breadth-first failure links; missing transitions become failure transitions (full DFA). Returns dict links and BFS order. */
function linkFailures(delta: Int32Array, out: Int32Array, nodes: number): [Int32Array, Int32Array] {
  const fail = new Int32Array(nodes);
  const dict = new Int32Array(nodes).fill(-1);
  const queue = new Int32Array(nodes);
  let head = 1;
  let tail = 1; // queue[0] is the root
  for (let s = 0; s < ALPHABET; s++) {
    const child = delta[s] as number;
    if (child === -1) delta[s] = 0;
    else queue[tail++] = child;
  }
  while (head < tail) {
    const node = queue[head++] as number;
    const f = fail[node] as number;
    dict[node] = (out[f] as number) !== -1 ? f : (dict[f] as number);
    for (let s = 0; s < ALPHABET; s++) {
      const slot = node * ALPHABET + s;
      const child = delta[slot] as number;
      const via = delta[f * ALPHABET + s] as number;
      if (child === -1) delta[slot] = via;
      else {
        fail[child] = via;
        queue[tail++] = child;
      }
    }
  }
  return [dict, queue];
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
 * their end offsets. Linear in the text length plus the number of matches.
 * @example scanNames(compileNames([foldName('Cobalt Strike')]), 'a cobalt-strike beacon') // [{key:0,start:2,end:15}]
 */
export function scanNames(a: NameAutomaton, text: string): NameMatch[] {
  const found: NameMatch[] = [];
  const { delta, out, dict, lengths, report, verify, keys } = a;
  const n = text.length;
  let row = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Hot loop: ASCII symbols come from a typed table, the rest from a small cache.
    const sym = c < 128 ? (ASCII_SYMBOLS[c] as number) : nonAsciiSymbol(c);
    if (sym < 0) {
      if (sym === BREAK) row = 0;
      continue;
    }
    const v = delta[row + sym] as number;
    if (v >= 0) {
      row = v * ALPHABET;
      continue;
    }
    const state = -v - 1;
    row = state * ALPHABET;
    let node = report[state] as number;
    // Most hits end inside a longer word ("it" in "with"): rejected here without a call.
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 32;
    if (next < 128 ? ASCII_WORD[next] === 1 : isWordChar(text, i + 1)) continue;
    while (node !== -1) {
      const key = out[node] as number;
      const start = startOf(text, i, lengths[key] as number);
      if (!isWordChar(text, start - 1) && (verify[key] === 0 || foldName(text.slice(start, i + 1)) === keys[key])) found.push({ key, start, end: i + 1 });
      node = dict[node] as number;
    }
  }
  return found;
}

/** Offset of the first of the `len` symbols ending at `last` (walking back over separators). */
function startOf(text: string, last: number, len: number): number {
  let j = last;
  let left = len;
  for (;;) {
    const c = text.charCodeAt(j);
    if ((c < 128 ? (ASCII_SYMBOLS[c] as number) : nonAsciiSymbol(c)) >= 0) {
      left--;
      if (left === 0) return j;
    }
    j--;
  }
}

/**
 * Knowledge names found over the document's shared tokens (src/text/tokens.ts) instead of its
 * characters: a name starts at a token's start and ends at a token's end (the word boundaries
 * scanNames asks for), so only token starts are tried, and what each distinct word does to the name
 * automaton is computed once per process (per intern id: one array read per token, where the character
 * scan read a 38-symbol transition row per character, a table far larger than the cache).
 *
 * Same names as scanNames (src/knowledge/name-matcher.ts) over the same automaton: a name may run over
 * several tokens joined by separators (space, tab, `-`, `.`, no-break space, which vanish when folded)
 * and joining marks (`/ ' ’ & + :`, folded to `|`); any other character between two tokens ends it.
 * Tokens holding a non-letter above U+00BF (‘, ™) are cut there first (name-words.ts). Word edges
 * differ only where a letter or digit in U+0080–U+00BF (ª, µ, ²) touches a name (not a word character
 * to the tokenizer).
 */
import { foldName } from '../../knowledge/fold.js';
import type { NameAutomaton, NameMatch } from '../../knowledge/name-matcher.js';
import { INTERN_SLOTS } from '../../text/intern.js';
import type { TextTokens } from '../../text/tokens.js';
import { nameWords, wordEnd, type NameWords } from './name-words.js';

/** Symbols of the automaton (name-matcher.ts): 0–25 a–z, 26–35 0–9, 36 any other letter or digit, 37 a joining mark. */
const OTHER = 36;
const JOINER = 37;
const DEAD = -1;

/** Per automaton: trie depth of each state, and per intern id the state its word leads to from the root. */
interface Tables {
  alphabet: number;
  /** Trie depth of each state (a step that does not deepen by one left every name). */
  depth: Int32Array;
  /** Per intern id: state + 1 after the folded word from the root, DEAD when no name starts so, 0 not yet known. */
  startOf: Int32Array;
  /** Per intern id: the folded word (cached with startOf). */
  folds: string[];
  /**
   * (state, intern id) → state + 1 after that word from that state, or DEAD: open addressing, cleared
   * when full. Half of a report's words ("the", "a", "in") begin some name, so the word after them is
   * fed through the automaton again and again; this makes each repeat one probe.
   */
  stepState: Int32Array;
  stepId: Int32Array;
  stepTo: Int32Array;
  stepCount: number;
}

/**
 * Slots of the (state, word) cache (a power of two; cleared once half full): room for the continuations
 * of a large name set, little for the small automata made per document (unknown.ts).
 */
const stepSlots = (states: number): number => (states > 4096 ? 1 << 14 : 1 << 10);

const tablesOf = new WeakMap<NameAutomaton, Tables>();

function tables(a: NameAutomaton): Tables {
  let t = tablesOf.get(a);
  if (t === undefined) {
    const alphabet = a.delta.length / a.out.length;
    const slots = stepSlots(a.out.length);
    t = { alphabet, depth: depths(a, alphabet), startOf: new Int32Array(1024), folds: [], stepState: new Int32Array(slots).fill(-1), stepId: new Int32Array(slots), stepTo: new Int32Array(slots), stepCount: 0 };
    tablesOf.set(a, t);
  }
  return t;
}

/**
 * Breadth-first distance from the root over the full DFA. A failure transition never leads deeper than
 * the state it leaves, so the first time a state is reached is along its own trie path: distance = depth.
 */
function depths(a: NameAutomaton, alphabet: number): Int32Array {
  const n = a.out.length;
  const depth = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  depth[0] = 0;
  let tail = 1;
  for (let head = 0; head < tail; head++) {
    const s = queue[head]!;
    for (let sym = 0; sym < alphabet; sym++) {
      const v = a.delta[s * alphabet + sym]!;
      const t = v >= 0 ? v : -v - 1;
      if (depth[t] === -1) {
        depth[t] = depth[s]! + 1;
        queue[tail++] = t;
      }
    }
  }
  return depth;
}

/** The state after `sym` from `s` when it stays on a name's trie path, else DEAD. */
function step(a: NameAutomaton, t: Tables, s: number, sym: number): number {
  const v = a.delta[s * t.alphabet + sym]!;
  const next = v >= 0 ? v : -v - 1;
  return t.depth[next] === t.depth[s]! + 1 ? next : DEAD;
}

/** The state after the folded word `fold` from `s`, or DEAD. */
function feed(a: NameAutomaton, t: Tables, s: number, fold: string): number {
  for (let k = 0; k < fold.length && s !== DEAD; k++) {
    const c = fold.charCodeAt(k);
    const sym = c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? c - 22 : c === 124 ? JOINER : c === 35 ? -1 : OTHER;
    s = sym < 0 ? DEAD : step(a, t, s, sym);
  }
  return s;
}

/** The folded word of word id `id` (cached per intern id). */
function foldOf(a: NameAutomaton, t: Tables, w: NameWords, id: number): string {
  if (id < 0) return w.folds[-id - 1]!;
  if (id >= INTERN_SLOTS) return foldLong(a, w.tokens.wordOf(id));
  return (t.folds[id] ??= foldLong(a, w.tokens.wordOf(id)));
}

/**
 * The fold of `word`, or of a prefix already longer than any name: a hostile 10 MB "word" was folded
 * whole (and its copies kept the garbage collector busy for a second) only for the automaton to leave
 * the trie after the first few dozen symbols.
 */
function foldLong(a: NameAutomaton, word: string): string {
  const cut = 4 * a.maxLength + 64;
  if (word.length <= cut) return foldName(word);
  const head = foldName(word.slice(0, cut));
  return head.length > a.maxLength ? head : foldName(word);
}

/** State + 1 reached from the root by word id `id`, or DEAD (cached per intern id). */
function startState(a: NameAutomaton, t: Tables, w: NameWords, id: number): number {
  if (id < 0 || id >= INTERN_SLOTS) {
    const s = feed(a, t, 0, foldOf(a, t, w, id));
    return s === DEAD ? DEAD : s + 1;
  }
  if (id >= t.startOf.length) {
    const grown = new Int32Array(Math.min(INTERN_SLOTS, Math.max(id + 1, t.startOf.length * 2)));
    grown.set(t.startOf);
    t.startOf = grown;
  }
  let v = t.startOf[id]!;
  if (v === 0) {
    const s = feed(a, t, 0, foldOf(a, t, w, id));
    t.startOf[id] = v = s === DEAD ? DEAD : s + 1;
  }
  return v;
}

/** The state after word id `id` from state `s` (cached for interned words), or DEAD. */
function feedWord(a: NameAutomaton, t: Tables, w: NameWords, s: number, id: number): number {
  if (id < 0 || id >= INTERN_SLOTS) return feed(a, t, s, foldOf(a, t, w, id));
  const mask = t.stepState.length - 1;
  let slot = (Math.imul(s, 0x9e3779b1) ^ id) & mask;
  for (;;) {
    const k = t.stepState[slot]!;
    if (k === -1) break;
    if (k === s && t.stepId[slot] === id) return t.stepTo[slot]! - 1;
    slot = (slot + 1) & mask;
  }
  const to = feed(a, t, s, foldOf(a, t, w, id));
  if (t.stepCount * 2 >= t.stepState.length) {
    t.stepState.fill(-1);
    t.stepCount = 0;
    slot = (Math.imul(s, 0x9e3779b1) ^ id) & mask;
  }
  t.stepState[slot] = s;
  t.stepId[slot] = id;
  t.stepTo[slot] = to + 1;
  t.stepCount++;
  return to;
}

/**
 * Longest run of characters between two words of one name. A name written with more separators than
 * its alias has fails the written-form check anyway (candidates.ts: more than one separator in a row);
 * the cap keeps a hostile text (letters between long runs of spaces) from being re-read once per live
 * name start.
 */
const MAX_GAP = 16;

/** Separators (skipped) and joining marks (one JOINER symbol each) of fold.ts; anything else ends a name. */
function gapSymbol(c: number): number {
  if (c === 32 || c === 9 || c === 45 || c === 95 || c === 46 || c === 0xa0 || c === 0x2010 || c === 0x2011) return -1;
  if (c === 47 || c === 39 || c === 0x2019 || c === 38 || c === 43 || c === 58) return JOINER;
  return -2;
}

/**
 * Every occurrence of every automaton key in the text, as scanNames reports them (word boundaries,
 * overlaps included), found from the text's tokens; order: by start, then end.
 * @example scanNameTokens(kb.names.automaton, tokenizeText('APT 41 used Cobalt-Strike'))
 */
export function scanNameTokens(a: NameAutomaton, tokens: TextTokens): NameMatch[] {
  const t = tables(a);
  const w = nameWords(tokens);
  const text = tokens.text;
  const { count, start, id } = w;
  const found: NameMatch[] = [];
  for (let i = 0; i < count; i++) {
    // Inline read of the per-word cache (most words are known, and most are DEAD); startState fills it.
    const wid = id[i]!;
    let first = wid >= 0 && wid < t.startOf.length ? t.startOf[wid]! : 0;
    if (first === 0) first = startState(a, t, w, wid);
    // A leading `_` is a word character the folding skips: the name would start inside a word.
    if (first === DEAD || text.charCodeAt(start[i]!) === 95) continue;
    let s = first - 1;
    for (let j = i; ; ) {
      const key = a.out[s]!;
      const e = wordEnd(w, j);
      if (key !== -1 && text.charCodeAt(e - 1) !== 95) report(a, text, key, start[i]!, e, found);
      if (++j >= count || start[j]! - e > MAX_GAP) break;
      for (let k = e; k < start[j]! && s !== DEAD; k++) {
        const g = gapSymbol(text.charCodeAt(k));
        s = g === -2 ? DEAD : g === JOINER ? step(a, t, s, JOINER) : s;
      }
      if (s === DEAD) break;
      s = feedWord(a, t, w, s, id[j]!);
      if (s === DEAD) break;
    }
  }
  return found;
}

/** Adds key `key` at [start, end) unless it holds letters shared by one symbol and the text folds otherwise. */
function report(a: NameAutomaton, text: string, key: number, start: number, end: number, found: NameMatch[]): void {
  if (a.verify[key] === 1 && foldName(text.slice(start, end)) !== a.keys[key]) return;
  found.push({ key, start, end });
}

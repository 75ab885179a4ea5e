import type { CompiledPattern } from './pattern.js';
import { INTERN_SLOTS, wordOfToken, type TokenBuffer, type TokenWords, type Tokens } from './tokenize.js';
import { allOptional, growInt32, has, key3 } from './matcher-helpers.js';
import { buildPhraseTables, MAX_ELEMENTS, MAX_REQUIRED, type PhraseOptions, type PhraseTables, type PrefixSlot, type WordIds, type WordLookup } from './phrase-tables.js';

/** A pattern match inside one sentence, in token indexes (end exclusive). */
export interface PhraseMatch {
  pattern: number;
  first: number;
  end: number;
}

const GAP_STATES = 16;

/**
 * What one distinct word means to the index, computed once per word (words are interned by the
 * tokenizer, so a token costs one array read): the patterns it can start (`anchors`, in a fixed order
 * that decides the order of matches), the distinct pattern elements it fills (`elems`, sorted, for the
 * NFA), those the pre-filter requires (`marks`), and whether it is a flag word (negation).
 */
interface WordInfo {
  anchors: Int32Array;
  /** Per anchor: the first element its pattern's pre-filter requires (-1: none), read beside the anchor. */
  anchorReq: Int32Array;
  elems: Int32Array;
  marks: Int32Array;
  flag: boolean;
}

const NONE: WordInfo = { anchors: new Int32Array(0), anchorReq: new Int32Array(0), elems: new Int32Array(0), marks: new Int32Array(0), flag: false };

/**
 * Matches many compiled phrase patterns over a sentence's tokens (hand-written: this is the hot path of
 * technique recognition). Identical elements of different patterns (rule alternatives expand into many
 * patterns sharing most elements) are one distinct element, so a word is resolved once into the
 * distinct elements it fills; per sentence:
 * 1. each token (an interned id: one array read gives its WordInfo) stamps the distinct elements it fills
 *    that some pattern's pre-filter requires (each pattern requires its two rarest elements), and is
 *    listed when it can start a pattern;
 * 2. each pattern a listed token can start whose required elements are stamped, whose rule has not
 *    already fired in the sentence, and that is not negated, is checked by a bounded chain walk from
 *    that token (gaps are capped at 12 tokens). The pre-filter only skips patterns that cannot match.
 * No regex and no backtracking: the cost is the number of tokens plus the (small) fan-out of the words
 * that occur in some pattern; other words cost one array read. Matches come out in a fixed order
 * (token, then the word's anchor order), which fixes the order of fired rules and so of the output.
 */
export class PhraseIndex {
  /** Per pattern: distinct element id of each position (views of the tables' flat array). */
  private readonly pel: Int32Array[] = [];
  /** Per pattern: the gap before each position, or null when a position is optional (NFA path). */
  private readonly gaps: (Uint8Array | null)[] = [];
  /** Per pattern: the gap and optional flag of each position (NFA path). */
  private readonly allGaps: Uint8Array[] = [];
  private readonly optional: Uint8Array[] = [];
  /** DP scratch: per position, the last token ending a valid chain of the positions before it. */
  private readonly last = new Int32Array(MAX_ELEMENTS);
  /** Per pattern: up to MAX_REQUIRED distinct elements the pre-filter requires (-1: none), flat. */
  private readonly req: Int32Array;
  /** Patterns a word can start, by exact word and by prefix (bucketed by 3 characters). */
  private readonly anchorWords: WordLookup;
  private readonly anchorPrefixes: Map<number, PrefixSlot[]>;
  /** Distinct elements by exact word and by prefix (bucketed by 3 characters). */
  private readonly elemWords: WordLookup;
  private readonly elemPrefixes: Map<number, PrefixSlot[]>;
  private readonly required: Uint8Array;
  /** Per interned word id (dense, grown on demand). */
  private readonly infoBySlot: (WordInfo | undefined)[] = [];
  /** WordInfo per distinct content (bounded by the pattern set): words past the intern table get no slot, and one new info per occurrence of such a word was most of the allocation on an IOC dump. */
  private readonly infoByContent = new Map<string, WordInfo>();
  // Per-sentence scratch, reused.
  private tok: WordInfo[] = [];
  private nTok = 0;
  /** Tokens of the loaded sentence that can start a pattern, and their number of anchors in all. */
  private anchorTok = new Int32Array(64);
  private nAnchorTok = 0;
  private nAnchors = 0;
  /** Per distinct element: the load number of the last sentence that filled it (no clearing per sentence). */
  private readonly marked: Int32Array;
  private loads = 0;
  private cur = new Int32Array(MAX_ELEMENTS * GAP_STATES);
  private next = new Int32Array(MAX_ELEMENTS * GAP_STATES);
  private readonly seen = new Int32Array(MAX_ELEMENTS * GAP_STATES);
  private generation = 0;
  private readonly flagWords: ReadonlySet<string>;
  private readonly window: number;

  private readonly group: Int32Array;
  private readonly negatable: Uint8Array;
  private readonly groupDone: Uint8Array;
  private readonly doneList: Int32Array;
  private nDone = 0;

  /**
   * @param source compiled patterns (ids are their indexes), or their prebuilt tables (buildPhraseTables,
   *   or phraseTablesFromJson for the shipped rules: no compilation at start-up)
   * @param opts (patterns only; tables carry their own)
   * @param opts.group pattern → group: only the first match of a group per sentence is reported (a rule's
   *   patterns form one group: once the rule fired, its other patterns need not run); default one per pattern
   * @param opts.negation words that void a match of a `negatable` pattern starting within `window` tokens after them
   */
  constructor(source: readonly CompiledPattern[] | PhraseTables, opts: PhraseOptions = {}) {
    const t = Array.isArray(source) ? buildPhraseTables(source as readonly CompiledPattern[], opts) : (source as PhraseTables);
    this.flagWords = t.negation;
    this.window = t.window;
    this.group = t.group;
    this.negatable = t.negatable;
    let groups = 0;
    for (const g of this.group) groups = Math.max(groups, g + 1);
    this.groupDone = new Uint8Array(groups);
    this.doneList = new Int32Array(groups);
    this.req = t.req;
    this.required = t.required;
    this.marked = new Int32Array(t.required.length);
    this.anchorWords = t.anchorWords;
    this.anchorPrefixes = t.anchorPrefixes;
    this.elemWords = t.elemWords;
    this.elemPrefixes = t.elemPrefixes;
    const { start, pel, gap, optional } = t;
    for (let p = 0; p + 1 < start.length; p++) {
      const a = start[p]!;
      const b = start[p + 1]!;
      const opt = optional.subarray(a, b);
      const g = gap.subarray(a, b);
      this.pel.push(pel.subarray(a, b));
      this.allGaps.push(g);
      this.optional.push(opt);
      this.gaps.push(opt.includes(1) ? null : g);
    }
  }

  /**
   * Calls `onMatch` for the first (shortest) match of each group (see the constructor), in the order of
   * their first tokens (then a fixed order per token); negated matches of negatable patterns are skipped.
   */
  match(tokens: Tokens, onMatch: (m: PhraseMatch) => void): void {
    this.loadWords(tokens.words);
    const out = new Int32Array(this.maxMatches() * 3);
    const n = this.matchLoaded(out);
    for (let k = 0; k < n; k++) onMatch({ pattern: out[k * 3]!, first: out[k * 3 + 1]!, end: out[k * 3 + 2]! });
  }

  /** Loads a sentence given as words (tests, custom callers). */
  loadWords(words: readonly string[]): void {
    this.reset();
    for (const w of words) this.pushTok(this.infoOf(w));
  }

  /** Loads a sentence scanned by scanTokens (the hot path: interned ids, no strings). */
  loadBuffer(buf: TokenBuffer): void {
    this.loadRange(buf, 0, buf.n);
  }

  /** Loads the sentence made of tokens [from, to) of `buf` (scanSentences: one buffer per document). */
  loadRange(buf: TokenWords, from: number, to: number): void {
    this.reset();
    const ids = buf.ids;
    const infos = this.infoBySlot;
    // pushTok inlined, with the fields it updates held in locals (hot loop: once per token of every document).
    const marked = this.marked;
    const loads = this.loads;
    const tok = this.tok;
    while (tok.length < to - from) tok.push(NONE);
    let anchorTok = this.anchorTok;
    let nAnchorTok = 0;
    let nAnchors = 0;
    for (let k = from, i = 0; k < to; k++, i++) {
      const id = ids[k]!;
      let info = id < infos.length ? infos[id] : undefined;
      if (info === undefined) info = this.cacheInfo(buf, id);
      tok[i] = info;
      if (info === NONE) continue;
      const marks = info.marks;
      for (let m = 0; m < marks.length; m++) marked[marks[m]!] = loads;
      const a = info.anchors.length;
      if (a > 0) {
        if (nAnchorTok === anchorTok.length) anchorTok = this.anchorTok = growInt32(anchorTok);
        anchorTok[nAnchorTok++] = i;
        nAnchors += a;
      }
    }
    this.nTok = to - from;
    this.nAnchorTok = nAnchorTok;
    this.nAnchors = nAnchors;
  }

  /** The WordInfo of token id `id` of `buf`, computed on first sight and kept per interned word. */
  private cacheInfo(buf: TokenWords, id: number): WordInfo {
    const info = this.infoOf(wordOfToken(buf, id));
    if (id < INTERN_SLOTS) {
      const infos = this.infoBySlot;
      while (infos.length <= id) infos.push(undefined);
      infos[id] = info;
    }
    return info;
  }

  /** Clears the previous sentence's marks. */
  private reset(): void {
    if (++this.loads === 0x7fffffff) {
      this.marked.fill(0);
      this.loads = 1;
    }
    this.nTok = 0;
    this.nAnchorTok = 0;
    this.nAnchors = 0;
  }

  /** Appends a token: marks the elements it fills and remembers it when it can start a pattern. */
  private pushTok(info: WordInfo): void {
    const i = this.nTok++;
    if (i < this.tok.length) this.tok[i] = info;
    else this.tok.push(info);
    if (info === NONE) return;
    const marks = info.marks;
    const marked = this.marked;
    const loads = this.loads;
    for (let k = 0; k < marks.length; k++) marked[marks[k]!] = loads;
    if (info.anchors.length > 0) {
      if (this.nAnchorTok === this.anchorTok.length) this.anchorTok = growInt32(this.anchorTok);
      this.anchorTok[this.nAnchorTok++] = i;
      this.nAnchors += info.anchors.length;
    }
  }

  /** Whether a negation word occurs among the `window` tokens before token `first` of the loaded sentence. */
  private negated(first: number): boolean {
    for (let k = Math.max(0, first - this.window); k < first; k++) if (this.tok[k]!.flag) return true;
    return false;
  }

  /**
   * Matches the loaded sentence; writes (pattern, first, end) triples into `out`, which needs room for
   * every anchor (see maxMatches), and returns their number.
   */
  matchLoaded(out: Int32Array): number {
    const tok = this.tok;
    const marked = this.marked;
    const loads = this.loads;
    let found = 0;
    for (let a = 0; a < this.nAnchorTok; a++) {
      const i = this.anchorTok[a]!;
      const { anchors, anchorReq } = tok[i]!;
      let negated = -1;
      for (let k = 0; k < anchors.length; k++) {
        // Most anchors fail here: their rarest required element is absent from the sentence.
        const r = anchorReq[k]!;
        if (r >= 0 && marked[r] !== loads) continue;
        const p = anchors[k]!;
        const g = this.group[p]!;
        if (this.groupDone[g] === 1 || !this.allMarked(p)) continue;
        if (this.negatable[p] === 1 && (negated === -1 ? (negated = this.negated(i) ? 1 : 0) : negated) === 1) continue;
        const end = this.gaps[p] === null ? this.run(p, i) : this.chain(p, i);
        if (end < 0) continue;
        if (found * 3 + 3 > out.length) break;
        this.groupDone[g] = 1;
        this.doneList[this.nDone++] = g;
        out[found * 3] = p;
        out[found * 3 + 1] = i;
        out[found * 3 + 2] = end;
        found++;
      }
    }
    for (let k = 0; k < this.nDone; k++) this.groupDone[this.doneList[k]!] = 0;
    this.nDone = 0;
    return found;
  }

  /** Room `matchLoaded` needs for the loaded sentence (one triple per anchor). */
  maxMatches(): number {
    return this.nAnchors;
  }

  private allMarked(p: number): boolean {
    for (let k = p * MAX_REQUIRED, end = k + MAX_REQUIRED; k < end; k++) {
      const e = this.req[k]!;
      if (e < 0) return true;
      if (this.marked[e] !== this.loads) return false;
    }
    return true;
  }

  /** Everything the index needs about one word (see WordInfo). */
  private infoOf(w: string): WordInfo {
    // Most words of a report fill no element (a word that starts a pattern fills its first element):
    // answer them without building sets.
    if (!this.elemWords.has(w) && (w.length < 3 || !this.elemPrefixes.has(key3(w))) && !this.flagWords.has(w)) return NONE;
    const anchors: number[] = [];
    const addAnchors = (ids: WordIds): void => {
      for (const p of ids) if (!anchors.includes(p)) anchors.push(p);
    };
    addAnchors(this.anchorWords.get(w) ?? []);
    const elems = new Set(this.elemWords.get(w) ?? []);
    if (w.length >= 3) {
      for (const slot of this.anchorPrefixes.get(key3(w)) ?? []) if (w.startsWith(slot.prefix)) addAnchors(slot.ids);
      for (const slot of this.elemPrefixes.get(key3(w)) ?? []) if (w.startsWith(slot.prefix)) for (const e of slot.ids) elems.add(e);
    }
    const flag = this.flagWords.has(w);
    if (elems.size === 0 && !flag) return NONE;
    const elemList = [...elems].sort((a, b) => a - b);
    const key = `${elemList.join(',')}|${anchors.join(',')}|${flag ? 1 : 0}`;
    let info = this.infoByContent.get(key);
    if (info === undefined) {
      const sorted = Int32Array.from(elemList);
      info = { anchors: Int32Array.from(anchors), anchorReq: Int32Array.from(anchors, (p) => this.req[p * MAX_REQUIRED]!), elems: sorted, marks: sorted.filter((e) => this.required[e] === 1), flag };
      this.infoByContent.set(key, info);
    }
    return info;
  }

  /**
   * End (exclusive) of the first match of pattern `id` (no optional positions) from token `i`, or -1.
   * A chain of positions 0..j ending at the latest token dominates earlier ones (gaps are upper bounds
   * counted from the previous position), so keeping the last such token per position decides the same
   * matches as the NFA, with no state sets.
   */
  private chain(id: number, i: number): number {
    const pel = this.pel[id]!;
    const gaps = this.gaps[id]!;
    const len = pel.length;
    if (len === 1) return i + 1;
    if (len === 2) return this.pair(pel[1]!, gaps[1]!, i);
    const last = this.last;
    last[0] = i;
    for (let j = 1; j < len; j++) last[j] = -1;
    const tok = this.tok;
    // `top`: the highest position reached so far (positions above top + 1 cannot be filled yet);
    // `deadline`: the last token at which some position is still within its gap (after it, no chain lives).
    let top = 0;
    let deadline = i + 1 + gaps[1]!;
    for (let t = i + 1, n = this.nTok; t < n && t <= deadline; t++) {
      const elems = tok[t]!.elems;
      if (elems.length === 0) continue;
      // Highest position first: one token fills one position of a chain.
      for (let j = top + 1 < len ? top + 1 : len - 1; j >= 1; j--) {
        const q = last[j - 1]!;
        if (q < 0 || t - q - 1 > gaps[j]!) continue;
        if (!has(elems, pel[j]!)) continue;
        if (j === len - 1) return t + 1;
        last[j] = t;
        if (j > top) top = j;
        if (t + 1 + gaps[j + 1]! > deadline) deadline = t + 1 + gaps[j + 1]!;
      }
    }
    return -1;
  }

  /**
   * chain() of a two-element pattern (most patterns): the first token within `gap` tokens after token
   * `i` that fills element `e` ends the match.
   */
  private pair(e: number, gap: number, i: number): number {
    const tok = this.tok;
    const end = Math.min(this.nTok, i + 2 + gap);
    for (let t = i + 1; t < end; t++) {
      const elems = tok[t]!.elems;
      if (elems.length > 0 && has(elems, e)) return t + 1;
    }
    return -1;
  }

  /** End (exclusive) of the first match of pattern `id` from token `i`, or -1 (NFA; optional positions). */
  private run(id: number, i: number): number {
    const pel = this.pel[id]!;
    const len = pel.length;
    if (len === 1) return i + 1;
    const gap = this.allGaps[id]!;
    const opt = this.optional[id]!;
    const tok = this.tok;
    let cur = this.cur;
    let next = this.next;
    this.generation++;
    let nCur = this.addState(cur, 0, opt, 1);
    for (let t = i + 1; t < this.nTok && nCur > 0; t++) {
      const elems = tok[t]!.elems;
      let nNext = 0;
      this.generation++;
      for (let k = 0; k < nCur; k++) {
        const s = cur[k]!;
        const j = (s / GAP_STATES) | 0;
        const used = s % GAP_STATES;
        if (elems.length > 0 && has(elems, pel[j]!)) {
          if (j + 1 === len || allOptional(opt, j + 1)) return t + 1;
          nNext = this.addState(next, nNext, opt, j + 1);
        }
        if (used < gap[j]! && this.seen[s + 1] !== this.generation) {
          this.seen[s + 1] = this.generation;
          next[nNext++] = s + 1;
        }
      }
      const tmp = cur;
      cur = next;
      next = tmp;
      nCur = nNext;
    }
    return -1;
  }

  /** Adds state (j, 0) and, for optional positions (`opt`), the following ones (epsilon closure). */
  private addState(states: Int32Array, n: number, opt: Uint8Array, j: number): number {
    for (let k = j; k < opt.length; k++) {
      const s = k * GAP_STATES;
      if (this.seen[s] !== this.generation) {
        this.seen[s] = this.generation;
        states[n++] = s;
      }
      if (opt[k] !== 1) break;
    }
    return n;
  }
}

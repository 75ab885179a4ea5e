/**
 * The phrase index's tables (what PhraseIndex matches with), built from compiled patterns. The shipped
 * rules' tables are generated at build time (phrase-tables-json.ts, rules-index.ts), so a process loads
 * flat arrays instead of compiling thousands of patterns and interning their elements at start-up.
 */
import type { CompiledPattern, PatternElement } from './pattern.js';
import { bucket, push } from './matcher-helpers.js';

/** Patterns have at most this many elements. */
export const MAX_ELEMENTS = 16;
/** Elements a pattern's pre-filter requires at most (see buildPhraseTables). */
export const MAX_REQUIRED = 2;
/** Elements made only of these words are not required by the pre-filter (too common); the NFA still checks them. */
const COMMON = new Set(['a', 'an', 'the', 'in', 'on', 'to', 'via', 'through', 'with', 'from', 'by', 'of', 'for', 'into', 'onto', 'over', 'using', 'as', 'and', 'or', 'is', 'are', 'was', 'were', 'be', 'been', 'its', 'it', 'their', 'them', 'that', 'this', 'at', 'c', 'then', 'back', 'under', 'within', 'inside', 'after', 'before', 'when', 'once', 'if']);
/** Elements with a common word (rarity at least this) are filled in most sentences: useless to require. */
const COMMON_RARITY = 50;

/** Options of a phrase index (see PhraseIndex's constructor). */
export interface PhraseOptions {
  group?: Int32Array;
  negatable?: Uint8Array;
  negation?: ReadonlySet<string>;
  window?: number;
}

/** Pattern or element ids of a word (lists built here; views of one flat array when loaded). */
export type WordIds = readonly number[] | Int32Array;

/** Word → ids, as the matcher reads it: a Map when built here, a sorted table when loaded (phrase-tables-json.ts). */
export type WordLookup = Pick<ReadonlyMap<string, WordIds>, 'get' | 'has'> & Iterable<[string, WordIds]>;

/** A prefix slot of a 3-character bucket, with the patterns it can start or the distinct elements it fills. */
export interface PrefixSlot {
  prefix: string;
  ids: number[];
}

/**
 * Everything PhraseIndex matches with. Elements are distinct pattern elements (identical elements of
 * different patterns share an id).
 */
export interface PhraseTables {
  /** Per pattern p: its positions are start[p]..start[p + 1] of pel/gap/optional. */
  start: Int32Array;
  /** Per position: distinct element id, gap before it, whether it may be skipped (1). */
  pel: Int32Array;
  gap: Uint8Array;
  optional: Uint8Array;
  /** Per pattern: up to MAX_REQUIRED distinct elements the pre-filter requires (-1: none), flat. */
  req: Int32Array;
  /** Per distinct element: 1 when some pattern's pre-filter requires it. */
  required: Uint8Array;
  group: Int32Array;
  negatable: Uint8Array;
  negation: ReadonlySet<string>;
  window: number;
  /** Patterns a token can start (its first element), by exact word and by prefix (bucketed by key3, slots in first-seen order). */
  anchorWords: WordLookup;
  anchorPrefixes: Map<number, PrefixSlot[]>;
  /** Distinct elements by exact word and by prefix (bucketed by key3). */
  elemWords: WordLookup;
  elemPrefixes: Map<number, PrefixSlot[]>;
}

/** How often an element is likely filled (higher: more often): short words and short prefixes are frequent. */
function rarity(el: PatternElement): number {
  let score = 0;
  for (const w of el.exact) score += COMMON.has(w) ? 50 : w.length <= 3 ? 3 : 1;
  for (const p of el.prefixes) score += p.length <= 4 ? 10 : 3;
  return score;
}

function isCommon(el: PatternElement): boolean {
  if (el.prefixes.length > 0) return false;
  for (const w of el.exact) if (!COMMON.has(w)) return false;
  return true;
}

/** A new empty prefix slot (for bucket()). */
export const slotOf = (prefix: string): PrefixSlot => ({ prefix, ids: [] });

/**
 * Builds the tables of `patterns` (ids are their indexes). Each pattern's pre-filter requires its two
 * rarest non-common elements after the first (the anchor token fills the first).
 * @example buildPhraseTables(compilePattern('packed with upx')).start.length; // 2
 */
export function buildPhraseTables(patterns: readonly CompiledPattern[], opts: PhraseOptions = {}): PhraseTables {
  const elemWords = new Map<string, number[]>();
  const elemPrefixes = new Map<number, PrefixSlot[]>();
  const anchorWords = new Map<string, number[]>();
  const anchorPrefixes = new Map<number, PrefixSlot[]>();
  const elemKey = new Map<string, number>();
  const idOf = (el: PatternElement): number => {
    const key = `${[...el.exact].sort().join(' ')}|${[...el.prefixes].sort().join(' ')}`;
    let id = elemKey.get(key);
    if (id === undefined) {
      elemKey.set(key, (id = elemKey.size));
      for (const w of el.exact) push(elemWords, w, id);
      for (const pre of el.prefixes) bucket(elemPrefixes, pre, slotOf).ids.push(id);
    }
    return id;
  };
  const start = new Int32Array(patterns.length + 1);
  const pel: number[] = [];
  const gap: number[] = [];
  const optional: number[] = [];
  const req = new Int32Array(patterns.length * MAX_REQUIRED).fill(-1);
  const requiredSet = new Set<number>();
  patterns.forEach((p, id) => {
    if (p.length > MAX_ELEMENTS) throw new RangeError(`pattern ${id} has more than ${MAX_ELEMENTS} elements`);
    const ids = p.map(idOf);
    const reqRarity = new Map<number, number>();
    p.forEach((el, k) => {
      // Common-word elements (other than the first) are left to the NFA: requiring them costs more than it saves.
      if (el.optional || (k > 0 && isCommon(el))) return;
      // The first element is filled by the anchor token itself: no need to check it.
      if (k > 0 && ids[k] !== ids[0]) reqRarity.set(ids[k]!, rarity(el));
      // Only a pattern's first element starts it: later positions need no anchor entry. The order of
      // anchors (exact words by pattern, then prefix slots in first-seen order) fixes the order of
      // matches at one token, and so of fired rules: keep it stable.
      if (k > 0) return;
      for (const w of el.exact) push(anchorWords, w, id);
      for (const pre of el.prefixes) bucket(anchorPrefixes, pre, slotOf).ids.push(id);
    });
    // A sound pre-filter needs any subset of the required elements: the rarest few reject nearly as
    // much as all of them, and fewer required elements means fewer marks per token.
    const keep = [...reqRarity].filter(([, r]) => r < COMMON_RARITY).sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, MAX_REQUIRED).map(([e]) => e);
    for (const e of keep) requiredSet.add(e);
    req.set(keep, id * MAX_REQUIRED);
    for (let k = 0; k < p.length; k++) {
      pel.push(ids[k]!);
      gap.push(p[k]!.gap);
      optional.push(p[k]!.optional ? 1 : 0);
    }
    start[id + 1] = pel.length;
  });
  const required = new Uint8Array(elemKey.size);
  for (const e of requiredSet) required[e] = 1;
  return {
    start,
    pel: Int32Array.from(pel),
    gap: Uint8Array.from(gap),
    optional: Uint8Array.from(optional),
    req,
    required,
    group: opts.group ?? Int32Array.from(patterns, (_, k) => k),
    negatable: opts.negatable ?? new Uint8Array(patterns.length),
    negation: opts.negation ?? new Set(),
    window: opts.window ?? 0,
    anchorWords,
    anchorPrefixes,
    elemWords,
    elemPrefixes,
  };
}

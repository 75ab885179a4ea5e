/**
 * Indexes over one feature list, built lazily and kept as long as the list lives, so that a leaf
 * over a long list (a binary's 20,000 strings, a library's thousands of imported symbols) costs a
 * lookup or one native search instead of a test per feature: every rule leaf of every rule meets
 * the same lists. Each index gives exactly the features the engine's plain per-feature test
 * (engine.ts `predicate`) would accept, in list order, each once.
 */
import type { FeatureSet } from './features.js';
import type { LeafNode } from './types.js';
import { lastAtOrBefore } from '../util/search.js';

export type FeatureList = NonNullable<ReturnType<FeatureSet['byKind']['get']>>;

/** Shorter lists keep the plain loop (an index would cost more to build than it saves). */
export const INDEX_MIN = 64;

interface ListIndex {
  /** Lower-case values joined by newlines, and where each value starts in it. */
  joined?: { text: string; starts: Int32Array };
  /** Substring answers found ahead by one pass for many values ({@link prepareSubstrings}). */
  substrings?: Map<string, number[]>;
  /** Positions by whole lower-case value. */
  byValue?: Map<string, number[]>;
  /** Positions of values holding a `!`, by the part after their last `!` (a function name). */
  byFunction?: Map<string, number[]>;
  /** Positions of values holding a `!`, by the part up to and including their first `!` (`dll!`). */
  byLibrary?: Map<string, number[]>;
}

const indexes = new WeakMap<FeatureList, ListIndex>();

/**
 * Positions (ascending, each once) of the features of `list` that match the leaf, or null when no
 * index answers this leaf exactly (the caller then tests every feature).
 */
export function indexedMatches(list: FeatureList, node: LeafNode, want: string): Iterable<number> | null {
  let ix = indexes.get(list);
  if (ix === undefined) indexes.set(list, (ix = {}));
  if (node.match === 'substring') {
    // A match in the joined text lies inside one value only when `want` holds no separator.
    if (want === '' || want.includes('\n')) return null;
    return ix.substrings?.get(want) ?? substringHits((ix.joined ??= joinValues(list)), want);
  }
  const byValue = (ix.byValue ??= group(list, (v) => v));
  if (node.kind !== 'import') return byValue.get(want) ?? [];
  const bang = want.indexOf('!');
  if (want.endsWith('!')) {
    // `dll!`: values starting with it are exactly those whose first `!` ends that prefix (when
    // `want` holds no other `!`; otherwise no index answers it).
    if (bang !== want.length - 1) return null;
    return (ix.byLibrary ??= group(list, (v) => { const k = v.indexOf('!'); return k < 0 ? null : v.slice(0, k + 1); })).get(want) ?? [];
  }
  if (bang >= 0) return byValue.get(want) ?? [];
  // A bare name: the value itself, or any value ending in `!name` — whose last `!` is that one,
  // since the name holds none. The two sets are disjoint (only the second holds a `!`).
  const fn = (ix.byFunction ??= group(list, (v) => { const k = v.lastIndexOf('!'); return k < 0 ? null : v.slice(k + 1); })).get(want) ?? [];
  return mergeSorted(byValue.get(want) ?? [], fn);
}

/**
 * Finds, in one pass over the list's joined values, which values contain each of `wants` (lower
 * case), so that the substring leaves of a whole rule set cost one scan instead of one indexOf pass
 * each. Wants that hold a newline or are shorter than three characters are left to
 * {@link indexedMatches}' own search. No-op for lists shorter than {@link INDEX_MIN}.
 */
export function prepareSubstrings(list: FeatureList, wants: readonly string[]): void {
  if (list.length < INDEX_MIN) return;
  let ix = indexes.get(list);
  if (ix === undefined) indexes.set(list, (ix = {}));
  const todo = wants.filter((w) => w.length >= 3 && !w.includes('\n') && !ix.substrings?.has(w));
  if (todo.length === 0) return;
  const found = scanMany((ix.joined ??= joinValues(list)), todo);
  ix.substrings ??= new Map();
  for (let k = 0; k < todo.length; k++) ix.substrings.set(todo[k]!, found[k]!);
}

/** Bucket of a three-character prefix (collisions are resolved by comparing the whole want). */
const triKey = (a: number, b: number, c: number): number => (((a * 31) ^ b) * 31 ^ c) & 0xffff;

/**
 * Hand-written multi-pattern search (a library Aho-Corasick would be the alternative; this is the
 * engine's hot loop and its patterns are few): at each position of the text, the wants whose first
 * three characters hash to the bucket of the three characters there are compared in full (a
 * two-character key let common pairs such as `re` or `de` through too often). Returns, per want,
 * the positions of the values containing it (ascending, each once).
 */
function scanMany(j: { text: string; starts: Int32Array }, wants: string[]): number[][] {
  const heads = new Int32Array(65536).fill(-1);
  const next = new Int32Array(wants.length);
  for (let k = wants.length - 1; k >= 0; k--) {
    const w = wants[k]!;
    const key = triKey(w.charCodeAt(0), w.charCodeAt(1), w.charCodeAt(2));
    next[k] = heads[key]!;
    heads[key] = k;
  }
  const out: number[][] = wants.map(() => []);
  const { text, starts } = j;
  const n = text.length;
  let value = 0;
  let c0 = n > 0 ? text.charCodeAt(0) : 0;
  let c1 = n > 1 ? text.charCodeAt(1) : 0;
  for (let i = 0; i + 2 < n; i++) {
    const c2 = text.charCodeAt(i + 2);
    let k = heads[triKey(c0, c1, c2)]!;
    c0 = c1;
    c1 = c2;
    if (k < 0) continue;
    while (value + 1 < starts.length && starts[value + 1]! <= i) value++;
    for (; k >= 0; k = next[k]!) {
      const hits = out[k]!;
      if (hits[hits.length - 1] !== value && text.startsWith(wants[k]!, i)) hits.push(value);
    }
  }
  return out;
}

function group(list: FeatureList, key: (lower: string) => string | null): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (let i = 0; i < list.length; i++) {
    const k = key(list[i]!.lower);
    if (k === null) continue;
    const at = m.get(k);
    if (at === undefined) m.set(k, [i]);
    else at.push(i);
  }
  return m;
}

function mergeSorted(a: number[], b: number[]): number[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return [...a, ...b].sort((x, y) => x - y);
}

function joinValues(list: FeatureList): { text: string; starts: Int32Array } {
  const n = list.length;
  const starts = new Int32Array(n);
  // One plain loop into a preallocated array: `list.map(...)` here was deoptimised and recompiled
  // dozens of times per process (its inlined callback met lists of two object shapes).
  const values: string[] = new Array<string>(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const v = list[i]!.lower;
    values[i] = v;
    starts[i] = at;
    at += v.length + 1;
  }
  return { text: values.join('\n'), starts };
}

/** Positions of the values containing `want` (no newline in it): one indexOf pass over the joined text. */
function substringHits(j: { text: string; starts: Int32Array }, want: string): number[] {
  const out: number[] = [];
  const { text, starts } = j;
  let from = 0;
  for (;;) {
    const at = text.indexOf(want, from);
    if (at < 0) return out;
    const i = lastAtOrBefore(starts, at);
    out.push(i);
    if (i + 1 >= starts.length) return out;
    from = starts[i + 1]!;
  }
}

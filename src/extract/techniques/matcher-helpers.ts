/**
 * Small helpers of the phrase index (matcher.ts): typed-array growth and search, and the maps that
 * index pattern words and prefixes while the index is built.
 */
/** A copy of `a` with twice its length (the first a.length values kept). */
export function growInt32(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Binary search in a sorted Int32Array. */
export function has(a: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Whether every position of a pattern from index `from` on is optional (`opt`: its per-position flags). */
export function allOptional(opt: Uint8Array, from: number): boolean {
  for (let k = from; k < opt.length; k++) if (opt[k] !== 1) return false;
  return true;
}

/** Bucket key of a word or prefix: its first 3 characters (callers ensure length ≥ 3). */
export function key3(w: string): number {
  return (w.charCodeAt(0) << 21) ^ (w.charCodeAt(1) << 10) ^ w.charCodeAt(2);
}

/** Appends `v` to the list of key `k`. */
export function push(m: Map<string, number[]>, k: string, v: number): void {
  const a = m.get(k);
  if (a === undefined) m.set(k, [v]);
  else a.push(v);
}

/** The slot of `prefix` in its 3-character bucket (created in first-seen order). */
export function bucket<T extends { prefix: string }>(m: Map<number, T[]>, prefix: string, make: (p: string) => T): T {
  const key = key3(prefix);
  let list = m.get(key);
  if (list === undefined) m.set(key, (list = []));
  let slot = list.find((x) => x.prefix === prefix);
  if (slot === undefined) list.push((slot = make(prefix)));
  return slot;
}

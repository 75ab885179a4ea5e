import type { Segment } from '../types.js';

/**
 * True when r[a, b) is not glued to a neighbour for which `glued(code)` holds, and does not touch an
 * edge where the scanner cut an over-long token (such a match would be a slice of a longer token).
 */
export function isWhole(seg: Segment, a: number, b: number, glued: (c: number) => boolean): boolean {
  if (a === 0 ? seg.cutLeft : glued(seg.r.charCodeAt(a - 1))) return false;
  return b === seg.r.length ? !seg.cutRight : !glued(seg.r.charCodeAt(b));
}

/** Calls fn(a, b) for each maximal run of characters satisfying `inRun`. */
export function forEachRun(r: string, inRun: (c: number) => boolean, fn: (a: number, b: number) => void): void {
  const n = r.length;
  for (let i = 0; i < n; ) {
    if (!inRun(r.charCodeAt(i))) { i++; continue; }
    let j = i + 1;
    while (j < n && inRun(r.charCodeAt(j))) j++;
    fn(i, j);
    i = j;
  }
}

// Binary searches over ascending numbers and sorted, non-overlapping spans: one copy for every module
// that maps an offset back to the string, token, sentence or mention holding it.

/** Index of the last element ≤ `value` in ascending `sorted` (0 when every element is larger or the array is empty). */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((sorted[mid] as number) <= value) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(lo, 0);
}

/** Index of the first of the first `length` elements of ascending `sorted` that is ≥ `value` (`length` when none is). */
export function firstAtOrAfter(sorted: ArrayLike<number>, value: number, length = sorted.length): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the span of sorted, non-overlapping half-open `[start, end)` spans that holds `offset`, or -1. */
export function spanAt(spans: readonly { start: number; end: number }[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = spans[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

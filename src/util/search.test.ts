import { describe, expect, it } from 'vitest';
import { firstAtOrAfter, lastAtOrBefore, spanAt } from './search.js';
import { mulberry32 } from './prng.js';

/** Linear references the binary searches must agree with. */
const refLast = (a: number[], v: number): number => Math.max(0, a.findLastIndex((x) => x <= v));
const refFirst = (a: number[], v: number, n: number): number => {
  const i = a.slice(0, n).findIndex((x) => x >= v);
  return i === -1 ? n : i;
};

describe('binary searches', () => {
  it('agree with a linear scan on random ascending arrays, duplicates and edges included', () => {
    const rnd = mulberry32(7);
    for (let round = 0; round < 300; round++) {
      const n = Math.floor(rnd() * 12);
      const a = Array.from({ length: n }, () => Math.floor(rnd() * 20)).sort((x, y) => x - y);
      const typed = Int32Array.from(a);
      for (let v = -2; v <= 22; v++) {
        expect(lastAtOrBefore(typed, v)).toBe(refLast(a, v));
        const len = Math.floor(rnd() * (n + 1));
        expect(firstAtOrAfter(typed, v, len)).toBe(refFirst(a, v, len));
        expect(firstAtOrAfter(a, v)).toBe(refFirst(a, v, n));
      }
    }
  });

  it('finds the span holding an offset, and -1 in gaps and outside', () => {
    const spans = [{ start: 0, end: 3 }, { start: 5, end: 6 }, { start: 6, end: 10 }];
    const got = Array.from({ length: 12 }, (_, o) => spanAt(spans, o));
    expect(got).toEqual([0, 0, 0, -1, -1, 1, 2, 2, 2, 2, -1, -1]);
    expect(spanAt([], 0)).toBe(-1);
  });
});

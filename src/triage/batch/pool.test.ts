import { describe, expect, it } from 'vitest';
import { handOutOrder, withoutTsx } from './pool.js';

describe('handOutOrder', () => {
  it('hands out the largest files first, ties in path order', () => {
    expect(handOutOrder(5, [10, 500, 10, 7, 500])).toEqual([1, 4, 0, 2, 3]);
  });
  it('hands out the `warm` smallest files first, smallest first, then the rest largest first', () => {
    expect(handOutOrder(6, [10, 500, 10, 7, 500, 3], 2)).toEqual([5, 3, 1, 4, 0, 2]);
    expect(handOutOrder(3, [5, 1, 9], 5)).toEqual([1, 0, 2]);
    expect(handOutOrder(3, [5, 1, 9], 0)).toEqual([2, 0, 1]);
  });
  it('keeps path order without sizes (or with sizes that do not fit)', () => {
    expect(handOutOrder(3)).toEqual([0, 1, 2]);
    expect(handOutOrder(3, [1, 2])).toEqual([0, 1, 2]);
    expect(handOutOrder(0, [])).toEqual([]);
  });
});

describe('withoutTsx', () => {
  it('drops a preloaded tsx (both flag forms), keeps every other flag', () => {
    expect(withoutTsx(['--import', 'tsx', '--max-old-space-size=2048', '--import=tsx/esm', '--require', './other.cjs', '--loader', '/x/node_modules/tsx/dist/loader.mjs', '--cpu-prof'])).toEqual(['--max-old-space-size=2048', '--require', './other.cjs', '--cpu-prof']);
    expect(withoutTsx(['--import', 'tsxtra', '--enable-source-maps'])).toEqual(['--import', 'tsxtra', '--enable-source-maps']);
    expect(withoutTsx([])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { handOutOrder } from './pool.js';

describe('handOutOrder', () => {
  it('hands out the largest files first, ties in path order', () => {
    expect(handOutOrder(5, [10, 500, 10, 7, 500])).toEqual([1, 4, 0, 2, 3]);
  });
  it('keeps path order without sizes (or with sizes that do not fit)', () => {
    expect(handOutOrder(3)).toEqual([0, 1, 2]);
    expect(handOutOrder(3, [1, 2])).toEqual([0, 1, 2]);
    expect(handOutOrder(0, [])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { boundedMemo } from './memo.js';

describe('boundedMemo', () => {
  it('computes each key once, null results included, and stays within its bound', () => {
    const calls: string[] = [];
    const f = boundedMemo((k: string) => {
      calls.push(k);
      return k === 'bad' ? null : k.length;
    }, 3);
    expect([f('ab'), f('ab'), f('bad'), f('bad'), f('abc')]).toEqual([2, 2, null, null, 3]);
    expect(calls).toEqual(['ab', 'bad', 'abc']);
    // Full at 3 entries: the next new key clears the map, so 'ab' is computed again.
    expect(f('abcd')).toBe(4);
    expect(f('ab')).toBe(2);
    expect(calls).toEqual(['ab', 'bad', 'abc', 'abcd', 'ab']);
  });
});

import { describe, expect, it } from 'vitest';
import { grown } from './grow.js';

describe('grown', () => {
  it('keeps an array that is big enough, else doubles it (or more) and keeps its contents and type', () => {
    const a = Int32Array.from([1, 2, 3]);
    expect(grown(a, 3)).toBe(a);
    const b = grown(a, 4);
    expect(b).toBeInstanceOf(Int32Array);
    expect([...b]).toEqual([1, 2, 3, 0, 0, 0]);
    const c = grown(Uint8Array.from([7]), 5);
    expect(c).toBeInstanceOf(Uint8Array);
    expect([...c]).toEqual([7, 0, 0, 0, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import { byteEntropy } from './entropy.js';

describe('byteEntropy', () => {
  it('is 0 for empty and constant data and 8 for a uniform byte distribution', () => {
    expect(byteEntropy(new Uint8Array(0))).toBe(0);
    expect(byteEntropy(new Uint8Array(1000).fill(7))).toBe(0);
    expect(byteEntropy(new Uint8Array(4096).map((_, i) => i & 0xff))).toBe(8);
  });

  it('gives the same value at every alignment and length (word-wise counting)', () => {
    const buf = new Uint8Array(1031).map((_, i) => (i * i * 31 + 7) & 0xff);
    const ref = naive(buf.subarray(0, 1024));
    for (let start = 0; start < 4; start++) {
      const view = new Uint8Array(buf.buffer, start, 1024);
      expect(byteEntropy(view)).toBeCloseTo(naive(view), 4);
    }
    expect(byteEntropy(buf.subarray(0, 1024))).toBeCloseTo(ref, 4);
    expect(byteEntropy(new Uint8Array([1, 2]))).toBe(1);
  });

  it('handles slices shorter than their alignment gap (fuzz regression: unaligned empty word view)', () => {
    const buf = new Uint8Array(16).map((_, i) => i);
    for (let start = 1; start < 4; start++) {
      for (let len = 0; len < 4 - start; len++) {
        const view = buf.subarray(start, start + len);
        expect(byteEntropy(view)).toBeCloseTo(naive(view), 4);
      }
    }
  });
});

function naive(a: Uint8Array): number {
  const m = new Map<number, number>();
  for (const x of a) m.set(x, (m.get(x) ?? 0) + 1);
  let h = 0;
  for (const c of m.values()) h -= (c / a.length) * Math.log2(c / a.length);
  return h;
}

import { describe, expect, it } from 'vitest';
import { releaseBuffers } from './release.js';

describe('releaseBuffers', () => {
  it('detaches big buffers, every view of them included, and leaves small ones alone', () => {
    const big = new Int32Array(1 << 16).fill(7);
    const view = big.subarray(10, 20);
    const small = new Uint8Array(100).fill(1);
    releaseBuffers([big, view, small]);
    expect(big.length).toBe(0);
    expect(big.buffer.byteLength).toBe(0);
    expect(view.length).toBe(0);
    expect(small.length).toBe(100);
    expect(small[99]).toBe(1);
  });

  it('skips buffers already detached and shared ones', () => {
    const big = new Float64Array(1 << 14);
    releaseBuffers([big]);
    expect(() => releaseBuffers([big])).not.toThrow();
    const shared = new Int32Array(new SharedArrayBuffer(1 << 20));
    releaseBuffers([shared]);
    expect(shared.length).toBe(1 << 18);
  });
});

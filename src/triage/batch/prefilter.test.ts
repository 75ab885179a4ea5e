import { describe, expect, it } from 'vitest';
import { ssdeepCompare, tlshDiff } from '../hash/index.js';
import { mayRelate, relationKeys, TLSH_THRESHOLD } from './prefilter.js';

/** A TLSH digest with chosen header bytes and a fixed body (so two of them differ only in the header). */
const tlsh = (lvalue: number, q: number): string => {
  const swap = (b: number): number => ((b & 0x0f) << 4) | (b >> 4);
  const hex = (b: number): string => b.toString(16).padStart(2, '0').toUpperCase();
  return `T1${hex(0x5a)}${hex(swap(lvalue))}${hex(q)}${'9C'.repeat(32)}`;
};

describe('mayRelate', () => {
  it('admits a TLSH pair exactly when its distance is within the threshold (headers only differ)', () => {
    let near = 0;
    for (const dl of [0, 1, 2, 7, 8, 9, 20, 250]) {
      for (const dq of [0x00, 0x01, 0x10, 0x22, 0x33, 0x77]) {
        const a = tlsh(100, 0x44);
        const b = tlsh((100 + dl) & 0xff, 0x44 + dq);
        const d = tlshDiff(a, b)!;
        if (d <= TLSH_THRESHOLD) near++;
        expect(mayRelate(relationKeys({ tlsh: a }), relationKeys({ tlsh: b })), `${dl} ${dq}: ${d}`).toBe(d <= TLSH_THRESHOLD);
      }
    }
    expect(near).toBeGreaterThan(5);
  });

  it('admits an ssdeep pair exactly when ssdeep compares the block sizes at all', () => {
    for (const x of [3, 6, 12, 24, 7, 14, 96]) {
      for (const y of [3, 6, 12, 24, 7, 14, 96]) {
        const a = `${x}:ABCDEFGHIJKL:ABCDEFGHIJKL`;
        const b = `${y}:ABCDEFGHIJKL:ABCDEFGHIJKL`;
        expect(mayRelate(relationKeys({ ssdeep: a }), relationKeys({ ssdeep: b })), `${x} ${y}`).toBe(ssdeepCompare(a, b) > 0);
      }
    }
  });

  it('admits equal SHA-256, imphash or Rich hash in any case; nothing when hashes are missing or not digests', () => {
    expect(mayRelate(relationKeys({ sha256: 'AB' }), relationKeys({ sha256: 'ab' }))).toBe(true);
    expect(mayRelate(relationKeys({ imphash: 'X1' }), relationKeys({ imphash: 'x1' }))).toBe(true);
    expect(mayRelate(relationKeys({ rich: 'r' }), relationKeys({ rich: 'R' }))).toBe(true);
    expect(mayRelate(relationKeys({ sha256: '', imphash: '', rich: '' }), relationKeys({ sha256: '', imphash: '', rich: '' }))).toBe(false);
    expect(mayRelate(relationKeys({ tlsh: 'TNULL', ssdeep: 'bad' }), relationKeys({ tlsh: 'TNULL', ssdeep: 'bad' }))).toBe(false);
    expect(mayRelate(relationKeys({}), relationKeys({}))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { tlshParts, tlshPartsDiff } from '../hash/tlsh-diff.js';
import { mulberry32 } from '../../util/prng.js';
import { TLSH_THRESHOLD, relationKeys } from './prefilter.js';
import { RelationIndex } from './relation-index.js';

const hex = (b: number): string => b.toString(16).padStart(2, '0').toUpperCase();
const swap = (b: number): number => ((b & 0x0f) << 4) | (b >> 4);

/**
 * Digests around a few bodies with headers spread over the whole range (length codes near 0 and 255
 * to cross the wrap-around, every ratio), so that many pairs fall just inside and just outside the
 * threshold; some records lack a digest, some share an imphash, a Rich hash or a SHA-256.
 */
function records(n: number, seed: number): { sha256: string; tlsh: string | null; imphash: string; rich: string }[] {
  const rnd = mulberry32(seed);
  const int = (k: number): number => Math.floor(rnd() * k);
  const bodies = Array.from({ length: 4 }, () => Array.from({ length: 32 }, () => int(256)));
  return Array.from({ length: n }, (_, i) => {
    const base = bodies[int(bodies.length)]!;
    // A third keep their body whole: with the length term near its limit (8 codes apart, 96), only
    // equal bodies stay within the threshold.
    const body = rnd() < 0.33 ? base : base.map((b) => (rnd() < 0.15 ? int(256) : b));
    const lvalue = [0, 1, 2, 5, 250, 253, 255, 100, 104, 109][int(10)]!;
    const q = rnd() < 0.5 ? 0x77 + int(2) : int(256);
    const tlsh = rnd() < 0.1 ? null : `T1${hex(int(2))}${hex(swap(lvalue))}${hex(q)}${body.map(hex).join('')}`;
    return { sha256: rnd() < 0.05 ? 'a'.repeat(64) : i.toString(16).padStart(64, '0'), tlsh, imphash: rnd() < 0.1 ? `IMP${int(3)}` : '', rich: rnd() < 0.1 ? `r${int(3)}` : '' };
  });
}

describe('RelationIndex', () => {
  it('gives exactly the records with an equal hash or a TLSH distance within the threshold, ascending, plus the extras', () => {
    const recs = records(600, 20261128);
    const keys = recs.map((r) => relationKeys(r));
    const digests = recs.map((r) => (r.tlsh === null ? null : tlshParts(r.tlsh)));
    const index = new RelationIndex(keys, digests);
    let near = 0;
    let far = 0;
    let edge = 0;
    for (let i = 0; i < recs.length; i++) {
      const expected: number[] = [];
      for (let k = 0; k < recs.length; k++) {
        const a = keys[i]!, b = keys[k]!;
        const same = (a.sha256 !== '' && a.sha256 === b.sha256) || (a.imphash !== '' && a.imphash === b.imphash) || (a.rich !== '' && a.rich === b.rich);
        const d = digests[i] && digests[k] ? tlshPartsDiff(digests[i]!, digests[k]!) : Infinity;
        if (d <= TLSH_THRESHOLD) near++;
        if (d <= TLSH_THRESHOLD && keys[i]!.tlsh && keys[k]!.tlsh && Math.min(Math.abs(keys[i]!.tlsh!.lvalue - keys[k]!.tlsh!.lvalue), 256 - Math.abs(keys[i]!.tlsh!.lvalue - keys[k]!.tlsh!.lvalue)) === 8) edge++;
        else if (d <= TLSH_THRESHOLD + 24) far++;
        if (same || d <= TLSH_THRESHOLD || k === 7 || k === 599) expected.push(k);
      }
      expect([...index.candidates(i, [599, 7, 599])], `record ${i}`).toEqual(expected);
    }
    // The set must exercise the boundary from both sides.
    expect(near).toBeGreaterThan(2000);
    expect(far).toBeGreaterThan(2000);
    expect(edge).toBeGreaterThan(20);
  });

  it('finds nothing by TLSH for a record without a digest, and keeps its equal hashes', () => {
    const keys = [relationKeys({ sha256: 'A'.repeat(64), imphash: 'x' }), relationKeys({ sha256: 'a'.repeat(64) }), relationKeys({ imphash: 'X' }), relationKeys({})];
    const index = new RelationIndex(keys, [null, null, null, null]);
    expect([...index.candidates(0, [])]).toEqual([0, 1, 2]);
    expect([...index.candidates(3, [])]).toEqual([]);
  });
});

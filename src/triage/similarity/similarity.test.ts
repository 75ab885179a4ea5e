import { describe, it, expect } from 'vitest';
import { hashBytes } from '../hash/file-hasher.js';
import { tlshDiff } from '../hash/tlsh-diff.js';
import { ssdeepCompare } from '../hash/ssdeep-compare.js';
import { RelativeSchema } from '../../model/triage-result.js';
import { closestRelatives, compareHashes, type HashedRecord } from './similarity.js';
import { concatBytes, pseudoRandomBytes } from '../../../test/helpers/triage-reference.js';

/** Text-like bytes (what fuzzy hashes relate well), deterministic. */
function document(seed: number, size: number): Uint8Array {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'kernel32', 'socket', 'connect', 'payload', 'config', 'x'];
  const r = pseudoRandomBytes(size, seed);
  let s = '';
  for (let i = 0; s.length < size; i++) s += words[r[i % size]! % words.length] + (r[(i * 7) % size]! % 5 === 0 ? '\n' : ' ');
  return new TextEncoder().encode(s.slice(0, size));
}

const base = document(1, 60_000);
const nearCopy = Uint8Array.from(base);
nearCopy.set(new TextEncoder().encode('a small patch in the middle of the file'), 30_000);
const grown = concatBytes(base, document(2, 6_000));
const unrelated = pseudoRandomBytes(60_000, 3);

const rec = (id: string, bytes: Uint8Array, extra: Record<string, string> = {}): HashedRecord => ({ id, hashes: { ...hashBytes(bytes), ...extra } });

describe('compareHashes', () => {
  it('combines the reference comparisons of each hash', () => {
    const a = hashBytes(base);
    const b = hashBytes(nearCopy);
    expect(compareHashes(a, b)).toEqual({
      tlsh_distance: tlshDiff(a.tlsh!, b.tlsh!),
      ssdeep_score: ssdeepCompare(a.ssdeep!, b.ssdeep!),
      imphash_equal: false,
      rich_equal: false,
    });
    expect(compareHashes({ imphash: 'ABC', rich: 'x' }, { imphash: 'abc', rich: 'y' })).toMatchObject({ imphash_equal: true, rich_equal: false });
    expect(compareHashes({ tlsh: null, ssdeep: 'junk' }, { tlsh: 'T1AB', ssdeep: '3:abc:def' })).toEqual({
      tlsh_distance: null, ssdeep_score: 0, imphash_equal: false, rich_equal: false,
    });
  });
});

describe('closestRelatives', () => {
  const me = rec('base', base);
  const candidates = [
    rec('unrelated', unrelated),
    rec('grown', grown),
    rec('near', nearCopy),
    rec('same-imports', unrelated.subarray(0, 50_000), { imphash: 'f34d5f2d4577ed6d9ceec516c1f5a744' }),
    rec('copy', base),
    me,
  ];
  me.hashes = { ...me.hashes, imphash: 'f34d5f2d4577ed6d9ceec516c1f5a744' };

  it('ranks identical bytes, then TLSH distance, and skips unrelated files and the record itself', () => {
    const rel = closestRelatives(me, candidates);
    expect(rel.map((r) => r.id)).toEqual(['copy', 'near', 'grown', 'same-imports']);
    expect(rel[0]).toMatchObject({ identical: true, tlsh_distance: 0, ssdeep_score: 100, path: 'copy', sha256: me.hashes.sha256 });
    expect(rel[1]!.tlsh_distance!).toBeLessThanOrEqual(rel[2]!.tlsh_distance!);
    expect(rel[3]).toMatchObject({ imphash_equal: true, identical: false });
    for (const r of rel) expect(RelativeSchema.safeParse(r).success).toBe(true);
  });

  it('honours thresholds, signal switches and the limit', () => {
    expect(closestRelatives(me, candidates, { useImphash: false }).map((r) => r.id)).not.toContain('same-imports');
    expect(closestRelatives(me, candidates, { limit: 1 }).map((r) => r.id)).toEqual(['copy']);
    const strict = closestRelatives(me, candidates, { tlshThreshold: -1, ssdeepMin: 101, useImphash: false });
    expect(strict.map((r) => r.id)).toEqual(['copy']);
    expect(closestRelatives(me, [])).toEqual([]);
  });

  it('identifies records by path when they have no id', () => {
    const rel = closestRelatives({ path: '/a', hashes: me.hashes }, [{ path: '/b', hashes: me.hashes }, { path: '/a', hashes: me.hashes }]);
    expect(rel.map((r) => [r.id, r.path])).toEqual([['/b', '/b']]);
  });
});

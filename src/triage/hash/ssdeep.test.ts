import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { mulberry32 } from '../../util/prng.js';
import { createSsdeep, ssdeepBytes } from './ssdeep.js';
import { ssdeepCompare, eliminateSequences, editDistance, editDistanceTable } from './ssdeep-compare.js';
import { createTlsh, tlshBytes } from './tlsh.js';
import {
  concatBytes, edgeCaseFiles, hasTool, pseudoRandomBytes, ssdeepCompareReference, ssdeepReference, systemFiles,
} from '../../../test/helpers/triage-reference.js';

const HAVE_SSDEEP = hasTool('ssdeep');
if (!HAVE_SSDEEP) console.warn('ssdeep binary missing: reference comparisons skipped (apt-get install ssdeep)');

/** Related variants of a file: truncated, patched in the middle, with bytes inserted, appended. */
function variants(bytes: Uint8Array): Uint8Array[] {
  const mid = bytes.length >> 1;
  const patched = Uint8Array.from(bytes);
  patched.fill(0x90, mid, Math.min(bytes.length, mid + 64));
  const inserted = concatBytes(bytes.subarray(0, mid), pseudoRandomBytes(300, 7), bytes.subarray(mid));
  return [bytes.subarray(0, Math.floor(bytes.length * 0.9)), patched, inserted, concatBytes(bytes, bytes.subarray(0, 5000))];
}

describe('ssdeep digests', () => {
  it('gives ssdeep 2.14.1 digests on real and edge-case files', { skip: !HAVE_SSDEEP, timeout: 240_000 }, () => {
    const files = [...edgeCaseFiles(), ...systemFiles(200)];
    const ref = ssdeepReference(files);
    const mismatches: string[] = [];
    for (const f of files) {
      const bytes = readFileSync(f);
      const mine = ssdeepBytes(bytes);
      if (mine !== ref.get(f)) mismatches.push(`${f}: ${mine} != ${ref.get(f)}`);
      // Streamed without a size hint, more block sizes stay active (other lane layouts, the
      // generic loop): the digest must still be the reference's.
      const h = createSsdeep();
      for (let i = 0; i < bytes.length; i += 65_536) h.update(bytes.subarray(i, i + 65_536));
      const streamed = h.digest();
      if (streamed !== ref.get(f)) mismatches.push(`${f} (streamed): ${streamed} != ${ref.get(f)}`);
    }
    expect(ref.size).toBe(files.length);
    expect(files.length).toBeGreaterThan(150);
    expect(mismatches).toEqual([]);
  });

  it('does not depend on chunking or on the size hint', () => {
    const data = concatBytes(pseudoRandomBytes(200_000, 3), new Uint8Array(5000), pseudoRandomBytes(70_000, 5));
    const whole = ssdeepBytes(data);
    for (const size of [1, 7, 13, 4096, 65_537]) {
      for (const hint of [undefined, data.length]) {
        const h = createSsdeep(hint === undefined ? {} : { size: hint });
        for (let i = 0; i < data.length; i += size) h.update(data.subarray(i, i + size));
        expect(h.digest()).toBe(whole);
      }
    }
  });

  it('keeps many hashers alive at once apart, also when TLSH hashers share the module in between', () => {
    const inputs = [0, 1, 2, 3, 4, 5].map((k) => concatBytes(pseudoRandomBytes(20_000 + 3001 * k, 60 + k), new Uint8Array(k * 700), pseudoRandomBytes(900, 70 + k)));
    const hashers = inputs.map(() => createSsdeep());
    const tlsh = inputs.map(() => createTlsh());
    // Round-robin over the inputs, each in its own chunk size, a TLSH update after each ssdeep one.
    for (let at = 0; inputs.some((b) => at < b.length); at += 512) {
      inputs.forEach((b, k) => {
        const step = 37 * k + 1;
        for (let i = at; i < Math.min(b.length, at + 512); i += step) {
          const part = b.subarray(i, Math.min(i + step, at + 512, b.length));
          hashers[k]!.update(part);
          tlsh[k]!.update(part);
        }
      });
    }
    const digests = hashers.map((h) => h.digest());
    expect(digests).toEqual(inputs.map((b) => ssdeepBytes(b)));
    expect(new Set(digests).size).toBe(inputs.length);
    expect(tlsh.map((t) => t.digest())).toEqual(inputs.map((b) => tlshBytes(b)));
  });

  it('returns null when the declared size was wrong', () => {
    const h = createSsdeep({ size: 10 });
    h.update(new Uint8Array(11));
    expect(h.digest()).toBeNull();
  });

  it('hashes the empty input and single bytes', () => {
    expect(ssdeepBytes(new Uint8Array(0))).toBe('3::');
    expect(ssdeepBytes(Uint8Array.of(0x41))).toMatch(/^3:[A-Za-z0-9+/]:[A-Za-z0-9+/]$/);
  });
});

describe('ssdeepCompare', () => {
  it('scores pairs of related and unrelated files as ssdeep -x does', { skip: !HAVE_SSDEEP, timeout: 240_000 }, () => {
    const bases = systemFiles(24, 2 << 20).filter((_, i) => i % 3 === 0).map((f) => readFileSync(f));
    const inputs = bases.flatMap((b) => [b, ...variants(b)]);
    const digests = inputs.map((b) => ssdeepBytes(b));
    const ref = ssdeepCompareReference(digests);
    let related = 0;
    const mismatches: string[] = [];
    for (const [key, score] of ref) {
      const [i, j] = key.split(',').map(Number) as [number, number];
      if (score > 0 && i !== j) related++;
      const mine = ssdeepCompare(digests[i]!, digests[j]!);
      if (mine !== score) mismatches.push(`${digests[i]} ~ ${digests[j]}: ${mine} != ${score}`);
    }
    expect(ref.size).toBe(digests.length * (digests.length - 1));
    expect(related).toBeGreaterThan(20);
    expect(mismatches).toEqual([]);
  });

  it('gives 100 for identical digests, 0 for incomparable block sizes, -1 for junk', () => {
    const a = ssdeepBytes(pseudoRandomBytes(100_000));
    expect(ssdeepCompare(a, a)).toBe(100);
    expect(ssdeepCompare('3:abcdefghij:abc', '96:abcdefghij:abc')).toBe(0);
    expect(ssdeepCompare('not a digest', a)).toBe(-1);
  });

  it('computes the edit distance 64 characters at a time exactly as the reference table does', () => {
    const rnd = mulberry32(64);
    const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    // Small alphabets make long common subsequences; lengths cover both 32-bit halves and their edge.
    const text = (alphabet: number, len: number): string => Array.from({ length: len }, () => b64[Math.floor(rnd() * alphabet)]).join('');
    const cases: [string, string][] = [['', ''], ['', 'abc'], ['abc', ''], [text(64, 64), text(64, 64)], ['é' + text(4, 40), text(4, 40)], [text(4, 70), text(4, 20)]];
    for (let t = 0; t < 20_000; t++) {
      const alphabet = 1 + Math.floor(rnd() * 8);
      cases.push([text(alphabet, Math.floor(rnd() * 65)), text(alphabet, [31, 32, 33, 63, 64][t % 5]!)]);
    }
    const wrong = cases.filter(([a, b]) => editDistance(a, b) !== editDistanceTable(a, b));
    expect(wrong).toEqual([]);
    expect(editDistance('abcd', 'abxd')).toBe(2);
    expect(editDistance('3aaab', 'aaab3')).toBe(2);
  });

  it('drops runs longer than three equal characters', () => {
    expect(eliminateSequences('aaaaabbbcccc')).toBe('aaabbbccc');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ssdeepBytes, ssdeepCompare } from '../hash/index.js';
import { mulberry32 } from '../../util/prng.js';
import { SsdeepIndex } from './ssdeep-index.js';

/** Related and unrelated digests of real bytes: edited copies, prefixes (other block sizes), odd strings. */
function digests(): string[] {
  const base = readFileSync(process.execPath).subarray(0, 400_000);
  const out: string[] = [];
  for (const size of [2_000, 5_000, 9_000, 20_000, 40_000, 80_000, 160_000, 400_000]) {
    for (const at of [0, 100_000]) {
      const b = Buffer.from(base.subarray(at, at + size));
      out.push(ssdeepBytes(b));
      for (let i = 0; i < b.length; i += 997) b[i] = (b[i]! + 1) & 0xff; // an edited copy
      out.push(ssdeepBytes(b));
    }
  }
  out.push('3:aaaaaaab:cd', '3:aaab:cd', '6:abcdefgh:ab', '3:xyzxyzx:abcdefgh', '3:short:x', '3:short:x', '', 'not a digest', '12:ab:', '6:ab:');
  return out;
}

describe('SsdeepIndex', () => {
  it('marks every digest that ssdeep scores above 0, and rules out most of the others', () => {
    const all = digests();
    const index = new SsdeepIndex(all);
    let scored = 0;
    let marked = 0;
    for (const a of all) {
      const near = index.partners(a);
      all.forEach((b, k) => {
        const score = a === '' || b === '' ? 0 : ssdeepCompare(a, b);
        if (score > 0) scored++;
        if (near(k)) marked++;
        if (score > 0) expect(near(k), `${a} ~ ${b}: ${score}`).toBe(true);
      });
    }
    expect(scored).toBeGreaterThan(all.length * 2);
    expect(marked).toBeLessThan(all.length * all.length / 2);
  });

  it('marks nothing for a missing or invalid digest', () => {
    const index = new SsdeepIndex(['3:abcdefgh:abc', '', null, undefined]);
    for (const d of ['', null, undefined, 'bad']) {
      const near = index.partners(d);
      expect([0, 1, 2, 3].some((k) => near(k))).toBe(false);
    }
    expect(index.partners('3:abcdefgh:abc')(0)).toBe(true);
  });
});

describe('SsdeepIndex at scale', () => {
  it('indexes more 7-grams than a Map can hold (220,000 digests, ~19 million postings) and still finds a copy', () => {
    const rnd = mulberry32(250_000);
    const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const part = (n: number): string => {
      let s = '';
      for (let i = 0; i < n; i++) s += b64[Math.floor(rnd() * 64)];
      return s;
    };
    const digests = Array.from({ length: 220_000 }, (_, i) => `${3 << (i % 12)}:${part(64)}:${part(32)}`);
    const index = new SsdeepIndex(digests);
    const probe = digests[123_456]!;
    const found: number[] = [];
    const near = index.partners(probe, found);
    expect(near(123_456)).toBe(true);
    expect(found).toContain(123_456);
    // Random digests share no 7-gram: almost nothing else is marked.
    expect(found.length).toBeLessThan(10);
  }, 60_000);
});

// Fast paths of feed parsing checked against the straightforward forms they replace.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng.js';
import { splitCsv } from '../logs/detect.js';
import { parseIpv4Strict } from '../match/ip.js';
import { refang } from '../../extract/indicators/refang.js';
import { huntTypeOf, MAY_BE_DEFANGED } from './canonical.js';

/** The split-and-regex parser the hand-written one replaced (the reference). */
function ipv4BySplit(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || !/^\d+$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n >>> 0;
}

function randomText(r: () => number, alphabet: string, max: number): string {
  let s = '';
  const len = Math.floor(r() * max);
  for (let k = 0; k < len; k++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

describe('feed parsing fast paths', () => {
  it('parseIpv4Strict equals the split-and-regex parser', () => {
    const r = mulberry32(5);
    for (let i = 0; i < 50_000; i++) {
      const s = randomText(r, '0123456789....x-/ \u0660', 18);
      expect(parseIpv4Strict(s)).toBe(ipv4BySplit(s));
    }
    for (const s of ['1.2.3.4', '255.255.255.255', '256.1.1.1', '01.02.003.4', '0001.1.1.1', '1.2.3', '1.2.3.4.', '.1.2.3', '1..2.3', '']) {
      expect(parseIpv4Strict(s)).toBe(ipv4BySplit(s));
    }
  });

  it('splitCsv without quotes is a split on commas; quoted cells still unescape', () => {
    const r = mulberry32(6);
    for (let i = 0; i < 5000; i++) {
      const s = randomText(r, 'ab,c ,,\t.x', 30);
      expect(splitCsv(s)).toEqual(s.split(','));
    }
    expect(splitCsv('"a,b",c,"d""e"')).toEqual(['a,b', 'c', 'd"e']);
  });

  it('a value MAY_BE_DEFANGED does not match is its own refanged form', () => {
    const r = mulberry32(8);
    let skipped = 0;
    for (let i = 0; i < 50_000; i++) {
      const s = randomText(r, 'hHfFxXtTpP*:/.[](){}\\ \tdota@-\u3002e', 16);
      if (MAY_BE_DEFANGED.test(s)) continue;
      skipped++;
      expect(refang(s), s).toBe(s);
    }
    expect(skipped).toBeGreaterThan(1000);
    for (const s of ['hxxp://a.b', 'fxp://a.b', 'h**p://a.b', 'evil[.]com', 'a\\.b', 'a dot b']) expect(MAY_BE_DEFANGED.test(s), s).toBe(true);
    expect(MAY_BE_DEFANGED.test('qxz-wxyz.example.com')).toBe(false);
  });

  it('huntTypeOf gives the same answer from its memo', () => {
    for (const name of ['IP-DST', 'ip-dst', 'Domain Name', 'sha_256', 'whatever', 'File Path']) {
      const first = huntTypeOf(name);
      expect(huntTypeOf(name)).toBe(first);
    }
    expect(huntTypeOf('Domain Name')).toBe('domain');
    expect(huntTypeOf('sha_256')).toBe('sha256');
    expect(huntTypeOf('whatever')).toBeNull();
  });
});

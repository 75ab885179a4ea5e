import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng.js';
import { normalizePercent, urlMatchKey } from './url-key.js';

/** The byte-by-byte rebuild every path went through before the plain-ASCII fast path (the reference). */
function slowNormalize(s: string): string {
  const HEX = '0123456789ABCDEF';
  const hex = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1);
  const unreserved = (c: number): boolean => /[A-Za-z0-9._~-]/.test(String.fromCharCode(c));
  const b = Buffer.from(s, 'utf8');
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number;
    if (c === 0x25 && i + 2 < b.length && hex(b[i + 1] as number) >= 0 && hex(b[i + 2] as number) >= 0) {
      const v = hex(b[i + 1] as number) * 16 + hex(b[i + 2] as number);
      out += unreserved(v) ? String.fromCharCode(v) : `%${HEX[v >> 4]}${HEX[v & 15]}`;
      i += 2;
    } else out += c <= 0x20 || c >= 0x7f ? `%${HEX[c >> 4]}${HEX[c & 15]}` : String.fromCharCode(c);
  }
  return out;
}

describe('normalizePercent', () => {
  it('equals the byte-by-byte rebuild on random paths (plain, escaped, spaces, non-ASCII)', () => {
    const r = mulberry32(11);
    const alphabet = ['a', 'Z', '0', '/', '.', '-', '_', '~', '?', '=', '&', '%', '%2f', '%41', '%7E', '%zz', ' ', '\t', 'é', '日', '\u007f', '!', '"', '#', '+'];
    for (let n = 0; n < 5000; n++) {
      let s = '';
      const len = Math.floor(r() * 24);
      for (let k = 0; k < len; k++) s += alphabet[Math.floor(r() * alphabet.length)];
      expect(normalizePercent(s)).toBe(slowNormalize(s));
    }
  });

  it('keeps a plain path as it is and rewrites escapes', () => {
    expect(normalizePercent('/a/b.php')).toBe('/a/b.php');
    expect(normalizePercent('/a%2fb%41%7e c')).toBe('/a%2Fb' + 'A~%20c');
    expect(urlMatchKey('HTTP://Evil.COM:80/x%41/')?.key).toBe('http://evil.com/xA');
  });
});

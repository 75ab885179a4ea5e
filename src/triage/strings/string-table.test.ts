import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractIndicators } from '../../extract/indicators/index.js';
import { buildSamples } from '../../../test/fixtures/samples/build.js';
import { concatBytes, pseudoRandomBytes } from '../../../test/helpers/triage-reference.js';
import { extractStrings, scanStrings, type FoundString } from './extract-strings.js';
import { foundStrings } from './string-table.js';
import { stringsIndicators, tableIndicators } from './strings-indicators.js';

/** Printable ASCII plus tab, as extract-strings.ts defines it. */
const printable = (c: number | undefined): boolean => c !== undefined && (c === 9 || (c >= 0x20 && c <= 0x7e));

/**
 * The oracle: every maximal printable run, and every maximal run of UTF-16LE characters (printable
 * low byte, zero high byte) at either alignment, read byte by byte with no sampling; sorted by
 * offset, ASCII first; cut to `maxLen` characters.
 */
function naiveStrings(b: Uint8Array, minLength = 5, maxLen = 4096): FoundString[] {
  const out: FoundString[] = [];
  for (let i = 0; i < b.length; ) {
    let e = i;
    while (e < b.length && printable(b[e])) e++;
    if (e - i >= minLength) out.push({ offset: i, encoding: 'ascii', value: Buffer.from(b.subarray(i, i + Math.min(e - i, maxLen))).toString('latin1') });
    i = e > i ? e : i + 1;
  }
  for (const align of [0, 1]) {
    for (let i = align; i + 1 < b.length; ) {
      let e = i;
      while (e + 1 < b.length && printable(b[e]) && b[e + 1] === 0) e += 2;
      const chars = (e - i) / 2;
      if (chars >= minLength) out.push({ offset: i, encoding: 'utf16le', value: Buffer.from(b.subarray(i, i + 2 * Math.min(chars, maxLen))).toString('utf16le') });
      i = e > i ? e : i + 2;
    }
  }
  return out.sort((x, y) => x.offset - y.offset || (x.encoding < y.encoding ? -1 : 1));
}

/** About 40 real binaries under 2 MB (every k-th of /usr/bin) and the built test corpus. */
function realFiles(): string[] {
  const bin = readdirSync('/usr/bin').map((f) => join('/usr/bin', f)).filter((p) => { const s = lstatSync(p); return s.isFile() && s.size > 0 && s.size < 2e6; });
  const step = Math.max(1, Math.floor(bin.length / 40));
  return [...bin.filter((_, i) => i % step === 0), ...Object.values(buildSamples().files)];
}

describe('string table', () => {
  const files = realFiles();

  it('holds exactly the strings a byte-by-byte scan finds, on real binaries and the corpus', () => {
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) {
      const b = new Uint8Array(readFileSync(f));
      const mine = extractStrings(b, { maxStrings: 1e9, maxTotalChars: 1e12 });
      expect(mine.strings, f).toEqual(naiveStrings(b));
      expect(extractStrings(b, { minLength: 3, maxStringLength: 9, maxStrings: 1e9, maxTotalChars: 1e12 }).strings, f).toEqual(naiveStrings(b, 3, 9));
    }
  }, 120_000);

  it('gives the same indicators, offsets and lines as joining string objects', () => {
    for (const f of files) {
      const b = new Uint8Array(readFileSync(f));
      const t = scanStrings(b);
      expect(tableIndicators(t, (x) => extractIndicators(x)), f).toEqual(stringsIndicators(foundStrings(t), (x) => extractIndicators(x)));
    }
  }, 120_000);

  it('keeps order, limits and warnings on crafted input; empty input is an empty table', () => {
    const wide = (s: string): Uint8Array => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]));
    const b = concatBytes(wide('AAAAAAA'), Uint8Array.of(1), wide('odd-aligned'), Uint8Array.of(0xff), new TextEncoder().encode('plain ascii'), pseudoRandomBytes(64, 3));
    expect(extractStrings(b).strings).toEqual(naiveStrings(b));
    // One-character strings: an ASCII and a UTF-16LE string start at the same offset (ASCII first).
    expect(extractStrings(b, { minLength: 1 }).strings).toEqual(naiveStrings(b, 1));
    const limited = scanStrings(b, { maxStrings: 2 });
    expect(limited.count).toBe(2);
    expect(limited.warnings.map((w) => w.code)).toEqual(['limit-strings']);
    const empty = scanStrings(new Uint8Array(0));
    expect([empty.count, empty.text, tableIndicators(empty, () => { throw new Error('not called'); })]).toEqual([0, '', []]);
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { extractIndicators } from '../../extract/indicators/index.js';
import { FileIocSchema } from '../../model/triage-result.js';
import { extractStrings } from './extract-strings.js';
import { stringsIndicators } from './strings-indicators.js';
import { concatBytes, hasTool, pseudoRandomBytes } from '../../../test/helpers/triage-reference.js';

const enc = new TextEncoder();
const ascii = (s: string): Uint8Array => enc.encode(s);
const utf16 = (s: string): Uint8Array => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]));

describe('extractStrings', () => {
  it('finds ASCII and UTF-16LE strings at their offsets, at either alignment', () => {
    const bytes = concatBytes(
      Uint8Array.of(1, 2, 3), ascii('GetProcAddress'), Uint8Array.of(0),
      Uint8Array.of(0xff), utf16('powershell.exe'), Uint8Array.of(0, 0),
      utf16('http://a.example/x'), Uint8Array.of(0, 0, 0xff),
      utf16('Even aligned'), Uint8Array.of(0, 0),
      ascii('abc'), Uint8Array.of(0), // too short
    );
    const r = extractStrings(bytes);
    const off = (s: Uint8Array): number => Buffer.from(bytes).indexOf(Buffer.from(s));
    expect([off(utf16('powershell.exe')) % 2, off(utf16('Even aligned')) % 2]).toEqual([1, 0]);
    expect(r.strings).toEqual([
      { offset: 3, encoding: 'ascii', value: 'GetProcAddress' },
      { offset: off(utf16('powershell.exe')), encoding: 'utf16le', value: 'powershell.exe' },
      { offset: off(utf16('http://a.example/x')), encoding: 'utf16le', value: 'http://a.example/x' },
      { offset: off(utf16('Even aligned')), encoding: 'utf16le', value: 'Even aligned' },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('agrees with GNU strings -a on a real binary', { skip: !hasTool('strings') }, () => {
    const file = '/usr/bin/ls';
    const ref = execFileSync('strings', ['-a', '-t', 'd', '-n', '6', file]).toString().split('\n').filter(Boolean)
      .map((l) => { const m = /^\s*(\d+) (.*)$/.exec(l)!; return { offset: Number(m[1]), value: m[2]! }; });
    const mine = extractStrings(readFileSync(file), { minLength: 6 }).strings.filter((s) => s.encoding === 'ascii')
      .map((s) => ({ offset: s.offset, value: s.value }));
    expect(mine).toEqual(ref);
  });

  it('stops at its limits with a warning, and copes with empty or random input', () => {
    const many = ascii('ABCDEFGH\0'.repeat(1000));
    const r = extractStrings(many, { maxStrings: 10 });
    expect(r.strings).toHaveLength(10);
    expect(r.warnings.map((w) => w.code)).toEqual(['limit-strings']);
    expect(extractStrings(many, { maxTotalChars: 40 }).warnings.map((w) => w.code)).toEqual(['limit-string-chars']);
    expect(extractStrings(ascii('x'.repeat(10_000)), { maxStringLength: 100 }).strings[0]!.value).toHaveLength(100);
    expect(extractStrings(new Uint8Array(0))).toEqual({ strings: [], warnings: [] });
    expect(extractStrings(ascii('\0\0abcdef\0'), { minLength: 0 }).strings).toEqual([{ offset: 2, encoding: 'ascii', value: 'abcdef' }]);
    expect(extractStrings(pseudoRandomBytes(10_000), { minLength: 8 }).strings.length).toBeLessThan(5);
  });
});

describe('extractStrings sampling', () => {
  it('finds runs of exactly minLength characters at every offset, in both encodings', () => {
    for (const minLength of [2, 4, 5, 7]) {
      for (let at = 1; at <= 2 * minLength + 1; at++) {
        const word = 'Qwertyu'.slice(0, minLength);
        const bytes = concatBytes(new Uint8Array(at).fill(0xff), ascii(word), Uint8Array.of(0xff, 0xff), utf16(word), Uint8Array.of(0xff, 0xff));
        expect(extractStrings(bytes, { minLength }).strings).toEqual([
          { offset: at, encoding: 'ascii', value: word },
          { offset: at + minLength + 2, encoding: 'utf16le', value: word },
        ]);
        expect(extractStrings(bytes, { minLength: minLength + 1 }).strings).toEqual([]);
      }
    }
  });
});

describe('stringsIndicators', () => {
  it('maps indicators found by the extract engine back to file offsets', () => {
    const bytes = concatBytes(
      pseudoRandomBytes(100, 1).map((b) => b & 0x7f | 0x80), ascii('\0connect to c2.badexample.com:443\0'),
      new Uint8Array(7), utf16('http://198.51.100.7/gate.php'), new Uint8Array(4),
      ascii('see c2.badexample.com again\0'),
    );
    const { strings } = extractStrings(bytes);
    const found = stringsIndicators(strings, (t) => extractIndicators(t, { warninglists: null }));
    const file = Buffer.from(bytes);
    const domain = found.find((i) => i.type === 'domain' && i.value === 'c2.badexample.com');
    expect(domain?.occurrences.map((o) => o.offset)).toEqual([
      file.indexOf('c2.badexample.com'), file.lastIndexOf('c2.badexample.com'),
    ]);
    const url = found.find((i) => i.type === 'url');
    expect(url?.value).toBe('http://198.51.100.7/gate.php');
    expect(url?.occurrences[0]?.offset).toBe(file.indexOf(Buffer.from(utf16('http://198.51.100.7'))));
    expect(url?.file_offsets).toEqual(url?.occurrences.map((o) => o.offset));
    for (const ind of found) expect(FileIocSchema.safeParse(ind).success).toBe(true);
    // The same indicators as the engine finds in the joined strings: only offsets change.
    const direct = extractIndicators(strings.map((s) => s.value).join('\n'), { warninglists: null });
    expect(found.map((i) => `${i.type}:${i.value}`)).toEqual(direct.map((i) => `${i.type}:${i.value}`));
  });

  it('returns nothing for no strings', () => {
    expect(stringsIndicators([], (t) => extractIndicators(t))).toEqual([]);
  });
});

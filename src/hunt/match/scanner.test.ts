import { describe, expect, it } from 'vitest';
import type { HuntType } from '../types.js';
import { IndicatorMatcher } from './matcher.js';
import { LineScanner, type RawHit } from './scanner.js';

const INTEL: [HuntType, string][] = [
  ['domain', 'evil.com'],
  ['sha256', 'a'.repeat(64)],
  ['md5', '0123456789abcdef0123456789abcdef'],
  ['ipv4', '203.0.113.7'],
  ['cidr', '198.51.100.0/25'],
  ['ipv6', '2001:db8::42'],
  ['url', 'http://evil.com/gate.php'],
  ['email', 'ops@bad.example'],
  ['filename', 'dropper.exe'],
  ['filepath', 'C:\\Users\\Public\\x.dll'],
  ['url', 'http://203.0.113.9/p'],
];
const m = new IndicatorMatcher(INTEL.map(([type, value]) => ({ type, value, raw: value, source: 's', source_title: 't' })));

function scan(line: string, json = false): string[] {
  const b = Buffer.from(line);
  const out: RawHit[] = [];
  new LineScanner(m, { json, delimiter: -1 }).scan(b, 0, b.length, out);
  return out.map((h) => `${INTEL[h.id]?.[1]}|${h.kind}|${b.toString('utf8', h.offset, h.offset + 6)}`);
}

describe('LineScanner', () => {
  it.each([
    ['query a.EVIL.com A', ['evil.com|subdomain|a.EVIL']],
    ['host=evil.com.', ['evil.com|exact|evil.c', 'http://evil.com/gate.php|url-host|evil.c']],
    ['.evil.com', ['evil.com|exact|.evil.', 'http://evil.com/gate.php|url-host|.evil.']],
    ['notevil.com evil.com.au evil.community myevil.com evil.com-x.net', []],
    [`h=${'A'.repeat(64)};`, [`${'a'.repeat(64)}|hash|AAAAAA`]],
    [`h=${'a'.repeat(65)} ${'a'.repeat(64)}f0 x${'a'.repeat(64)}`, []],
    ['md5:0123456789ABCDEF0123456789ABCDEF.bin', ['0123456789abcdef0123456789abcdef|hash|012345']],
    ['src=203.0.113.7:443 dst=198.51.100.127 x=198.51.100.128 y=1.203.0.113.7', ['203.0.113.7|exact|203.0.', '198.51.100.0/25|cidr|198.51']],
    ['from [2001:0db8::42]:53 and 2001:db8::43', ['2001:db8::42|exact|2001:0']],
    ['GET HTTP://Evil.Com:80/gate.php?x=1 200', ['http://evil.com/gate.php|url|HTTP:/', 'evil.com|exact|Evil.C']],
    ['GET http://evil.com/other', ['evil.com|exact|evil.c', 'http://evil.com/gate.php|url-host|evil.c']],
    ['GET http://203.0.113.9/p/ ok', ['http://203.0.113.9/p|url|http:/']],
    ['mail from Ops@Bad.Example to x', ['ops@bad.example|exact|Ops@Ba']],
    ['image=C:\\Temp\\Dropper.EXE other=notdropper.exe', ['dropper.exe|filename|Droppe']],
    ['path="c:\\users\\public\\x.dll" q="d:\\users\\public\\x.dll"', ['C:\\Users\\Public\\x.dll|filepath|c:\\use']],
  ])('%s', (line, want) => {
    expect(scan(line)).toEqual(want);
  });

  it('reads JSON escapes', () => {
    expect(scan('{"u":"http:\\/\\/evil.com\\/gate.php","p":"C:\\\\Users\\\\Public\\\\x.dll"}', true)).toEqual([
      'http://evil.com/gate.php|url|http:\\',
      'evil.com|exact|evil.c',
      'C:\\Users\\Public\\x.dll|filepath|C:\\\\Us',
    ]);
  });
});

describe('hash probing', () => {
  const md5 = '0123456789abcdef0123456789abcdef';
  const sha256 = 'a'.repeat(64);
  it.each(Array.from({ length: 70 }, (_, i) => i))('finds whole hashes at offset %i and never hash-length slices', (pad) => {
    const prefix = 'x'.repeat(pad % 7) + ' '.repeat(pad);
    expect(scan(`${prefix}${md5.toUpperCase()} ${prefix}=${sha256}.`).map((h) => h.split('|')[1])).toEqual(['hash', 'hash']);
    expect(scan(`${prefix}${md5}0 ${prefix}f${sha256} g${md5}`)).toEqual([]);
  });
});

describe('IPv4 /24 block filter', () => {
  const intel: [HuntType, string][] = [
    ['cidr', '10.0.0.0/14'],
    ['cidr', '192.0.2.128/26'],
    ['url', 'http://198.51.100.77/x'],
  ];
  const mm = new IndicatorMatcher(intel.map(([type, value]) => ({ type, value, raw: value, source: 's', source_title: 't' })));
  const kinds = (line: string): string[] => {
    const b = Buffer.from(line);
    const out: RawHit[] = [];
    new LineScanner(mm, { json: false, delimiter: -1 }).scan(b, 0, b.length, out);
    return out.map((h) => `${intel[h.id]?.[1]}|${h.kind}|${b.toString('latin1', h.offset, b.indexOf(32, h.offset) === -1 ? b.length : b.indexOf(32, h.offset))}`);
  };

  it('finds every address of a network wider than /24, and none beside it', () => {
    expect(kinds('a 10.0.0.1 b 10.3.255.254 c 10.4.0.0 d 9.255.255.255')).toEqual(['10.0.0.0/14|cidr|10.0.0.1', '10.0.0.0/14|cidr|10.3.255.254']);
  });

  it('tells a narrow network from the rest of its /24 block', () => {
    expect(kinds('192.0.2.128 192.0.2.191 192.0.2.127 192.0.2.192')).toEqual(['192.0.2.128/26|cidr|192.0.2.128', '192.0.2.128/26|cidr|192.0.2.191']);
  });

  it('marks the dotted-quad host of a URL indicator', () => {
    expect(kinds('peer 198.51.100.77 peer 198.51.100.78')).toEqual(['http://198.51.100.77/x|url-host|198.51.100.77']);
  });
});

describe('digit-and-dot runs', () => {
  const scanWith = (intel: [HuntType, string][], line: string): string[] => {
    const mm = new IndicatorMatcher(intel.map(([type, value]) => ({ type, value, raw: value, source: 's', source_title: 't' })));
    const b = Buffer.from(line);
    const out: RawHit[] = [];
    new LineScanner(mm, { json: false, delimiter: -1 }).scan(b, 0, b.length, out);
    return out.map((h) => `${intel[h.id]?.[1]}|${h.kind}`);
  };

  it('are tested as hosts only when some key is one (a numeric file name)', () => {
    expect(scanWith([['filename', '2024.01'], ['domain', 'evil.com']], 'took 2024.01 s; 12:00:01.250 evil.com')).toEqual(['2024.01|filename', 'evil.com|exact']);
    expect(scanWith([['domain', 'evil.com']], 'took 2024.01 s; 12:00:01.250')).toEqual([]);
  });
});

describe('last-label filter', () => {
  const intel: [HuntType, string][] = [['domain', 'c2.corp.internal'], ['filename', '.bashrc'], ['domain', 'xn--80ak6aa92e.xn--p1ai'], ['filename', 'ünï.dät']];
  const mm = new IndicatorMatcher(intel.map(([type, value]) => ({ type, value, raw: value, source: 's', source_title: 't' })));
  it('keeps every suffix of a run whose last label some key ends with', () => {
    const b = Buffer.from('a.C2.corp.INTERNAL b.corp.internal c2.corp.internals ~/.bashrc x.xn--80ak6aa92e.xn--p1ai ünï.dät');
    const out: RawHit[] = [];
    new LineScanner(mm, { json: false, delimiter: -1 }).scan(b, 0, b.length, out);
    expect(out.map((h) => `${intel[h.id]?.[1]}|${h.kind}`)).toEqual(['c2.corp.internal|subdomain', '.bashrc|filename', 'xn--80ak6aa92e.xn--p1ai|subdomain', 'ünï.dät|filename']);
  });
});

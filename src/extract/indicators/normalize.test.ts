import { describe, expect, it } from 'vitest';
import { classifyIndicator, normalizeDomain, normalizeIpv6, normalizeUrl, parseIpv4, refang } from './normalize.js';

describe('refang', () => {
  it.each([
    ['hxxp://evil[.]com', 'http://evil.com'],
    ['hXXps://evil(.)com/a', 'https://evil.com/a'],
    ['h**ps://evil{.}com', 'https://evil.com'],
    ['evil[dot]com', 'evil.com'],
    ['evil(DOT)com', 'evil.com'],
    ['evil dot com', 'evil.com'],
    ['evil [.] com', 'evil.com'],
    ['http[:]//evil.com', 'http://evil.com'],
    ['http[://]evil.com', 'http://evil.com'],
    ['user[@]evil.com', 'user@evil.com'],
    ['user[at]evil.com', 'user@evil.com'],
    ['user(at)evil.com', 'user@evil.com'],
    ['evil\\.com', 'evil.com'],
    ['1.2.3[.]4', '1.2.3.4'],
    ['fxp://files[.]ru', 'ftp://files.ru'],
    ['C:\\Users\\.ssh', 'C:\\Users\\.ssh'],
    ['plain text', 'plain text'],
    ['[link]', '[link]'],
  ])('%s → %s', (raw, want) => {
    expect(refang(raw)).toBe(want);
  });
});

describe('classifyIndicator', () => {
  it.each([
    ['hxxp://evil[.]com/a', 'url', 'http://evil.com/a', true],
    ['evil[.]zip', 'domain', 'evil.zip', true],
    ['invoice.zip', 'filename', 'invoice.zip', false],
    ['10.0.0.1', 'ipv4', '10.0.0.1', false],
    ['10.0.0.0/8', 'cidr', '10.0.0.0/8', false],
    ['"D41D8CD98F00B204E9800998ECF8427E"', 'md5', 'd41d8cd98f00b204e9800998ecf8427e', false],
    ['HKEY_LOCAL_MACHINE\\Software\\X', 'registry', 'HKLM\\Software\\X', false],
    ['C:\\Windows\\x.exe', 'filepath', 'C:\\Windows\\x.exe', false],
    ['bad(at)evil.ru', 'email', 'bad@evil.ru', true],
    ['CVE-2021-44228', 'cve', 'CVE-2021-44228', false],
    ['T1059.001', 'attack_technique', 'T1059.001', false],
    ['AS13335', 'asn', 'AS13335', false],
    ['2001:DB8::1', 'ipv6', '2001:db8::1', false],
  ])('%s', (raw, type, value, defanged) => {
    expect(classifyIndicator(raw)).toEqual({ type, value, defanged });
  });

  it.each(['not an ioc', '', 'version 1.2.3.4', 'evil.com and more', 'System.IO'])('null for %j', (raw) => {
    expect(classifyIndicator(raw)).toBeNull();
  });
});

describe('normalisers', () => {
  it.each([
    ['Evil.Example.COM.', 'evil.example.com'],
    ['пример.рф', 'xn--e1afmkfd.xn--p1ai'],
    ['co.uk', null],
    ['x.notatld', null],
    ['-bad.com', null],
    ['a'.repeat(64) + '.com', null],
  ])('normalizeDomain(%j)', (s, want) => {
    expect(normalizeDomain(s)).toBe(want);
  });

  it.each([
    ['HXXPS://Evil[.]COM:443/Path', 'https://evil.com/Path'],
    ['http://EVIL.com:8080/a?b=C', 'http://evil.com:8080/a?b=C'],
    ['http://[2001:DB8::1]:80/x', 'http://[2001:db8::1]/x'],
    ['not a url', null],
  ])('normalizeUrl(%j)', (s, want) => {
    expect(normalizeUrl(s)).toBe(want);
  });

  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['FE80::A', 'fe80::a'],
    ['1::2::3', null],
    ['12:30:45', null],
    ['[::1]', '::1'],
  ])('normalizeIpv6(%j)', (s, want) => {
    expect(normalizeIpv6(s)).toBe(want);
  });

  it.each([
    ['192.0.2.1', 3221225985],
    ['0.0.0.0', 0],
    ['255.255.255.255', 4294967295],
    ['256.1.1.1', null],
    ['1.2.3', null],
    ['1.2.3.4.5', null],
    ['1..2.3', null],
  ])('parseIpv4(%j)', (s, want) => {
    expect(parseIpv4(s)).toBe(want);
  });
});

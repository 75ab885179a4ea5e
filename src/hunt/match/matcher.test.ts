import { describe, expect, it } from 'vitest';
import type { IntelIndicator, HuntType, MatchKind } from '../types.js';
import { IndicatorMatcher } from './matcher.js';
import { parseIpv6 } from './ip.js';
import { urlMatchKey } from './url-key.js';

function ind(type: HuntType, value: string): IntelIndicator {
  return { type, value, raw: value, source: 'test', source_title: 'test' };
}

function build(...list: [HuntType, string][]): IndicatorMatcher {
  return new IndicatorMatcher(list.map(([t, v]) => ind(t, v)));
}

function collect(fn: (sink: (id: number, kind: MatchKind) => void) => void): string[] {
  const out: string[] = [];
  fn((id, kind) => out.push(`${id}:${kind}`));
  return out.sort();
}

describe('domain matcher', () => {
  const m = build(['domain', 'evil.com'], ['domain', 'b.evil.com']);
  it.each([
    ['evil.com', ['0:exact']],
    ['EVIL.COM.', ['0:exact']],
    ['a.evil.com', ['0:subdomain']],
    ['x.b.evil.com', ['0:subdomain', '1:subdomain']],
    ['notevil.com', []],
    ['evil.com.au', []],
    ['evil.community', []],
    ['com', []],
  ])('%s', (host, want) => {
    expect(collect((s) => m.matchHost(host, s))).toEqual(want);
  });
});

describe('ip matcher', () => {
  const m = build(['ipv4', '192.0.2.10'], ['cidr', '198.51.100.0/24'], ['cidr', '198.51.0.0/16'], ['ipv6', '2001:db8::1'], ['cidr', '2001:db8:aa00::/40']);
  it.each([
    ['192.0.2.10', ['0:exact']],
    ['192.0.2.11', []],
    ['198.51.100.255', ['1:cidr', '2:cidr']],
    ['198.51.101.1', ['2:cidr']],
    ['198.52.0.0', []],
    ['2001:0db8:0:0::1', ['3:exact']],
    ['2001:db8:aaff::5', ['4:cidr']],
    ['2001:db8:ab00::5', []],
  ])('%s', (ip, want) => {
    expect(collect((s) => m.matchIp(ip, s))).toEqual(want);
  });

  it('parses IPv6 forms and rejects junk', () => {
    expect(parseIpv6('::1')).toBe(1n);
    expect(parseIpv6('::ffff:192.0.2.1')).toBe((0xffffn << 32n) | 0xc0000201n);
    expect(parseIpv6('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseIpv6('12:34:56')).toBeNull();
    expect(parseIpv6('1::2::3')).toBeNull();
  });
});

describe('url matcher', () => {
  const m = build(['url', 'http://evil.com/gate.php'], ['url', 'https://cdn.evil.net/a%7Eb/']);
  it.each([
    ['HTTP://EVIL.COM:80/gate.php', ['0:url']],
    ['http://evil.com/gate.php?id=1', ['0:url']],
    ['http://evil.com/other', ['0:url-host']],
    ['https://cdn.evil.net:443/a~b', ['1:url']],
    ['https://cdn.evil.net/a%7eb/', ['1:url']],
    ['https://cdn.evil.net/A~b', ['1:url-host']],
    ['http://notevil.com/gate.php', []],
  ])('%s', (url, want) => {
    expect(collect((s) => m.matchUrl(url, s))).toEqual(want);
  });

  it('keys drop userinfo, fragment and default port', () => {
    expect(urlMatchKey('HTTPS://u:p@Host.Example:443/x/?q=%2f#frag')?.key).toBe('https://host.example/x?q=%2F');
    expect(urlMatchKey('not a url')).toBeNull();
  });
});

describe('hash, name and path matchers', () => {
  const m = build(['md5', 'd41d8cd98f00b204e9800998ecf8427e'], ['filename', 'Evil.exe'], ['filepath', 'C:\\Windows\\Temp\\drop.dll'], ['filepath', 'tasks/run.sh']);
  it('matches hashes case-insensitively', () => {
    expect(collect((s) => m.matchHash('D41D8CD98F00B204E9800998ECF8427E', s))).toEqual(['0:hash']);
    expect(collect((s) => m.matchHash('d41d8cd98f00b204e9800998ecf8427', s))).toEqual([]);
  });
  it.each([
    ['/tmp/EVIL.EXE', ['1:filename']],
    ['/tmp/notevil.exe', []],
    ['c:/windows/temp/drop.dll', ['2:filepath']],
    ['D:\\Windows\\Temp\\drop.dll', []],
    ['/home/x/tasks/run.sh', ['3:filepath']],
    ['/home/x/mytasks/run.sh', []],
  ])('%s', (p, want) => {
    expect(collect((s) => m.matchPath(p, s))).toEqual(want);
  });
});

import { describe, expect, it } from 'vitest';
import { extractIndicators } from '../../extract/indicators/index.js';
import { buildWarninglists, checkBenign, loadWarninglists } from './index.js';

describe('bundled warninglists', () => {
  const wl = loadWarninglists();

  it.each([
    ['ipv4', '10.1.2.3', 'rfc1918'],
    ['ipv4', '192.168.0.1', 'rfc1918'],
    ['ipv4', '100.64.1.1', 'rfc6598'],
    ['ipv4', '127.0.0.1', 'rfc5735'],
    ['ipv4', '192.0.2.10', 'rfc5735'],
    ['ipv4', '239.1.1.1', 'rfc5735'],
    ['ipv4', '8.8.8.8', 'public-dns-v4'],
    ['ipv6', '2001:db8::1', 'rfc3849'],
    ['ipv6', 'fe80::1', 'ipv6-linklocal'],
    ['ipv6', '::1', 'iana-ipv6-special'],
    ['cidr', '10.0.0.0/8', 'rfc1918'],
    ['domain', 'www.google.com', undefined],
    ['domain', 'example.com', 'rfc6761'],
    ['domain', 'bit.ly', 'url-shortener'],
    ['md5', 'd41d8cd98f00b204e9800998ecf8427e', 'empty-hashes'],
    ['url', 'https://example.com/', 'rfc6761'],
  ] as const)('%s %s is benign', (type, value, list) => {
    const b = checkBenign(type, value, wl);
    expect(b).toBeDefined();
    if (list !== undefined) expect(b?.list).toBe(list);
    expect(b?.reason.length).toBeGreaterThan(5);
  });

  it.each([
    ['ipv4', '45.77.120.14'],
    ['cidr', '8.0.0.0/7'],
    ['domain', 'evil-update-cdn.com'],
    ['domain', 'attacker.github.io'],
    ['url', 'https://www.google.com/url?q=evil'],
    ['md5', '9dae161c672e68a282bec912810b93f0'],
    ['filename', 'loader.dll'],
  ] as const)('%s %s is not benign', (type, value) => {
    expect(checkBenign(type, value, wl)).toBeUndefined();
  });

  it('tags benign indicators and drops them on request', () => {
    const text = 'C2 45.77.120.14, internal 10.0.0.5, resolver 8.8.8.8';
    const all = extractIndicators(text);
    expect(all.find((i) => i.value === '10.0.0.5')?.tags).toContain('benign');
    expect(all.find((i) => i.value === '10.0.0.5')?.benign?.list).toBe('rfc1918');
    expect(all.find((i) => i.value === '45.77.120.14')?.benign).toBeUndefined();
    expect(extractIndicators(text, { dropBenign: true }).map((i) => i.value)).toEqual(['45.77.120.14']);
  });
});

describe('buildWarninglists', () => {
  const wl = buildWarninglists([
    { id: 'mine', kind: 'cidr', reason: 'lab', values: ['203.0.113.0/24', '2001:db8:1::/48'] },
    { id: 'pop', kind: 'popular', reason: 'top', values: ['corp.example'] },
    { id: 'host', kind: 'host', reason: 'vendor', values: ['blog.vendor.test'] },
  ]);

  it('matches ranges, sub-domains and exact hosts', () => {
    expect(checkBenign('ipv4', '203.0.113.200', wl)?.list).toBe('mine');
    expect(checkBenign('ipv6', '2001:db8:1::99', wl)?.list).toBe('mine');
    expect(checkBenign('ipv4', '203.0.114.1', wl)).toBeUndefined();
    expect(checkBenign('domain', 'a.blog.vendor.test', wl)?.list).toBe('host');
  });

  it('keeps range edges, list priority and URL paths exact behind the prefilters', () => {
    const two = buildWarninglists([
      { id: 'narrow', kind: 'cidr', reason: 'a', values: ['198.51.100.8/29', '2001:db8:5:6::/64'] },
      { id: 'wide', kind: 'cidr', reason: 'b', values: ['198.51.100.0/24', '2001:db8::/32', '2000::/3'] },
      { id: 'h', kind: 'host', reason: 'c', values: ['cdn.vendor.test'] },
    ]);
    expect(checkBenign('ipv4', '198.51.100.8', two)?.list).toBe('narrow');
    expect(checkBenign('ipv4', '198.51.100.16', two)?.list).toBe('wide');
    expect(checkBenign('ipv4', '198.51.101.0', two)).toBeUndefined();
    expect(checkBenign('cidr', '198.51.100.8/30', two)?.list).toBe('narrow');
    expect(checkBenign('ipv6', '2001:db8:5:6:ffff:ffff:ffff:ffff', two)?.list).toBe('narrow');
    expect(checkBenign('ipv6', '2001:db8:5:7::', two)?.list).toBe('wide');
    expect(checkBenign('ipv6', '3fff:ffff::1', two)?.list).toBe('wide');
    expect(checkBenign('ipv6', '4000::1', two)).toBeUndefined();
    expect(checkBenign('url', 'https://cdn.vendor.test/', two)?.list).toBe('h');
    expect(checkBenign('url', 'https://cdn.vendor.test', two)?.list).toBe('h');
    for (const u of ['https://cdn.vendor.test/x', 'https://cdn.vendor.test/?', 'https://cdn.vendor.test?a', 'https://cdn.vendor.test#f', 'https://u@cdn.vendor.test/a/']) {
      expect(checkBenign('url', u, two), u).toBeUndefined();
    }
    const bundled = loadWarninglists();
    expect(checkBenign('ipv6', '2a01:4f8:13a:250b::30', bundled)).toBeDefined();
    expect(checkBenign('ipv6', '2a01:4f8:13a:250b::31', bundled)).toBeUndefined();
  });

  it('is plain data: a structured clone (what a worker receives) gives the same answers', () => {
    for (const lists of [wl, loadWarninglists()]) {
      const copy = structuredClone(lists);
      for (const [type, value] of [['ipv4', '203.0.113.7'], ['ipv4', '8.8.8.8'], ['ipv6', '2001:db8:1::1'], ['domain', 'x.corp.example'], ['domain', 'bit.ly'], ['md5', 'd41d8cd98f00b204e9800998ecf8427e']] as const) {
        expect(checkBenign(type, value, copy)).toEqual(checkBenign(type, value, lists));
      }
    }
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng.js';
import { buildWarninglists, checkBenign, checkBenignMany, loadWarninglists, type BenignQuery } from './index.js';

/** Values drawn from the bundled lists themselves, their neighbours and sub-domains, and look-alikes. */
function sampleQueries(): BenignQuery[] {
  const rand = mulberry32(7);
  const q: BenignQuery[] = [];
  const ip = (): string => Array.from({ length: 4 }, () => Math.floor(rand() * 256)).join('.');
  for (const src of loadWarninglists().sources) {
    const values = src.file ? readFileSync(src.file, 'utf8').split('\n').filter(Boolean) : [...src.values];
    const step = Math.max(1, Math.floor(values.length / 300));
    for (let i = 0; i < values.length; i += step) {
      const v = values[i]!;
      if (src.kind === 'cidr') {
        const [addr = '', bits] = v.split('/');
        if (addr.includes(':')) q.push({ type: 'ipv6', value: addr }, { type: 'cidr', value: `${addr}/${bits ?? '128'}` });
        else {
          const parts = addr.split('.').map(Number);
          q.push({ type: 'ipv4', value: addr }, { type: 'cidr', value: `${addr}/${bits ?? '32'}` }, { type: 'url', value: `http://${addr}/` });
          if (parts.length === 4) q.push({ type: 'ipv4', value: [...parts.slice(0, 3), (parts[3]! + 1) % 256].join('.') }, { type: 'cidr', value: `${parts.slice(0, 3).join('.')}.0/23` });
        }
      } else if (src.kind === 'hash') q.push({ type: 'md5', value: v.toUpperCase() }, { type: 'sha256', value: v });
      else {
        q.push({ type: 'domain', value: v }, { type: 'domain', value: `Sub.${v}` }, { type: 'domain', value: `x${v}` });
        q.push({ type: 'url', value: `https://${v}/` }, { type: 'url', value: `https://a.${v}` }, { type: 'url', value: `https://${v}/payload.bin` });
      }
    }
  }
  for (let i = 0; i < 2000; i++) q.push({ type: 'ipv4', value: ip() });
  q.push(
    { type: 'domain', value: 'attacker.github.io' }, { type: 'domain', value: 'mail.google.com' }, { type: 'domain', value: 'bücher.example' },
    { type: 'cidr', value: '10.0.0.0/8' }, { type: 'cidr', value: '8.8.8.0/24' }, { type: 'cidr', value: '1.2.3.4' }, { type: 'cidr', value: '1.2.3.4/x' },
    { type: 'ipv6', value: '2001:db8::1' }, { type: 'ipv6', value: '::1' }, { type: 'url', value: 'http://[2001:db8::5]/' },
    { type: 'filename', value: 'loader.dll' }, { type: 'ipv4', value: '999.1.1.1' },
  );
  return q;
}

describe('checkBenignMany', () => {
  it('answers as checkBenign does, value by value, on the bundled lists (streamed, not compiled)', () => {
    const queries = sampleQueries();
    const compiled = loadWarninglists();
    const want = queries.map((x) => checkBenign(x.type, x.value, compiled));
    // A fresh copy has nothing compiled: the batch streams the lists' bytes.
    const fresh = buildWarninglists(compiled.sources);
    const got = checkBenignMany(queries, fresh);
    expect(got).toEqual(want);
    expect(want.filter((b) => b !== undefined).length).toBeGreaterThan(1000);
    expect(want.filter((b) => b === undefined).length).toBeGreaterThan(1000);
    // Already compiled lists are used as they are.
    expect(checkBenignMany(queries, compiled)).toEqual(want);
  });

  it('keeps list priority, span ends, CRLF lines and non-ASCII entries exact', () => {
    const lists = buildWarninglists([
      { id: 'narrow', kind: 'cidr', reason: 'a', values: ['198.51.100.8/29', '203.0.113.5\r'] },
      { id: 'wide', kind: 'cidr', reason: 'b', values: ['198.51.100.0/25', '198.51.100.128/25', 'junk', '1.2.3.4/40'] },
      { id: 'h', kind: 'host', reason: 'c', values: ['CDN.Vendor.test', 'bücher.example', 'crlf.test\r'] },
      { id: 'p', kind: 'popular', reason: 'd', values: ['vendor.test', 'github.io'] },
    ]);
    const queries: BenignQuery[] = [
      { type: 'ipv4', value: '198.51.100.9' }, { type: 'ipv4', value: '198.51.100.200' }, { type: 'cidr', value: '198.51.100.0/24' },
      { type: 'ipv4', value: '203.0.113.5' }, { type: 'ipv4', value: '1.2.3.4' },
      { type: 'domain', value: 'x.cdn.vendor.test' }, { type: 'domain', value: 'www.vendor.test' }, { type: 'domain', value: 'a.b.vendor.test' },
      { type: 'domain', value: 'bücher.example' }, { type: 'domain', value: 'crlf.test' }, { type: 'domain', value: 'me.github.io' },
    ];
    const want = queries.map((x) => checkBenign(x.type, x.value, lists));
    expect(want.map((b) => b?.list)).toEqual(['narrow', 'wide', 'wide', undefined, undefined, 'h', 'p', 'p', 'h', undefined, undefined]);
    expect(checkBenignMany(queries, buildWarninglists(lists.sources))).toEqual(want);
  });
});

import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng.js';
import { buildWarninglists, checkBenign, loadWarninglists, writeWarninglistIndex, type IndicatorType } from './index.js';

/** A value to check: its type and canonical value. */
interface BenignQuery { type: IndicatorType; value: string }

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

describe('prebuilt warninglist tables', () => {
  it('answer as the compiled maps and ranges do, value by value', () => {
    const queries = sampleQueries();
    const bundled = loadWarninglists();
    expect(bundled.index).toBeDefined();
    // Without `index`, the same sources are compiled into maps and ranges (the path of custom lists).
    const compiled = buildWarninglists(bundled.sources);
    const want = queries.map((x) => checkBenign(x.type, x.value, compiled));
    expect(want.filter((b) => b !== undefined).length).toBeGreaterThan(1000);
    expect(want.filter((b) => b === undefined).length).toBeGreaterThan(1000);
    expect(queries.map((x) => checkBenign(x.type, x.value, bundled))).toEqual(want);
  });

  it('compiles the lists instead when the prebuilt tables are damaged', () => {
    const bundled = loadWarninglists();
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-wl-'));
    try {
      cpSync(bundled.index!, dir, { recursive: true });
      const host = readFileSync(join(dir, 'host.bin'));
      writeFileSync(join(dir, 'host.bin'), host.subarray(0, host.length - 4096));
      const damaged = { ...buildWarninglists(bundled.sources), index: dir };
      const queries: BenignQuery[] = [{ type: 'domain', value: 'bit.ly' }, { type: 'domain', value: 'x.dns.google' }, { type: 'ipv4', value: '8.8.8.8' }, { type: 'domain', value: 'evil-update-cdn.com' }];
      const want = queries.map((x) => checkBenign(x.type, x.value, bundled));
      expect(want.filter((b) => b !== undefined).length).toBeGreaterThanOrEqual(2);
      expect(queries.map((x) => checkBenign(x.type, x.value, damaged))).toEqual(want);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships prebuilt tables that a rebuild from the shipped lists reproduces byte for byte', () => {
    const bundled = loadWarninglists();
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-wl-'));
    try {
      writeWarninglistIndex(dir, bundled.sources);
      const files = readdirSync(bundled.index!).sort();
      expect(files).toEqual(['hash.bin', 'host.bin', 'popular.bin', 'v4.bin', 'v6.json']);
      for (const f of files) expect(readFileSync(join(dir, f)).equals(readFileSync(join(bundled.index!, f))), f).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('custom lists (compiled) keep list priority, span ends, CRLF lines and non-ASCII entries exact', () => {
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
  });
});

// Builds data/warninglists/ from the MISP warninglists snapshot in ../shared/data/misp-warninglists:
// only the lists that mark benign values (special-use and private ranges, public DNS resolvers, very
// popular domains, security vendors' sites, URL shorteners, IP-echo services, sinkholes, hashes of empty
// files and known false positives). Cloud ranges and dynamic-DNS lists are left out on purpose:
// attackers use those, so they must not be marked benign. One value per line, plus manifest.json.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContext } from '../build-knowledge.js';
import { writeWarninglistIndex, type WarninglistSource } from '../../src/knowledge/warninglists/index.js';

/** list id → how Pillbox matches it and the reason shown to the analyst. */
export const SELECTED: Record<string, { kind: 'cidr' | 'popular' | 'host' | 'hash'; reason: string }> = {
  rfc1918: { kind: 'cidr', reason: 'private address space (RFC 1918)' },
  rfc6598: { kind: 'cidr', reason: 'shared carrier-grade NAT space (RFC 6598)' },
  rfc5735: { kind: 'cidr', reason: 'special-use IPv4 range (RFC 5735: loopback, link-local, documentation, reserved)' },
  rfc3849: { kind: 'cidr', reason: 'IPv6 documentation prefix (RFC 3849)' },
  'ipv6-linklocal': { kind: 'cidr', reason: 'IPv6 link-local range' },
  multicast: { kind: 'cidr', reason: 'multicast range (RFC 5771)' },
  sinkholes: { kind: 'cidr', reason: 'known sinkhole address' },
  'public-dns-v4': { kind: 'cidr', reason: 'public DNS resolver' },
  'public-dns-v6': { kind: 'cidr', reason: 'public DNS resolver' },
  rfc6761: { kind: 'host', reason: 'special-use domain name (RFC 6761)' },
  'security-provider-blogpost': { kind: 'host', reason: 'security vendor or research site' },
  'whats-my-ip': { kind: 'host', reason: 'public IP-echo service' },
  'url-shortener': { kind: 'host', reason: 'URL shortener service' },
  'public-dns-hostname': { kind: 'host', reason: 'public DNS resolver host name' },
  tranco10k: { kind: 'popular', reason: 'very popular domain (Tranco top 10k)' },
  cisco_top10k: { kind: 'popular', reason: 'very popular domain (Cisco Umbrella top 10k)' },
  majestic_million: { kind: 'popular', reason: 'very popular domain (Majestic top 10k)' },
  'empty-hashes': { kind: 'hash', reason: 'hash of an empty file' },
  'common-ioc-false-positive': { kind: 'hash', reason: 'hash of a common benign file (frequent false positive)' },
};

interface MispList { name: string; version: number | string; list: string[] }

function clean(kind: string, v: string): string | null {
  const s = v.trim().toLowerCase().replace(/^\*?\./, '').replace(/\.$/, '');
  if (s === '' || s.startsWith('-')) return null;
  if (kind === 'cidr') return /^[0-9a-f:.]+(\/\d{1,3})?$/.test(s) ? s : null;
  if (kind === 'hash') return s;
  return /^[a-z0-9.-]+$/.test(s) ? s : null;
}

export function build(ctx: BuildContext): void {
  const src = join(ctx.sharedDir, 'misp-warninglists');
  const out = join(ctx.dataDir, 'warninglists');
  mkdirSync(out, { recursive: true });
  const manifest: { source: string; licence: string; lists: unknown[] } = {
    source: 'https://github.com/MISP/misp-warninglists (see NOTICE)',
    licence: 'CC0-1.0 (MISP warninglists); third-party terms noted in NOTICE',
    lists: [],
  };
  for (const [id, sel] of Object.entries(SELECTED)) {
    const data = JSON.parse(readFileSync(join(src, 'lists', id, 'list.json'), 'utf8')) as MispList;
    const values = [...new Set(data.list.map((v) => clean(sel.kind, v)).filter((v): v is string => v !== null))].sort();
    writeFileSync(join(out, `${id}.txt`), `${values.join('\n')}\n`);
    manifest.lists.push({ id, name: data.name, version: data.version, kind: sel.kind, reason: sel.reason, count: values.length });
  }
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // Prebuilt lookup tables over the lists just written (read as they are at run time: prebuilt.ts).
  writeWarninglistIndex(join(out, 'index'), manifest.lists.map((l) => {
    const { id, kind } = l as { id: string; kind: WarninglistSource['kind'] };
    return { id, kind, reason: '', values: [], file: join(out, `${id}.txt`) };
  }));
  const notice = join(out, 'NOTICE');
  if (existsSync(notice)) chmodSync(notice, 0o644);
  writeFileSync(notice, `Derived from MISP warninglists by scripts/knowledge/10-warninglists.ts: values lower-cased, de-duplicated,
sorted, one per line (<list id>.txt); list names, versions and Pillbox's match kinds in manifest.json;
lookup tables computed from those files in index/ (merged IPv4 ranges, IPv6 entries, hash tables).
The upstream notice follows, unchanged.

${readFileSync(join(src, 'NOTICE'), 'utf8')}`);
}

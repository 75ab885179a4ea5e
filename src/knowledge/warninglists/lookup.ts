// Lookup structures for warninglists: sorted, merged uint32 ranges for IPv4 (binary search), BigInt
// ranges for IPv6 (few entries), hash sets for host names and file hashes.
import { parse } from 'tldts';
import type { Benign, IndicatorType } from '../../model/indicator.js';
import { parseIpv4, parseIpv6 } from '../../extract/indicators/net.js';

/** cidr: address ranges; host: exact host or any sub-domain; popular: exact host or its registrable domain; hash: exact. */
export type WarninglistKind = 'cidr' | 'host' | 'popular' | 'hash';

export interface WarninglistSource {
  id: string;
  kind: WarninglistKind;
  reason: string;
  values: readonly string[];
}

interface V4List { benign: Benign; starts: Uint32Array; ends: Uint32Array }
interface V6Range { benign: Benign; lo: bigint; hi: bigint; top0: number; top1: number }

/** Compiled warninglists; build with {@link buildWarninglists} or load the bundled ones with loadWarninglists(). */
export interface Warninglists {
  readonly ids: readonly string[];
  readonly v4: readonly V4List[];
  readonly v6: readonly V6Range[];
  readonly hosts: ReadonlyMap<string, Benign>;
  readonly popular: ReadonlyMap<string, Benign>;
  readonly hashes: ReadonlyMap<string, Benign>;
}

function v6ToBig(s: string): bigint | null {
  const g = parseIpv6(s);
  if (g === null) return null;
  return g.reduce((acc, x) => (acc << 16n) | BigInt(x), 0n);
}

function v4List(benign: Benign, values: readonly string[]): V4List | null {
  // Each block packed as start·64 + prefix length in one float64 (start < 2^32, so it stays exact):
  // a numeric typed-array sort, no per-entry arrays (62k public resolvers made loading slow).
  const keys = new Float64Array(values.length);
  let n = 0;
  for (const v of values) {
    const slash = v.indexOf('/');
    const ip = parseIpv4(slash < 0 ? v : v.slice(0, slash));
    if (ip === null || v.includes(':')) continue;
    const bits = slash < 0 ? 32 : Number(v.slice(slash + 1));
    if (!(bits >= 0 && bits <= 32)) continue;
    const size = 2 ** (32 - bits);
    keys[n++] = Math.floor(ip / size) * size * 64 + bits;
  }
  if (n === 0) return null;
  const sorted = keys.subarray(0, n).sort();
  const starts: number[] = [], ends: number[] = [];
  for (const k of sorted) {
    const bits = k % 64, start = (k - bits) / 64, end = start + 2 ** (32 - bits) - 1;
    const last = ends.length - 1;
    if (last >= 0 && start <= ends[last]! + 1) ends[last] = Math.max(ends[last]!, end);
    else { starts.push(start); ends.push(end); }
  }
  return { benign, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}

function v6Ranges(benign: Benign, values: readonly string[], out: V6Range[]): void {
  for (const v of values) {
    const [addr = '', bitsText] = v.split('/');
    if (!addr.includes(':')) continue;
    const ip = v6ToBig(addr);
    if (ip === null) continue;
    const bits = BigInt(128 - (bitsText === undefined ? 128 : Number(bitsText)));
    const lo = (ip >> bits) << bits;
    const hi = lo + (1n << bits) - 1n;
    out.push({ benign, lo, hi, top0: Number(lo >> 112n), top1: Number(hi >> 112n) });
  }
}

// IANA special-purpose IPv6 blocks that no MISP list in the snapshot covers (facts, RFC 6890 / RFC 4193).
const EXTRA_V6: WarninglistSource = { id: 'iana-ipv6-special', kind: 'cidr', reason: 'IPv6 loopback, unspecified or unique-local range', values: ['::1/128', '::/128', 'fc00::/7'] };

/** Compiles warninglist sources (first list wins when several match). */
export function buildWarninglists(sources: readonly WarninglistSource[]): Warninglists {
  const v4: V4List[] = [], v6: V6Range[] = [];
  const hosts = new Map<string, Benign>(), popular = new Map<string, Benign>(), hashes = new Map<string, Benign>();
  for (const src of [...sources, EXTRA_V6]) {
    const benign: Benign = { list: src.id, reason: src.reason };
    if (src.kind === 'cidr') {
      const l = v4List(benign, src.values);
      if (l !== null) v4.push(l);
      v6Ranges(benign, src.values, v6);
      continue;
    }
    const map = src.kind === 'host' ? hosts : src.kind === 'popular' ? popular : hashes;
    for (const v of src.values) if (!map.has(v.toLowerCase())) map.set(v.toLowerCase(), benign);
  }
  return { ids: sources.map((s) => s.id), v4, v6, hosts, popular, hashes };
}

function inV4(n: number, l: V4List): boolean {
  let lo = 0, hi = l.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (l.starts[mid]! > n) hi = mid - 1;
    else if (l.ends[mid]! < n) lo = mid + 1;
    else return true;
  }
  return false;
}

function checkV4(first: number, last: number, wl: Warninglists): Benign | undefined {
  for (const l of wl.v4) if (inV4(first, l) && inV4(last, l)) return l.benign;
  return undefined;
}

function checkV6(lo: bigint, hi: bigint, wl: Warninglists): Benign | undefined {
  // Compare the first 16-bit group as a Number before any BigInt work (hundreds of resolver entries).
  const top = Number(lo >> 112n);
  for (const r of wl.v6) if (top >= r.top0 && top <= r.top1 && lo >= r.lo && hi <= r.hi) return r.benign;
  return undefined;
}

function checkCidr(value: string, wl: Warninglists): Benign | undefined {
  const [addr = '', bitsText = ''] = value.split('/');
  const bits = Number(bitsText);
  if (addr.includes(':')) {
    const ip = v6ToBig(addr);
    if (ip === null) return undefined;
    const span = BigInt(128 - bits);
    const lo = (ip >> span) << span;
    return checkV6(lo, lo + (1n << span) - 1n, wl);
  }
  const ip = parseIpv4(addr);
  if (ip === null) return undefined;
  const size = 2 ** (32 - bits);
  const start = Math.floor(ip / size) * size;
  return checkV4(start, start + size - 1, wl);
}

function checkHost(host: string, wl: Warninglists): Benign | undefined {
  const exact = wl.hosts.get(host) ?? wl.popular.get(host);
  if (exact !== undefined) return exact;
  for (let i = host.indexOf('.'); i !== -1; i = host.indexOf('.', i + 1)) {
    const parent = host.slice(i + 1);
    const hit = wl.hosts.get(parent);
    if (hit !== undefined) return hit;
    const pop = wl.popular.get(parent);
    // A sub-domain of a popular registrable domain is benign (mail.google.com), but a customer
    // sub-domain of a hosting platform is not (x.github.io, x.duckdns.org): the private-suffix-aware
    // registrable domain must be the listed one. tldts runs only on this rare path.
    if (pop !== undefined) return parse(host, { allowPrivateDomains: true }).domain === parent ? pop : undefined;
  }
  return undefined;
}

function urlHostAndPath(url: string): [string, string] | null {
  const m = /^[a-z]+:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::\d+)?(.*)$/.exec(url);
  return m === null ? null : [m[1] ?? '', m[2] ?? ''];
}

/**
 * Why `value` (canonical, as extractIndicators returns it) is benign, or undefined. URLs are benign
 * only when their host is and they have no path beyond `/` (a payload URL on a popular site is not).
 * @example checkBenign('domain', 'www.google.com', wl) // { list: 'tranco10k', … }
 */
export function checkBenign(type: IndicatorType, value: string, wl: Warninglists): Benign | undefined {
  switch (type) {
    case 'ipv4': {
      const n = parseIpv4(value);
      return n === null ? undefined : checkV4(n, n, wl);
    }
    case 'ipv6': {
      const n = v6ToBig(value);
      return n === null ? undefined : checkV6(n, n, wl);
    }
    case 'cidr': return checkCidr(value, wl);
    case 'domain': return checkHost(value.toLowerCase(), wl);
    case 'url': {
      const hp = urlHostAndPath(value);
      if (hp === null || (hp[1] !== '' && hp[1] !== '/')) return undefined;
      const host = hp[0].startsWith('[') ? hp[0].slice(1, -1) : hp[0];
      if (host.includes(':')) return checkBenign('ipv6', host, wl);
      return parseIpv4(host) !== null ? checkBenign('ipv4', host, wl) : checkHost(host, wl);
    }
    case 'md5': case 'sha1': case 'sha256': case 'sha512': case 'ssdeep':
      return wl.hashes.get(value.toLowerCase());
    default: return undefined;
  }
}

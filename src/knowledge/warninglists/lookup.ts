// Lookup structures for warninglists: sorted, merged uint32 ranges for IPv4 (binary search), BigInt
// ranges for IPv6 (few entries), hash sets for host names and file hashes. Each structure is compiled
// on the first check that needs it (a document without IPv6 never builds the IPv6 ranges), so that
// loading the lists costs little: `pillbox hunt` and extract workers start sooner.
import { createRequire } from 'node:module';
import type { Benign, IndicatorType } from '../../model/indicator.js';
import { parseIpv4, parseIpv6 } from '../../extract/indicators/net.js';
import { forEachLine, sourceBytes } from './bytes.js';
import { blockBitmap, hasWarninglistIndex, mergedV4, readKeyIndex, readV4Index, readV6Index, type KeyKind, type KeyLookup } from './prebuilt.js';

// tldts ships CommonJS only: imported as ESM, Node lexes its whole 199 KB bundle for export names
// (~50–80 ms CPU at every start and in every worker); require() skips that step.
const { parse } = createRequire(import.meta.url)('tldts') as typeof import('tldts');

/** cidr: address ranges; host: exact host or any sub-domain; popular: exact host or its registrable domain; hash: exact. */
export type WarninglistKind = 'cidr' | 'host' | 'popular' | 'hash';

export interface WarninglistSource {
  id: string;
  kind: WarninglistKind;
  reason: string;
  /** The list's values (the bundled lists read their file on first access). */
  readonly values: readonly string[];
  /** The list's file, one value per line: the checks read it as bytes (no string per value) when set. */
  readonly file?: string;
}

interface V4List { benign: Benign; starts: Uint32Array; ends: Uint32Array }
interface V6Range { benign: Benign; lo: bigint; hi: bigint; top0: number; top1: number; loG: number[]; hiG: number[] }

/**
 * Warninglists: the sources in priority order (first list wins when several match), compiled lazily.
 * Build with {@link buildWarninglists} or load the bundled ones with loadWarninglists(). A plain
 * object of plain data: it can be sent to a worker (which compiles its own copy).
 */
export interface Warninglists {
  readonly ids: readonly string[];
  readonly sources: readonly WarninglistSource[];
  /** Folder of prebuilt lookup tables for exactly these sources (the bundled lists: see prebuilt.ts). */
  readonly index?: string;
}

/** The compiled structures of one Warninglists object, each built on first use. */
interface Compiled {
  v4?: readonly V4List[];
  /** Blocks any v4 list touches (see blockBitmap). */
  v4Blocks?: Uint8Array;
  v6?: readonly V6Range[];
  /** v6 ranges within one first group, by that group, and the wider ones: the v6MayMatch index. */
  v6ByTop?: ReadonlyMap<number, readonly V6Range[]>;
  v6Wide?: readonly V6Range[];
  hosts?: KeyLookup;
  popular?: KeyLookup;
  hashes?: KeyLookup;
  /** Whether `index` holds tables this code reads (checked once). */
  indexed?: boolean;
}

const compiledOf = new WeakMap<Warninglists, Compiled>();

function compiled(wl: Warninglists): Compiled {
  let c = compiledOf.get(wl);
  if (c === undefined) { c = {}; compiledOf.set(wl, c); }
  return c;
}

function groupsToBig(g: readonly number[]): bigint {
  return g.reduce((acc, x) => (acc << 16n) | BigInt(x), 0n);
}

function v6ToBig(s: string): bigint | null {
  const g = parseIpv6(s);
  return g === null ? null : groupsToBig(g);
}

function bigToGroups(n: bigint): number[] {
  const g: number[] = [];
  for (let k = 7; k >= 0; k--) g.push(Number((n >> BigInt(k * 16)) & 0xffffn));
  return g;
}

/** Lexicographic comparison of two eight-group addresses (the order of their 128-bit values). */
function cmpGroups(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < 8; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}

/** Whether some IPv6 range holds the address `g` (compared group by group: no BigInt to build). */
function v6MayMatch(g: readonly number[], wl: Warninglists): boolean {
  const c = compiled(wl);
  if (c.v6ByTop === undefined) {
    const byTop = new Map<number, V6Range[]>(), wide: V6Range[] = [];
    for (const r of v6List(wl)) {
      if (r.top0 !== r.top1) { wide.push(r); continue; }
      const l = byTop.get(r.top0);
      if (l === undefined) byTop.set(r.top0, [r]); else l.push(r);
    }
    c.v6ByTop = byTop;
    c.v6Wide = wide;
  }
  const holds = (r: V6Range): boolean => cmpGroups(g, r.loG) >= 0 && cmpGroups(g, r.hiG) <= 0;
  return (c.v6ByTop.get(g[0]!)?.some(holds) ?? false) || c.v6Wide!.some(holds);
}

function v4List(benign: Benign, bytes: Uint8Array): V4List | null {
  const { starts, ends } = mergedV4(bytes);
  return starts.length === 0 ? null : { benign, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}

function v6Ranges(benign: Benign, bytes: Uint8Array, out: V6Range[]): void {
  forEachLine(bytes, (ls, le) => {
    let colon = false;
    for (let i = ls; i < le && !colon; i++) colon = bytes[i] === 58;
    if (!colon) return; // an IPv4 entry: no string made for it
    const [addr = '', bitsText] = Buffer.from(bytes.buffer, bytes.byteOffset + ls, le - ls).toString('utf8').split('/');
    if (!addr.includes(':')) return;
    const ip = v6ToBig(addr);
    const len = bitsText === undefined ? 128 : prefixLength(bitsText, 128);
    if (ip === null || len < 0) return;
    const bits = BigInt(128 - len);
    const lo = (ip >> bits) << bits;
    const hi = lo + (1n << bits) - 1n;
    out.push({ benign, lo, hi, top0: Number(lo >> 112n), top1: Number(hi >> 112n), loG: bigToGroups(lo), hiG: bigToGroups(hi) });
  });
}

// IANA special-purpose IPv6 blocks that no MISP list in the snapshot covers (facts, RFC 6890 / RFC 4193).
const EXTRA_V6: WarninglistSource = { id: 'iana-ipv6-special', kind: 'cidr', reason: 'IPv6 loopback, unspecified or unique-local range', values: ['::1/128', '::/128', 'fc00::/7'] };

/** Warninglists over `sources` (first list wins when several match); compiled on first use. */
export function buildWarninglists(sources: readonly WarninglistSource[]): Warninglists {
  return { ids: sources.map((s) => s.id), sources };
}

const benignOf = (src: WarninglistSource): Benign => ({ list: src.id, reason: src.reason });

/** Whether `wl` comes with prebuilt tables (checked on first use). */
function indexed(wl: Warninglists): boolean {
  const c = compiled(wl);
  c.indexed ??= wl.index !== undefined && hasWarninglistIndex(wl.index);
  return c.indexed;
}

function v4Lists(wl: Warninglists): readonly V4List[] {
  const c = compiled(wl);
  if (c.v4 === undefined && indexed(wl)) {
    const ix = readV4Index(wl.index!);
    c.v4 = ix.lists.map((r) => ({ benign: benignOf(wl.sources[r.source]!), starts: r.starts, ends: r.ends }));
    c.v4Blocks = ix.blocks;
  }
  if (c.v4 === undefined) {
    const out: V4List[] = [];
    for (const src of wl.sources) {
      if (src.kind !== 'cidr') continue;
      const l = v4List(benignOf(src), sourceBytes(src));
      if (l !== null) out.push(l);
    }
    c.v4 = out;
    c.v4Blocks = blockBitmap(out);
  }
  return c.v4;
}

function v6List(wl: Warninglists): readonly V6Range[] {
  const c = compiled(wl);
  if (c.v6 === undefined) {
    const out: V6Range[] = [];
    const six = indexed(wl) ? readV6Index(wl.index!) : null;
    for (const src of [...wl.sources, EXTRA_V6]) {
      if (src.kind !== 'cidr') continue;
      const bytes = six === null || src === EXTRA_V6 ? sourceBytes(src) : Buffer.from((six[src.id] ?? []).join('\n'));
      v6Ranges(benignOf(src), bytes, out);
    }
    c.v6 = out;
  }
  return c.v6;
}

function valueMap(wl: Warninglists, kind: KeyKind): KeyLookup {
  if (indexed(wl)) return readKeyIndex(wl.index!, kind, wl.sources, (i) => benignOf(wl.sources[i]!));
  const map = new Map<string, Benign>();
  for (const src of wl.sources) {
    if (src.kind !== kind) continue;
    const benign = benignOf(src);
    for (const v of src.values) {
      const k = v.toLowerCase();
      if (!map.has(k)) map.set(k, benign);
    }
  }
  return map;
}

function hostMaps(wl: Warninglists): Compiled & { hosts: KeyLookup; popular: KeyLookup } {
  const c = compiled(wl);
  c.hosts ??= valueMap(wl, 'host');
  c.popular ??= valueMap(wl, 'popular');
  return c as Compiled & { hosts: KeyLookup; popular: KeyLookup };
}

function hashMap(wl: Warninglists): KeyLookup {
  const c = compiled(wl);
  c.hashes ??= valueMap(wl, 'hash');
  return c.hashes;
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
  const lists = v4Lists(wl);
  const b = first >>> 12;
  if ((compiled(wl).v4Blocks![b >>> 3]! & (1 << (b & 7))) === 0) return undefined;
  for (const l of lists) if (inV4(first, l) && inV4(last, l)) return l.benign;
  return undefined;
}

function checkV6(lo: bigint, hi: bigint, wl: Warninglists): Benign | undefined {
  // Compare the first 16-bit group as a Number before any BigInt work (hundreds of resolver entries).
  const top = Number(lo >> 112n);
  for (const r of v6List(wl)) if (top >= r.top0 && top <= r.top1 && lo >= r.lo && hi <= r.hi) return r.benign;
  return undefined;
}

/** A prefix length written as 1–3 decimal digits, at most `max`; -1 otherwise. */
function prefixLength(text: string, max: number): number {
  if (!/^\d{1,3}$/.test(text)) return -1;
  const n = Number(text);
  return n <= max ? n : -1;
}

/**
 * What checking a value against the lists means: an IPv4 span (first and last address must both lie
 * in one list), an IPv6 address or span, a host name (exact, or a parent), a hash, or nothing to check.
 */
type Route =
  | { k: 'none' }
  | { k: 'v4'; first: number; last: number }
  | { k: 'v6'; groups: number[] }
  | { k: 'v6span'; lo: bigint; hi: bigint }
  | { k: 'host'; host: string }
  | { k: 'hash'; key: string };

const NONE: Route = { k: 'none' };

function cidrRoute(value: string): Route {
  const slash = value.indexOf('/');
  if (slash < 0) return NONE;
  const addr = value.slice(0, slash);
  if (addr.includes(':')) {
    const ip = v6ToBig(addr);
    const bits = prefixLength(value.slice(slash + 1), 128);
    if (ip === null || bits < 0) return NONE;
    const span = BigInt(128 - bits);
    const lo = (ip >> span) << span;
    return { k: 'v6span', lo, hi: lo + (1n << span) - 1n };
  }
  const ip = parseIpv4(addr);
  const bits = prefixLength(value.slice(slash + 1), 32);
  if (ip === null || bits < 0) return NONE;
  const size = 2 ** (32 - bits);
  const first = Math.floor(ip / size) * size;
  return { k: 'v4', first, last: first + size - 1 };
}

/** The route of `value` (canonical, as extractIndicators returns it) of type `type`. */
function routeOf(type: IndicatorType, value: string): Route {
  switch (type) {
    case 'ipv4': {
      const n = parseIpv4(value);
      return n === null ? NONE : { k: 'v4', first: n, last: n };
    }
    case 'ipv6': {
      const g = parseIpv6(value);
      return g === null ? NONE : { k: 'v6', groups: g };
    }
    case 'cidr': return cidrRoute(value);
    case 'domain': return { k: 'host', host: value.toLowerCase() };
    case 'url': {
      if (hasLongPath(value)) return NONE;
      const hp = urlHostAndPath(value);
      if (hp === null || (hp[1] !== '' && hp[1] !== '/')) return NONE;
      const host = hp[0].startsWith('[') ? hp[0].slice(1, -1) : hp[0];
      if (host.includes(':')) return routeOf('ipv6', host);
      return parseIpv4(host) !== null ? routeOf('ipv4', host) : { k: 'host', host };
    }
    case 'md5': case 'sha1': case 'sha256': case 'sha512': case 'ssdeep':
      return { k: 'hash', key: value.toLowerCase() };
    default: return NONE;
  }
}

/** A host's answer from the host and popular-domain entries of the lists (exact host, then parents). */
function checkHostIn(host: string, hosts: KeyLookup, popular: KeyLookup): Benign | undefined {
  const exact = hosts.get(host) ?? popular.get(host);
  if (exact !== undefined) return exact;
  for (let i = host.indexOf('.'); i !== -1; i = host.indexOf('.', i + 1)) {
    const parent = host.slice(i + 1);
    const hit = hosts.get(parent);
    if (hit !== undefined) return hit;
    const pop = popular.get(parent);
    // A sub-domain of a popular registrable domain is benign (mail.google.com), but a customer
    // sub-domain of a hosting platform is not (x.github.io, x.duckdns.org): the private-suffix-aware
    // registrable domain must be the listed one. tldts runs only on this rare path.
    if (pop !== undefined) return parse(host, { allowPrivateDomains: true }).domain === parent ? pop : undefined;
  }
  return undefined;
}

/** Resolves a route with the compiled structures (built on first use). */
function resolveRoute(r: Route, wl: Warninglists): Benign | undefined {
  switch (r.k) {
    case 'none': return undefined;
    case 'v4': return checkV4(r.first, r.last, wl);
    case 'v6': {
      // Compared as numbers first: the BigInt value (costly to build) only when some range holds the
      // address, to pick the first list as checkV6 does.
      if (!v6MayMatch(r.groups, wl)) return undefined;
      const n = groupsToBig(r.groups);
      return checkV6(n, n, wl);
    }
    case 'v6span': return checkV6(r.lo, r.hi, wl);
    case 'host': {
      const { hosts, popular } = hostMaps(wl);
      return checkHostIn(r.host, hosts, popular);
    }
    case 'hash': return hashMap(wl).get(r.key);
  }
}

/**
 * A cheap exact pre-test for the `url` case: true when urlHostAndPath's path would be neither '' nor '/'.
 * Without '[' the user-info, host and port hold no '/', '?' or '#', so the first of them after "://"
 * starts the path; the path is longer than "/" when that character is not the last one or is not '/'.
 */
function hasLongPath(url: string): boolean {
  const k = url.indexOf('://');
  if (k < 0 || url.includes('[')) return false;
  for (let i = k + 3; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) return i < url.length - 1 || c !== 47;
  }
  return false;
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
  return resolveRoute(routeOf(type, value), wl);
}

/**
 * IPv4/IPv6 matchers: exact addresses and CIDR containment.
 *
 * CIDRs are kept as one hash map per prefix length (network address → indicator ids). A lookup masks
 * the address once per distinct prefix length present (at most 33 for IPv4, 129 for IPv6, usually a
 * handful), which handles overlapping and nested networks without an interval tree and stays O(1) in
 * the number of indicators. Hand-written because these are the hot-path matchers (policy).
 */
import { HEX } from './byte-classes.js';

/** Parses a strict dotted-quad IPv4 address into an unsigned 32-bit integer, or null. */
export function parseIpv4Strict(s: string): number | null {
  // By hand (no split, no regex per part): intel loading parses every IPv4 indicator twice.
  let n = 0;
  let parts = 0;
  let v = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i === s.length ? 46 : s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || v > 255 || ++parts > 4) return null;
      n = n * 256 + v;
      v = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      v = v * 10 + (c - 48);
      digits++;
    } else return null;
  }
  return parts === 4 ? n >>> 0 : null;
}

/**
 * Reads a run [s, e) of decimal digits and dots (the scanner's IPv4 candidate) in one pass: the
 * address when it is four octets of 1–3 digits, each at most 255, with at most one trailing dot; -1
 * when it has that many dots but is no address (`1.2.3.4567`, `1.2.3.`); -2 for any other run (times,
 * decimals, version numbers). Hand-written (hot path, policy).
 */
export function dottedQuadRun(b: Uint8Array, s: number, e: number): number {
  let dots = 0;
  let n = 0;
  let oct = 0;
  let digits = 0;
  let ok = true;
  for (let j = s; j < e; j++) {
    const c = b[j] as number;
    if (c === 46) {
      if (digits === 0 || oct > 255) ok = false;
      if (++dots > 4) return -2;
      n = n * 256 + oct;
      oct = 0;
      digits = 0;
    } else {
      oct = oct * 10 + (c - 48);
      if (++digits > 3) ok = false;
    }
  }
  if (dots === 4) return b[e - 1] === 46 ? (ok ? n >>> 0 : -1) : -2;
  if (dots !== 3) return -2;
  return ok && digits > 0 && oct <= 255 ? (n * 256 + oct) >>> 0 : -1;
}

/**
 * Whether the colon at `c` may lie in an IPv6 address the scanner reads (2–45 bytes with `::`, or 7
 * colons, or 6 and a dotted tail): true for a colon of a `::`, and for one between hex digits that
 * starts a chain of three colons each 2–5 bytes after the last (groups of 1–4 digits). Every such
 * address has a colon that passes (the first of its `::`, or its first colon), and the scanner reads
 * the whole run around any colon of it; JSON's `"k":`, `"k":123` and clock times `12:34:56` do not.
 */
export function v6Colon(b: Uint8Array, c: number, le: number): boolean {
  const p = b[c - 1] as number;
  const n = b[c + 1] as number;
  if (p === 58 || n === 58) return true;
  if (HEX[p] !== 1 || HEX[n] !== 1) return false;
  const c2 = colonIn(b, c + 2, le);
  return c2 !== -1 && colonIn(b, c2 + 2, le) !== -1;
}

/** The first `:` in [from, from + 4) (before `le`), or -1. */
function colonIn(b: Uint8Array, from: number, le: number): number {
  const lim = Math.min(le, from + 4);
  for (let j = from; j < lim; j++) if (b[j] === 58) return j;
  return -1;
}

/** Formats an unsigned 32-bit integer as dotted quad. */
export function formatIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Parses an IPv6 address (RFC 4291 text forms, incl. `::` and an embedded IPv4 tail; no zone) into a bigint. */
export function parseIpv6(input: string): bigint | null {
  let s = input;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (s.length < 2 || s.length > 45 || s.includes('%')) return null;
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return null;
  const groups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i] as string;
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseIpv4Strict(g);
        if (v4 === null) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  let all: number[];
  if (dbl === -1) {
    const g = groups(s);
    if (!g || g.length !== 8) return null;
    all = g;
  } else {
    const head = groups(s.slice(0, dbl));
    const tail = groups(s.slice(dbl + 2));
    if (!head || !tail || head.length + tail.length > 7) return null;
    all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  let n = 0n;
  for (const g of all) n = (n << 16n) | BigInt(g);
  return n;
}

type Sink = (id: number, kind: 'exact' | 'cidr') => void;

function pushId<K>(m: Map<K, number[]>, k: K, id: number): void {
  const a = m.get(k);
  if (a) a.push(id);
  else m.set(k, [id]);
}

/** IPv4 exact and CIDR matcher over packed 32-bit addresses. */
export class Ipv4Matcher {
  readonly exact = new Map<number, number[]>();
  private readonly nets = new Map<number, Map<number, number[]>>();
  /** Prefix lengths present (longest first) and their maps, as parallel arrays for the hot loop. */
  private lens: number[] = [];
  private maps: Map<number, number[]>[] = [];
  /**
   * One bit per /24 block that holds some indicator address, network or marked address: most addresses
   * in a log are in no such block, and one bit test then replaces the exact and per-length map lookups.
   */
  private readonly blocks = new Uint32Array(1 << 19);
  size = 0;

  /** Marks the /24 blocks of [ip, ip + 2^(32-len)) as worth a lookup. */
  mark(ip: number, len = 32): void {
    const first = ip >>> 8;
    const count = len >= 24 ? 1 : 2 ** (24 - len);
    for (let k = first; k < first + count; k++) this.blocks[k >>> 5]! |= 1 << (k & 31);
  }

  /** False when no indicator (nor marked address) can match `ip`: its /24 block has none. */
  maybe(ip: number): boolean {
    const k = ip >>> 8;
    return ((this.blocks[k >>> 5] as number) & (1 << (k & 31))) !== 0;
  }

  /** Adds `a.b.c.d` or `a.b.c.d/len`; returns false when the value is not IPv4. */
  add(value: string, id: number): boolean {
    const slash = value.indexOf('/');
    const ip = parseIpv4Strict(slash === -1 ? value : value.slice(0, slash));
    if (ip === null) return false;
    this.size++;
    if (slash === -1) {
      pushId(this.exact, ip, id);
      this.mark(ip);
      return true;
    }
    const len = Number(value.slice(slash + 1));
    if (!Number.isInteger(len) || len < 0 || len > 32) return false;
    this.mark(maskV4(ip, len), len);
    let m = this.nets.get(len);
    if (!m) {
      m = new Map();
      this.nets.set(len, m);
      this.lens = [...this.nets.keys()].sort((a, b) => b - a);
      this.maps = this.lens.map((l) => this.nets.get(l) as Map<number, number[]>);
    }
    pushId(m, maskV4(ip, len), id);
    return true;
  }

  /** Calls `sink` for every indicator the address matches. */
  lookup(ip: number, sink: Sink): void {
    const e = this.exact.get(ip);
    if (e) for (const id of e) sink(id, 'exact');
    const lens = this.lens;
    for (let k = 0; k < lens.length; k++) {
      const hit = (this.maps[k] as Map<number, number[]>).get(maskV4(ip, lens[k] as number));
      if (hit) for (const id of hit) sink(id, 'cidr');
    }
  }
}

function maskV4(ip: number, len: number): number {
  return len === 0 ? 0 : (ip & (0xffffffff << (32 - len))) >>> 0;
}

const ALL128 = (1n << 128n) - 1n;

/** IPv6 exact and CIDR matcher over 128-bit bigints. */
export class Ipv6Matcher {
  private readonly exact = new Map<bigint, number[]>();
  private readonly nets = new Map<number, Map<bigint, number[]>>();
  private lens: number[] = [];
  size = 0;

  add(value: string, id: number): boolean {
    const slash = value.indexOf('/');
    const ip = parseIpv6(slash === -1 ? value : value.slice(0, slash));
    if (ip === null) return false;
    this.size++;
    if (slash === -1) {
      pushId(this.exact, ip, id);
      return true;
    }
    const len = Number(value.slice(slash + 1));
    if (!Number.isInteger(len) || len < 0 || len > 128) return false;
    let m = this.nets.get(len);
    if (!m) {
      m = new Map();
      this.nets.set(len, m);
      this.lens = [...this.nets.keys()].sort((a, b) => b - a);
    }
    pushId(m, maskV6(ip, len), id);
    return true;
  }

  lookup(ip: bigint, sink: Sink): void {
    const e = this.exact.get(ip);
    if (e) for (const id of e) sink(id, 'exact');
    for (const len of this.lens) {
      const hit = this.nets.get(len)?.get(maskV6(ip, len));
      if (hit) for (const id of hit) sink(id, 'cidr');
    }
  }
}

function maskV6(ip: bigint, len: number): bigint {
  return ip & ((ALL128 << BigInt(128 - len)) & ALL128);
}

// IPv4 / IPv6 parsing and canonical forms. Hand-written rather than node:net because we need the
// numeric value (for warninglist ranges) and RFC 5952 text, and must reject forms net accepts loosely.
import { isDigit } from './chars.js';

/**
 * Parses a dotted-quad IPv4 address (four decimal octets 0–255) to a uint32, or null.
 * @example parseIpv4('192.0.2.1') // 3221225985
 */
export function parseIpv4(s: string): number | null {
  let value = 0, octet = 0, digits = 0, parts = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (isDigit(c)) {
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return null;
    } else if (c === 46) {
      if (digits === 0 || ++parts > 4) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else return null;
  }
  return parts === 4 ? value >>> 0 : null;
}

/** uint32 → dotted quad. */
export function formatIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Hex value of a char code, or -1. */
function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * Appends the groups of s[from, to) (colon-separated, the last may be a dotted IPv4) to `out`. Walks the
 * characters in place: split() and per-group strings made this the costliest step of IPv6 extraction.
 */
function parseGroups(s: string, from: number, to: number, out: number[]): boolean {
  if (from === to) return true;
  let g = from;
  for (let i = from; i <= to; i++) {
    if (i < to && s.charCodeAt(i) !== 58) continue;
    const len = i - g;
    if (i === to && len > 0 && s.lastIndexOf('.', to - 1) >= g) {
      const v4 = parseIpv4(s.slice(g, to));
      if (v4 === null) return false;
      out.push(v4 >>> 16, v4 & 0xffff);
      return true;
    }
    if (len < 1 || len > 4) return false;
    let v = 0;
    for (let k = g; k < i; k++) {
      const h = hexVal(s.charCodeAt(k));
      if (h < 0) return false;
      v = v * 16 + h;
    }
    out.push(v);
    g = i + 1;
  }
  return true;
}

/** Parses IPv6 text (with optional embedded IPv4) into eight 16-bit groups, or null. */
export function parseIpv6(s: string): number[] | null {
  if (s.length < 2 || s.length > 45) return null;
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return null;
  const head: number[] = [];
  if (dbl === -1) {
    if (!parseGroups(s, 0, s.length, head) || head.length !== 8) return null;
    return head;
  }
  const tail: number[] = [];
  if (!parseGroups(s, 0, dbl, head) || !parseGroups(s, dbl + 2, s.length, tail)) return null;
  if (head.length + tail.length > 7) return null;
  for (let k = head.length + tail.length; k < 8; k++) head.push(0);
  for (const t of tail) head.push(t);
  return head;
}

/** RFC 5952 text of eight groups: lower case, no leading zeros, longest zero run (≥ 2) as `::`. */
export function formatIpv6(g: readonly number[]): string {
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${formatIpv4(((g[6]! << 16) | g[7]!) >>> 0)}`;
  }
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === best) { out += '::'; i += bestLen - 1; continue; }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += g[i]!.toString(16);
  }
  return out;
}

/**
 * Canonical RFC 5952 form of an IPv6 address, or null if invalid.
 * @example normalizeIpv6('2001:0DB8:0:0:0:0:0:1') // '2001:db8::1'
 */
export function normalizeIpv6(s: string): string | null {
  const g = parseIpv6(s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s);
  return g === null ? null : formatIpv6(g);
}

// IPv4 / IPv6 parsing and canonical forms. Hand-written rather than node:net because we need the
// numeric value (for warninglist ranges) and RFC 5952 text, and must reject forms net accepts loosely.
import { isDigit, isHex } from './chars.js';

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

function parseGroups(part: string, out: number[]): boolean {
  if (part === '') return true;
  const groups = part.split(':');
  for (let g = 0; g < groups.length; g++) {
    const grp = groups[g]!;
    if (g === groups.length - 1 && grp.includes('.')) {
      const v4 = parseIpv4(grp);
      if (v4 === null) return false;
      out.push(v4 >>> 16, v4 & 0xffff);
      continue;
    }
    if (grp.length < 1 || grp.length > 4) return false;
    for (let i = 0; i < grp.length; i++) if (!isHex(grp.charCodeAt(i))) return false;
    out.push(parseInt(grp, 16));
  }
  return true;
}

/** Parses IPv6 text (with optional embedded IPv4) into eight 16-bit groups, or null. */
export function parseIpv6(s: string): number[] | null {
  if (s.length < 2 || s.length > 45) return null;
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return null;
  const head: number[] = [];
  const tail: number[] = [];
  if (dbl === -1) {
    if (!parseGroups(s, head) || head.length !== 8) return null;
    return head;
  }
  if (!parseGroups(s.slice(0, dbl), head) || !parseGroups(s.slice(dbl + 2), tail)) return null;
  if (head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
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
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/**
 * Canonical RFC 5952 form of an IPv6 address, or null if invalid.
 * @example normalizeIpv6('2001:0DB8:0:0:0:0:0:1') // '2001:db8::1'
 */
export function normalizeIpv6(s: string): string | null {
  const g = parseIpv6(s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s);
  return g === null ? null : formatIpv6(g);
}

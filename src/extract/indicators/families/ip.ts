// IPv4, IPv6 and CIDR blocks. A dotted quad is an address only when it stands alone: `v1.2.3.4`,
// `1.2.3.4-beta` and `1.2.3.4.5` are version strings, and so is a quad right after "version"/"build"
// unless it is written as an address (defanged, with a port, or a CIDR prefix).
import { isAlnum, isDigit, isHex, isIdnChar } from '../chars.js';
import { normalizeIpv6, parseIpv4, formatIpv4 } from '../net.js';
import { PRIO, absPos, segMatch, wasDefanged, type Family, type Segment } from '../types.js';
import { isWhole } from './bounds.js';

function isRunChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 45 || c === 95 || isIdnChar(c);
}

/** Length of "/<prefix>" at r[i] (prefix ≤ max), or 0. */
function prefixAt(r: string, i: number, max: number): number {
  if (r.charCodeAt(i) !== 47) return 0;
  let j = i + 1;
  while (j < r.length && isDigit(r.charCodeAt(j)) && j - i <= 3) j++;
  if (j === i + 1 || j - i > 4 || isAlnum(r.charCodeAt(j)) || (r.charCodeAt(j) === 46 && isDigit(r.charCodeAt(j + 1)))) return 0;
  return Number(r.slice(i + 1, j)) <= max ? j - i : 0;
}

// A version keyword right before the quad, or one word earlier ("build string "2.0.3.1"").
const VERSION_WORDS = /(?:^|[^a-z])(?:version|ver|build|release|rev|revision|firmware|fw|patch|v)(?:[\s:=("'#.-]*|\s+[a-z]+[\s:=("'#-]*)$/;
const VERSION_AFTER = /^["')\]]?\s*\(?(?:an?\s+)?(?:x\.509\s+)?(?:oid|version|build|release)\b/;

/** A version keyword around the quad ("version 1.2.3.4", "AssemblyVersion(\"1.0.0.0\")", "2.5.4.3 (an OID)"). */
function isVersionContext(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 32), start).toLowerCase();
  if (VERSION_WORDS.test(before) || /version[\s:=("'#.-]*$/.test(before)) return true;
  return VERSION_AFTER.test(text.slice(end, end + 24).toLowerCase());
}

function allDigitsDots(r: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = r.charCodeAt(i);
    if (!isDigit(c) && c !== 46) return false;
  }
  return true;
}

function ipv4Run(seg: Segment, a: number, b: number, out: Parameters<Family>[1]): void {
  const r = seg.r;
  while (b > a && r.charCodeAt(b - 1) === 46) b--;
  if (b - a < 7 || !allDigitsDots(r, a, b) || (a === 0 && seg.cutLeft) || (b === r.length && seg.cutRight)) return;
  const quad = r.slice(a, b);
  const v = parseIpv4(quad);
  if (v === null) return;
  // Written canonically (no leading zero): the slice is formatIpv4(v) already, without building it
  // from four number-to-string conversions.
  const canon = noLeadingZero(r, a, b) ? quad : formatIpv4(v);
  const pre = prefixAt(r, b, 32);
  if (pre > 0) {
    out.push(segMatch(seg, 'cidr', a, b + pre, `${canon}${r.slice(b, b + pre)}`, PRIO.cidr));
    return;
  }
  const port = r.charCodeAt(b) === 58 && isDigit(r.charCodeAt(b + 1));
  if (!port && !wasDefanged(seg, a, b) && isVersionContext(seg.text, absPos(seg, a), absPos(seg, b))) return;
  out.push(segMatch(seg, 'ipv4', a, b, canon, PRIO.ipv4));
}

/** No octet of the parsed quad r[a, b) starts with a 0 followed by another digit. */
function noLeadingZero(r: string, a: number, b: number): boolean {
  for (let i = a; i < b - 1; i++) {
    if (r.charCodeAt(i) === 48 && (i === a || r.charCodeAt(i - 1) === 46) && r.charCodeAt(i + 1) !== 46) return false;
  }
  return true;
}

export const extractIpv4: Family = (seg, out) => {
  const r = seg.r, n = r.length;
  for (let i = 0; i < n; ) {
    if (!isRunChar(r.charCodeAt(i))) { i++; continue; }
    let j = i + 1;
    while (j < n && isRunChar(r.charCodeAt(j))) j++;
    if (j - i >= 7) ipv4Run(seg, i, j, out);
    i = j;
  }
};

function isV6Char(c: number): boolean {
  return isHex(c) || c === 58 || c === 46;
}

export const extractIpv6: Family = (seg, out) => {
  const r = seg.r;
  for (let i = r.indexOf(':'); i !== -1; i = r.indexOf(':', i + 1)) {
    let a = i, b = i + 1;
    while (a > 0 && isV6Char(r.charCodeAt(a - 1))) a--;
    while (b < r.length && isV6Char(r.charCodeAt(b))) b++;
    i = b;
    while (b > a && r.charCodeAt(b - 1) === 46) b--;
    if (r.charCodeAt(b - 1) === 58 && r.charCodeAt(b - 2) !== 58) b--;
    if (b - a < 3 || !isWhole(seg, a, b, (c) => isAlnum(c) || c === 95)) continue;
    const s = r.slice(a, b);
    let colons = 0, digit = false;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c === 58) colons++;
      else if (isDigit(c)) digit = true;
    }
    if (colons < 2 || !digit) continue;
    const v = normalizeIpv6(s);
    if (v === null) continue;
    const pre = prefixAt(r, b, 128);
    if (pre > 0) out.push(segMatch(seg, 'cidr', a, b + pre, `${v}${r.slice(b, b + pre)}`, PRIO.cidr));
    else out.push(segMatch(seg, 'ipv6', a, b, v, PRIO.ipv6));
  }
};

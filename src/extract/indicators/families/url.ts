// URLs with a scheme (after refanging `hxxp`, `[://]`, `[.]`…). The end is where URL characters stop,
// minus the sentence's closing punctuation: a final `.`/`,`/`;`, an unbalanced `)`/`]`, quotes. The
// host must be a valid domain or IP; it is also emitted as its own indicator (a component).
import { isAlpha, isDigit, isIdnChar } from '../chars.js';
import { normalizeDomain, unicodeHost } from '../domain-name.js';
import { formatIpv4, normalizeIpv6, parseIpv4 } from '../net.js';
import { PRIO, segMatch, type Family, type Match, type Segment } from '../types.js';

const SCHEMES = new Set(['http', 'https', 'ftp', 'ftps', 'sftp', 'ws', 'wss', 'ldap', 'ldaps', 'rmi', 'smb', 'tcp', 'ssh', 'tftp']);
const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443', ftp: '21', ws: '80', wss: '443' };

function isUrlChar(c: number): boolean {
  if (c >= 0x80) return isIdnChar(c);
  // Stops at controls, space, " < > \ ^ ` { | } and the single quote (usually a closing quote in prose).
  return c > 32 && c !== 34 && c !== 60 && c !== 62 && c !== 92 && c !== 94 && c !== 96 && c !== 123 && c !== 124 && c !== 125 && c !== 39;
}

function count(s: string, a: number, b: number, c: number): number {
  let n = 0;
  for (let i = a; i < b; i++) if (s.charCodeAt(i) === c) n++;
  return n;
}

/** End of the URL body starting at `from`, with trailing sentence punctuation removed. */
function urlEnd(r: string, start: number, from: number): number {
  let e = from;
  while (e < r.length && isUrlChar(r.charCodeAt(e))) e++;
  // Bracket balance counted once, then updated while trimming (keeps hostile `))))…` linear).
  let paren = count(r, start, e, 40) - count(r, start, e, 41);
  let square = count(r, start, e, 91) - count(r, start, e, 93);
  while (e > from) {
    const c = r.charCodeAt(e - 1);
    if (c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 42) e--;
    else if (c === 41 && paren < 0) { e--; paren++; }
    else if (c === 93 && square < 0) { e--; square++; }
    else break;
  }
  return e;
}

interface Host { value: string; type: 'domain' | 'ipv4' | 'ipv6'; a: number; b: number }

function parseHost(r: string, a: number, b: number): Host | null {
  if (r.charCodeAt(a) === 91) {
    const close = r.indexOf(']', a);
    if (close < 0 || close >= b) return null;
    const v = normalizeIpv6(r.slice(a + 1, close));
    return v === null ? null : { value: v, type: 'ipv6', a: a + 1, b: close };
  }
  const s = r.slice(a, b);
  const v4 = parseIpv4(s);
  if (v4 !== null) return { value: formatIpv4(v4), type: 'ipv4', a, b };
  const d = normalizeDomain(s);
  return d === null ? null : { value: d, type: 'domain', a, b };
}

function urlAt(seg: Segment, colon: number, out: Match[]): number {
  const r = seg.r;
  let s = colon;
  while (s > 0 && isAlpha(r.charCodeAt(s - 1))) s--;
  const scheme = r.slice(s, colon).toLowerCase();
  if (!SCHEMES.has(scheme)) return colon + 3;
  const bodyStart = colon + 3;
  const end = urlEnd(r, s, bodyStart);
  let authEnd = bodyStart;
  while (authEnd < end && !'/?#'.includes(r[authEnd]!)) authEnd++;
  const at = r.lastIndexOf('@', authEnd - 1);
  const hostStart = at >= bodyStart ? at + 1 : bodyStart;
  let hostEnd = hostStart;
  if (r.charCodeAt(hostStart) === 91) hostEnd = Math.min(authEnd, r.indexOf(']', hostStart) + 1 || authEnd);
  else while (hostEnd < authEnd && r.charCodeAt(hostEnd) !== 58) hostEnd++;
  const host = parseHost(r, hostStart, hostEnd);
  if (host === null) return end;
  let portEnd = hostEnd, port = '';
  if (r.charCodeAt(hostEnd) === 58) {
    portEnd = hostEnd + 1;
    while (portEnd < authEnd && isDigit(r.charCodeAt(portEnd))) portEnd++;
    if (portEnd !== authEnd) return end;
    port = r.slice(hostEnd + 1, portEnd);
  }
  const hostText = host.type === 'ipv6' ? `[${host.value}]` : host.value;
  const portText = port === '' || DEFAULT_PORT[scheme] === port ? '' : `:${port}`;
  const value = `${scheme}://${r.slice(bodyStart, hostStart)}${hostText}${portText}${r.slice(authEnd, end)}`;
  const m = segMatch(seg, 'url', s, end, value, PRIO.url);
  const u = host.type === 'domain' ? unicodeHost(host.value) : undefined;
  if (u !== undefined) m.unicode = value.replace(host.value, u);
  out.push(m);
  const h = segMatch(seg, host.type, host.a, host.b, host.value, PRIO[host.type]);
  h.component = true;
  if (u !== undefined) h.unicode = u;
  out.push(h);
  return end;
}

export const extractUrls: Family = (seg, out) => {
  const r = seg.r;
  for (let i = r.indexOf('://'); i !== -1; ) {
    const next = urlAt(seg, i, out);
    i = r.indexOf('://', Math.max(next, i + 3));
  }
};

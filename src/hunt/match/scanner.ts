import type { MatchKind } from '../types.js';
import { LOWER } from './bytes.js';
import type { IndicatorMatcher } from './matcher.js';
import { parseIpv6 } from './ip.js';
import { urlMatchKey } from './url-key.js';

/**
 * The byte scanner: one pass over a line, cutting candidate tokens by byte class and looking them up
 * in the matcher's maps. No regex and no per-indicator search, so the cost is per byte of log, not per
 * indicator. Hand-written by policy (fast matcher).
 *
 * Tokens: a "run" is a maximal sequence of `[A-Za-z0-9._-]` and non-ASCII bytes.
 * - each alphanumeric piece of a run that is all hex and 32/40/64/128 long is a hash candidate
 *   (so a hash inside a longer hex or alphanumeric string never matches);
 * - a run of four dot-separated decimal octets is an IPv4 candidate;
 * - a dotted run is a host candidate: each label suffix is tested (`a.evil.com` → `evil.com`), and
 *   the whole run is also a file-name candidate;
 * - `scheme://` after a run starts a URL candidate; `@` an email candidate; `:` an IPv6 candidate.
 * Strings are made only for candidates that pass a cheap test (length, hex, a bit filter on the hash
 * of each label suffix).
 */

const RUN = 1;
const ALNUM = 2;
const HEX = 4;
const DIGIT = 8;
const V6 = 16;
const LOCAL = 32;
const CLS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  const alnum = /[A-Za-z0-9]/.test(ch);
  let k = 0;
  if (alnum || ch === '.' || ch === '-' || ch === '_' || c >= 0x80) k |= RUN;
  if (alnum) k |= ALNUM;
  if (/[0-9A-Fa-f]/.test(ch)) k |= HEX | V6;
  if (/[0-9]/.test(ch)) k |= DIGIT;
  if (ch === ':' || ch === '.') k |= V6;
  if (alnum || '._%+-'.includes(ch)) k |= LOCAL;
  CLS[c] = k;
}

/** Bytes that end a URL in a log line (whitespace, quotes, brackets that never occur unescaped in one). */
const URL_END = new Uint8Array(256);
for (let c = 0; c <= 0x20; c++) URL_END[c] = 1;
for (const ch of '"\'<>`{}|^\\') URL_END[ch.charCodeAt(0)] = 1;
URL_END[0x7f] = 1;
/** Trailing bytes trimmed from a URL: `.,;:!?)]` (a `)` stays when the URL has a `(`). */
const TRAIL = new Uint8Array(256);
for (const ch of '.,;:!?)]') TRAIL[ch.charCodeAt(0)] = 1;

/** A raw match inside a buffer. */
export interface RawHit {
  id: number;
  kind: MatchKind;
  /** Byte offset in the scanned buffer. */
  offset: number;
  /** For `url` hits: where the URL's host starts (suppresses the `url-host` hit of the same indicator there). */
  host?: number;
}

export interface ScanOptions {
  /** The text is JSON: `\/` and `\\` escapes are read as `/` and `\`. */
  json: boolean;
  /** An extra byte that ends a URL (`,` in CSV); -1 for none. */
  delimiter: number;
}

/** Scans lines of a buffer for a matcher's indicators. */
export class LineScanner {
  private b: Buffer = Buffer.alloc(0);
  private ls = 0;
  private le = 0;
  private out: RawHit[] = [];
  private v6Done = 0;
  private readonly wantV6: boolean;
  private readonly wantUrl: boolean;
  private readonly wantEmail: boolean;
  private readonly wantHost: boolean;
  private readonly wantIp: boolean;

  constructor(private readonly m: IndicatorMatcher, private readonly opts: ScanOptions) {
    this.wantV6 = m.ipv6.size > 0;
    this.wantUrl = m.urls.size > 0;
    this.wantEmail = m.emails.size > 0;
    this.wantHost = m.domains.size + m.names.size + m.paths.size + m.urlHosts.size > 0;
    this.wantIp = m.ipv4.size > 0 || m.urlHosts.size > 0;
  }

  /** Scans bytes [ls, le) (one line, no newline) and appends hits to `out`. */
  scan(b: Buffer, ls: number, le: number, out: RawHit[]): void {
    this.b = b;
    this.ls = ls;
    this.le = le;
    this.out = out;
    this.v6Done = ls;
    const before = out.length;
    const m = this.m;
    const hashLen = m.hashLen;
    let runEnd = -1;
    let runStart = -1;
    let i = ls;
    while (i < le) {
      let c = b[i] as number;
      let k = CLS[c] as number;
      if (!(k & RUN)) {
        if (c === 58) this.colon(i, runStart, runEnd === i);
        else if (c === 64 && this.wantEmail && runEnd === i) this.email(i);
        i++;
        continue;
      }
      const s = i;
      let dots = 0;
      let digitsOnly = 1;
      let sub = i;
      let nonhex = 0;
      for (; i < le; i++) {
        c = b[i] as number;
        k = CLS[c] as number;
        if (!(k & RUN)) break;
        if (k & ALNUM) {
          if (!(k & HEX)) nonhex++;
          if (!(k & DIGIT)) digitsOnly = 0;
        } else {
          if (nonhex === 0 && hashLen[i - sub] === 1) this.hash(sub, i);
          sub = i + 1;
          nonhex = 0;
          if (c === 46) dots++;
          else digitsOnly = 0;
        }
      }
      if (nonhex === 0 && hashLen[i - sub] === 1) this.hash(sub, i);
      if (digitsOnly && (dots === 3 || (dots === 4 && b[i - 1] === 46))) {
        if (this.wantIp) this.ipv4(s, dots === 4 ? i - 1 : i);
      } else if (this.wantHost && (dots > 0 || m.namesWithoutDot)) this.host(s, i);
      runStart = s;
      runEnd = i;
    }
    if (out.length - before > 1) dropShadowedHostHits(out, before);
  }

  private emit(id: number, kind: MatchKind, offset: number, host?: number): void {
    this.out.push(host === undefined ? { id, kind, offset } : { id, kind, offset, host });
  }

  private str(s: number, e: number): string {
    return this.b.toString('utf8', s, e).toLowerCase();
  }

  private hash(s: number, e: number): void {
    const ids = this.m.hashes.get(this.b.toString('latin1', s, e).toLowerCase());
    if (ids) for (const id of ids) this.emit(id, 'hash', s);
  }

  private ipv4(s: number, e: number): void {
    const b = this.b;
    let n = 0;
    let oct = 0;
    let digits = 0;
    for (let j = s; j <= e; j++) {
      const c = j === e ? 46 : (b[j] as number);
      if (c === 46) {
        if (digits === 0 || oct > 255) return;
        n = n * 256 + oct;
        oct = 0;
        digits = 0;
      } else {
        oct = oct * 10 + (c - 48);
        if (++digits > 3) return;
      }
    }
    this.m.ipv4.lookup(n >>> 0, (id, kind) => this.emit(id, kind, s));
    if (this.m.urlHosts.size > 0) {
      const ids = this.m.urlHosts.get(this.b.toString('latin1', s, e));
      if (ids) for (const id of ids) this.emit(id, 'url-host', s);
    }
  }

  /** Tests every label suffix of a dotted run (right to left, one hash pass), then the whole run as a name. */
  private host(s: number, e0: number): void {
    const b = this.b;
    const f = this.m.filter;
    let e = e0;
    while (e > s && b[e - 1] === 46) e--;
    let h = 0;
    for (let j = e - 1; j >= s; j--) {
      const c = b[j] as number;
      if (c === 46 && j + 1 < e && f.has(h)) this.hostSuffix(j + 1, e, s, j === s);
      h = (Math.imul(h, 31) + (LOWER[c] as number)) | 0;
    }
    if (f.has(h)) this.hostSuffix(s, e, s, true);
  }

  /** Suffix [p, e) of the run starting at `s`; hits are reported at the run's start. */
  private hostSuffix(p: number, e: number, s: number, whole: boolean): void {
    const m = this.m;
    const key = this.str(p, e);
    const d = m.domains.get(key);
    if (d) for (const id of d) this.emit(id, whole ? 'exact' : 'subdomain', s);
    if (!whole) return;
    const u = m.urlHosts.get(key);
    if (u) for (const id of u) this.emit(id, 'url-host', s);
    if (p !== s) return; // `.name`: a leading dot belongs to a file name
    const n = m.names.get(key);
    if (n) for (const id of n) this.emit(id, 'filename', s);
    const ps = m.paths.get(key);
    if (ps) for (const pe of ps) this.path(pe.bytes, pe.id, e);
  }

  /**
   * A file name matched the last component of a filepath indicator: compare the bytes before it,
   * right to left, reading any run of `/` or `\\` (JSON-escaped too) as one separator.
   */
  private path(key: Uint8Array, id: number, e: number): void {
    const b = this.b;
    const ls = this.ls;
    let k = key.length - 1;
    let j = e - 1;
    while (k >= 0 && j >= ls) {
      const kc = key[k] as number;
      if (kc === 47) {
        if (b[j] !== 47 && b[j] !== 92) return;
        while (j >= ls && (b[j] === 47 || b[j] === 92)) j--;
      } else {
        if (LOWER[b[j] as number] !== kc) return;
        j--;
      }
      k--;
    }
    if (k >= 0) return;
    if (j >= ls) {
      const c = b[j] as number;
      const relative = key[0] !== 47 && key[1] !== 58;
      if (c === 47 || c === 92 ? !relative : (CLS[c] as number) & RUN || c === 58 || c === 126 || c === 36) return;
    }
    this.emit(id, 'filepath', j + 1);
  }

  private colon(i: number, runStart: number, afterRun: boolean): void {
    if (this.wantUrl && afterRun) this.url(runStart, i);
    if (this.wantV6 && i >= this.v6Done) this.ipv6(i);
  }

  /** `scheme` run [s, colon) followed by `://` (or `:\/\/` in JSON). */
  private url(s: number, colon: number): void {
    const b = this.b;
    const len = colon - s;
    if (len < 2 || len > 10) return;
    let hs: number;
    if (b[colon + 1] === 47 && b[colon + 2] === 47) hs = colon + 3;
    else if (this.opts.json && b[colon + 1] === 92 && b[colon + 2] === 47 && b[colon + 3] === 92 && b[colon + 4] === 47) hs = colon + 5;
    else return;
    let end = hs;
    let authEnd = -1;
    let at = -1;
    const lim = Math.min(this.le, hs + 8192);
    const delim = this.opts.delimiter;
    for (; end < lim; end++) {
      const c = b[end] as number;
      if (c === 92 && this.opts.json && b[end + 1] === 47) {
        if (authEnd === -1) authEnd = end;
        end++;
        continue;
      }
      if (URL_END[c] === 1 || c === delim) break;
      if (authEnd === -1) {
        if (c === 47 || c === 63 || c === 35) authEnd = end;
        else if (c === 64) at = end;
      }
    }
    // Sentence punctuation after a URL in prose or a wrapped field is not part of it.
    while (end > hs && TRAIL[b[end - 1] as number] === 1) {
      if (b[end - 1] === 41 && b.subarray(s, end).includes(40)) break;
      end--;
    }
    if (authEnd === -1 || authEnd > end) authEnd = end;
    const hostStart = at === -1 ? hs : at + 1;
    let hostEnd = hostStart;
    while (hostEnd < authEnd && b[hostEnd] !== 58) hostEnd++;
    if (b[hostStart] === 91) hostEnd = authEnd; // [v6]:port: the key function splits it
    if (!this.m.urlHosts.has(this.str(hostStart, hostEnd).replace(/\.$/, '')) && b[hostStart] !== 91) return;
    let text = b.toString('utf8', s, end);
    if (this.opts.json) text = text.replace(/\\\//g, '/');
    const k = urlMatchKey(text);
    if (!k) return;
    const seen = new Set<number>();
    for (const id of this.m.urls.get(k.key) ?? []) seen.add(id);
    if (k.hasQuery) for (const id of this.m.urls.get(k.base) ?? []) seen.add(id);
    for (const id of seen) this.emit(id, 'url', s, hostStart);
  }

  private ipv6(colon: number): void {
    const b = this.b;
    let rs = colon;
    while (rs > this.ls && ((CLS[b[rs - 1] as number] as number) & V6)) rs--;
    let re = colon;
    while (re < this.le && ((CLS[b[re] as number] as number) & V6)) re++;
    this.v6Done = re;
    if (rs > this.ls && ((CLS[b[rs - 1] as number] as number) & ALNUM)) return;
    if (re < this.le && ((CLS[b[re] as number] as number) & ALNUM)) return;
    while (re > rs && b[re - 1] === 46) re--;
    if (re - rs < 2 || re - rs > 45) return;
    const ip = parseIpv6(b.toString('latin1', rs, re));
    if (ip !== null) this.m.ipv6.lookup(ip, (id, kind) => this.emit(id, kind, rs));
  }

  /** `local@domain`: the local part ends at `at`. */
  private email(at: number): void {
    const b = this.b;
    let s = at;
    while (s > this.ls && ((CLS[b[s - 1] as number] as number) & LOCAL)) s--;
    let e = at + 1;
    while (e < this.le && ((CLS[b[e] as number] as number) & RUN)) e++;
    while (e > at + 1 && b[e - 1] === 46) e--;
    if (s === at || e === at + 1) return;
    if (!this.m.emailDomains.has(this.str(at + 1, e))) return;
    const ids = this.m.emails.get(this.str(s, e));
    if (ids) for (const id of ids) this.emit(id, 'exact', s);
  }
}

/** Drops `url-host` hits made redundant by a `url` hit of the same indicator on the same host. */
function dropShadowedHostHits(out: RawHit[], from: number): void {
  const shadow = new Set<string>();
  for (let i = from; i < out.length; i++) {
    const h = out[i] as RawHit;
    if (h.kind === 'url' && h.host !== undefined) shadow.add(`${h.id}@${h.host}`);
  }
  if (shadow.size === 0) return;
  let w = from;
  for (let i = from; i < out.length; i++) {
    const h = out[i] as RawHit;
    if (h.kind === 'url-host' && shadow.has(`${h.id}@${h.offset}`)) continue;
    out[w++] = h;
  }
  out.length = w;
}

import type { MatchKind } from '../types.js';
import { LOWER, lastLabelMissing, reverseHash } from './bytes.js';
import type { IndicatorMatcher } from './matcher.js';
import { dottedQuadRun, parseIpv6, v6Colon } from './ip.js';
import { urlMatchKey } from './url-key.js';
import { hexRuns } from './hex-runs.js';
import { pathStart } from './path-match.js';
import { ALNUM, CLS, LOCAL, NOTDIG, NOTHEX, RUN, RUN_ACC, SEP, TRAIL, URL_END, V6 } from './byte-classes.js';
import { dropShadowedHostHits, type RawHit, type ScanOptions } from './raw-hit.js';

export type { RawHit, ScanOptions };

/**
 * The byte scanner: cuts candidate tokens out of log bytes and looks them up in the matcher's maps.
 * No regex and no per-indicator search, so the cost is per byte of log, not per indicator.
 * Hand-written by policy (fast matcher).
 *
 * Tokens: a "run" is a maximal sequence of `[A-Za-z0-9._-]` and non-ASCII bytes.
 * - a run holding a `.` is found by jumping from dot to dot; four decimal octets make an IPv4
 *   candidate, anything else a host (each label suffix is tested: `a.evil.com` → `evil.com`) and, whole,
 *   a file-name candidate; a host run right after `scheme://` starts a URL candidate;
 * - an alphanumeric token that is all hex and 32/40/64/128 long is a hash candidate (so a hash inside a
 *   longer hex or alphanumeric string never matches); found by probing every 32nd byte;
 * - `@` starts an email candidate, `:` an IPv6 candidate (only when such indicators exist).
 * Strings are made only for candidates that pass a cheap test (length, hex, a bit filter on the hash
 * of each label suffix).
 */

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
  private readonly wantRegistry: boolean;
  /** Runs after `/` and `\` are read as file names (some filepath's last component has no dot). */
  private readonly wantSepRuns: boolean;
  /**
   * Two-byte needles (a separator, then a first byte of those components, in either case) when there
   * are few such bytes: native searches for them skip the many separators no component starts after.
   */
  private readonly sepNeedles: Buffer[] | null;
  /** Bytes that stop the scan loop: `.`, plus `@` and `:` when emails / IPv6 are hunted. */
  private readonly trig = new Uint8Array(256);
  /** Shortest hash indicator length (hex digits), 0 when there is none. */
  private readonly minHash: number;

  /** Offset reported by `ipSink` (set before each IP lookup; one sink avoids a closure per address). */
  private ipAt = 0;
  private readonly ipSink = (id: number, kind: MatchKind): void => this.emit(id, kind, this.ipAt);
  private readonly onHex = (s: number, e: number): void => this.hash(s, e);
  private readonly onRegistry = (id: number, kind: MatchKind, s: number): void => this.emit(id, kind, s);

  constructor(private readonly m: IndicatorMatcher, private readonly opts: ScanOptions) {
    this.wantV6 = m.ipv6.size > 0;
    this.wantUrl = m.urls.size > 0;
    this.wantEmail = m.emails.size > 0;
    this.wantHost = m.domains.size + m.names.size + m.paths.size + m.urlHosts.size > 0;
    this.wantIp = m.ipv4.size > 0 || m.urlIpHosts;
    this.wantRegistry = m.registry.size > 0;
    this.wantSepRuns = m.pathBasesWithoutDot && !m.namesWithoutDot;
    this.sepNeedles = null;
    if (this.wantSepRuns && m.pathBaseFirst.size <= 4) {
      const seps = m.pathBaseAfterBackslash ? [47, 92] : [47];
      const firsts = [...m.pathBaseFirst].flatMap((c) => (c >= 0x61 && c <= 0x7a ? [c, c - 32] : [c]));
      this.sepNeedles = seps.flatMap((sep) => firsts.map((c) => Buffer.from([sep, c])));
    }
    this.minHash = [32, 40, 64, 128].find((n) => m.hashLen[n] === 1) ?? 0;
    if (this.wantHost || this.wantIp || this.wantUrl) this.trig[46] = 1;
    if (this.wantEmail) this.trig[64] = 1;
    if (this.wantV6) this.trig[58] = 1;
  }

  /**
   * Scans bytes [ls, le) (one line) and appends hits to `out`, in offset order. Rather than classify
   * every byte, it jumps (native `indexOf`) to the bytes candidates need — a `.` (hosts, IPv4, file
   * names, URL hosts and email domains all have one), `@` when there are email indicators, `:` when
   * there are IPv6 ones — and reads the token around each; hashes: see hexRuns.
   */
  scan(b: Buffer, ls: number, le: number, out: RawHit[]): void {
    this.scanBlock(b, ls, le, out);
  }

  /**
   * Scans a block of whole lines [ls, le) at once (newlines end every token, so candidates never span
   * lines) and appends its hits in offset order. Native `indexOf` does the jumping between anchors.
   */
  scanBlock(b: Buffer, ls: number, le: number, out: RawHit[]): void {
    this.b = b;
    this.ls = ls;
    this.le = le;
    this.out = out;
    this.v6Done = ls;
    if (le <= ls) return;
    const before = out.length;
    // Each loop is a function that ends with it: V8 compiles a long loop mid-run (OSR) before the code
    // after it ever ran, and that cached code then bailed out there at the end of every block.
    if (this.m.namesWithoutDot) this.scanAll(b, ls, le);
    else {
      if (this.trig[46] === 1) this.dotLoop(b, ls, le);
      if (this.wantEmail) this.emailLoop(b, ls, le);
      if (this.wantV6) this.v6Loop(b, ls, le);
      if (this.minHash > 0) hexRuns(b, ls, le, this.minHash, this.m.hashLen, this.onHex);
      if (this.sepNeedles !== null) for (const n of this.sepNeedles) this.sepRunLoop(b, ls, le, n);
      else if (this.wantSepRuns) {
        this.sepRunLoop(b, ls, le, 47);
        if (this.m.pathBaseAfterBackslash) this.sepRunLoop(b, ls, le, 92);
      }
    }
    if (this.wantRegistry) this.registryLoop(b, ls, le);
    if (out.length - before > 1) {
      dropShadowedHostHits(out, before);
      // Tokens are found out of order (hashes last); report them in offset order.
      const mine = out.splice(before).sort((x, y) => x.offset - y.offset);
      for (const h of mine) out.push(h);
    }
  }

  private dotLoop(b: Buffer, ls: number, le: number): void {
    for (let d = b.indexOf(46, ls); d !== -1 && d < le; d = b.indexOf(46, d)) d = this.dotRun(d);
  }

  /**
   * The dot-less run after each separator `sep` (`/` or `\`) as the last component of a path: runs
   * with a dot are the dot loop's. Ends with its loop (see scanBlock).
   */
  private sepRunLoop(b: Buffer, ls: number, le: number, sep: number | Buffer): void {
    const f = this.m.filter;
    const lengths = this.m.pathBaseLength;
    const max = this.m.pathBaseMax;
    for (let i = b.indexOf(sep, ls); i !== -1 && i < le; i = b.indexOf(sep, i + 1)) {
      // Most runs after a separator are longer than any such component, or hold a dot: read no further.
      const lim = Math.min(le, i + 2 + max);
      let e = i + 1;
      let h = 0;
      for (; e < lim; e++) {
        const c = b[e] as number;
        if (((CLS[c] as number) & RUN) === 0 || c === 46) break;
      }
      if ((e === lim && e < le) || b[e] === 46 || lengths[e - i - 1] !== 1) continue;
      for (let j = e - 1; j > i; j--) h = (Math.imul(h, 31) + (LOWER[b[j] as number] as number)) | 0;
      if (f.has(h)) this.pathBase(i + 1, e);
    }
  }

  /** Registry keys: from each `\` that ends a hive name (see registry.ts). Ends with its loop. */
  private registryLoop(b: Buffer, ls: number, le: number): void {
    const reg = this.m.registry;
    for (let i = b.indexOf(92, ls); i !== -1 && i < le; i = b.indexOf(92, i)) i = reg.scanAt(b, ls, le, i, this.onRegistry);
  }

  private emailLoop(b: Buffer, ls: number, le: number): void {
    for (let a = b.indexOf(64, ls); a !== -1 && a < le; a = b.indexOf(64, a + 1)) this.email(a);
  }

  private v6Loop(b: Buffer, ls: number, le: number): void {
    for (let c = b.indexOf(58, ls); c !== -1 && c < le; c = b.indexOf(58, Math.max(c, this.v6Done - 1) + 1)) {
      if (c >= this.v6Done && v6Colon(b, c, le)) this.ipv6(c);
    }
  }

  /** The maximal run around the `.` at `d`: IPv4, host (label suffixes), file name, URL. Returns its end. */
  private dotRun(d: number): number {
    const b = this.b;
    const ls = this.ls;
    const le = this.le;
    // Run extent and the OR of its byte classes; dots are counted only for digit-and-dot runs.
    let s = d;
    let acc = 0;
    for (; s > ls; s--) {
      const k = RUN_ACC[b[s - 1] as number] as number;
      if (k === 0) break;
      acc |= k;
    }
    let e = d + 1;
    for (; e < le; e++) {
      const k = RUN_ACC[b[e] as number] as number;
      if (k === 0) break;
      acc |= k;
    }
    if ((acc & (NOTDIG | SEP)) !== 0) {
      // Most runs end in a label no key ends in (`internal`, `png`): then neither host() nor url() (for
      // a URL whose host is this run: no `:port` or `user@` after it) can find anything.
      const miss = (this.wantHost || this.wantUrl) && lastLabelMissing(b, s, e, this.m.lastLabels);
      if (this.wantHost && !miss) this.host(s, e);
      if (miss && b[e] !== 58 && b[e] !== 64) return e;
    } else {
      // Only digits and dots (no letter, `-`, `_` or non-ASCII byte): an IPv4 candidate.
      const ip = dottedQuadRun(b, s, e);
      if (ip >= 0) {
        if (this.wantIp) this.ipv4Hit(ip, s, b[e - 1] === 46 ? e - 1 : e);
      } else if (ip === -2 && this.wantHost && this.m.numericKeys) this.host(s, e);
    }
    if (this.wantUrl && s - ls >= 4 && b[s - 1] === 47) this.urlAt(s);
    return e;
  }

  /** A host run at `s` preceded by `scheme://` or JSON `scheme:\/\/`: a URL candidate. */
  private urlAt(s: number): void {
    const b = this.b;
    let colon = -1;
    if (b[s - 2] === 47 && b[s - 3] === 58) colon = s - 3;
    else if (this.opts.json && b[s - 2] === 92 && b[s - 3] === 47 && b[s - 4] === 92 && b[s - 5] === 58) colon = s - 5;
    if (colon === -1) return;
    let ss = colon;
    while (ss > this.ls && ((CLS[b[ss - 1] as number] as number) & RUN) !== 0) ss--;
    this.url(ss, colon);
  }

  /** Every byte in turn: needed when a file-name indicator has no dot (any word may be one). Ends with its loop (see scanBlock). */
  private scanAll(b: Buffer, ls: number, le: number): void {
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
      let sub = i;
      let subAcc = 0;
      let runAcc = 0;
      for (; i < le; i++) {
        c = b[i] as number;
        k = CLS[c] as number;
        if ((k & RUN) === 0) break;
        if ((k & SEP) !== 0) {
          const n = i - sub;
          if ((subAcc & NOTHEX) === 0 && n <= 128 && hashLen[n] === 1) this.hash(sub, i);
          runAcc |= subAcc;
          sub = i + 1;
          subAcc = 0;
          if (c === 46) dots++;
          else runAcc |= NOTDIG;
        } else subAcc |= k;
      }
      const n = i - sub;
      if ((subAcc & NOTHEX) === 0 && n <= 128 && hashLen[n] === 1) this.hash(sub, i);
      runAcc |= subAcc;
      if ((runAcc & NOTDIG) === 0 && (dots === 3 || (dots === 4 && b[i - 1] === 46))) {
        const ip = this.wantIp ? dottedQuadRun(b, s, i) : -1;
        if (ip >= 0) this.ipv4Hit(ip, s, dots === 4 ? i - 1 : i);
      } else if (this.wantHost && (dots > 0 || m.namesWithoutDot)) this.host(s, i);
      runStart = s;
      runEnd = i;
    }
  }

  private emit(id: number, kind: MatchKind, offset: number, host = -1): void {
    const dropped = this.m.dropped;
    if (dropped !== null && dropped[id] === 1) return;
    this.out.push({ id, kind, offset, host });
  }

  private str(s: number, e: number): string {
    return this.b.toString('utf8', s, e).toLowerCase();
  }

  private hash(s: number, e: number): void {
    const ids = this.m.hashes.get(this.b.toString('latin1', s, e).toLowerCase());
    if (ids) for (const id of ids) this.emit(id, 'hash', s);
  }

  /** The address `ip` read from [s, e): exact and CIDR hits, and URL-host hits of a dotted-quad URL host. */
  private ipv4Hit(ip: number, s: number, e: number): void {
    if (!this.m.ipv4.maybe(ip)) return;
    this.ipAt = s;
    this.m.ipv4.lookup(ip, this.ipSink);
    if (this.m.urlIpHosts) {
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
    const last = this.m.lastLabels;
    let h = 0;
    let first = true;
    for (let j = e - 1; j >= s; j--) {
      const c = b[j] as number;
      if (c === 46 && j + 1 < e) {
        if (first && !last.has(h)) return;
        first = false;
        if (f.has(h)) this.hostSuffix(j + 1, e, s, j === s);
      }
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
    this.pathHits(key, e);
  }

  /** A dot-less run [s, e) after a separator: filepath indicators ending in it. */
  private pathBase(s: number, e: number): void {
    this.pathHits(this.str(s, e), e);
  }

  /** Filepath indicators whose last component is `key` (ending at `e`) and whose whole path ends there. */
  private pathHits(key: string, e: number): void {
    const ps = this.m.paths.get(key);
    if (ps === undefined) return;
    for (const pe of ps) {
      const at = pathStart(this.b, this.ls, pe.bytes, e);
      if (at !== -1) this.emit(pe.id, 'filepath', at);
    }
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
    // The host first: most URLs in a log are not on an indicator's host, and the bit filter says so
    // before the rest of the URL is read.
    const hostStart = this.urlHostStart(hs);
    if (hostStart === -1) return;
    let hostEnd = hostStart;
    while (hostEnd < this.le && ((CLS[b[hostEnd] as number] as number) & RUN) !== 0) hostEnd++;
    if (b[hostStart] !== 91) {
      let he = hostEnd;
      while (he > hostStart && b[he - 1] === 46) he--;
      if (he === hostStart || !this.m.filter.has(reverseHash(b, hostStart, he)) || !this.m.urlHosts.has(this.str(hostStart, he))) return;
    }
    let end = hostStart;
    const lim = Math.min(this.le, hs + 8192);
    const delim = this.opts.delimiter;
    for (; end < lim; end++) {
      const c = b[end] as number;
      if (c === 92 && this.opts.json && b[end + 1] === 47) {
        end++;
        continue;
      }
      if (URL_END[c] === 1 || c === delim) break;
    }
    // Sentence punctuation after a URL in prose or a wrapped field is not part of it.
    while (end > hostStart && TRAIL[b[end - 1] as number] === 1) {
      if (b[end - 1] === 41 && b.subarray(s, end).includes(40)) break;
      end--;
    }
    let text = b.toString('utf8', s, end);
    if (this.opts.json) text = text.replace(/\\\//g, '/');
    const k = urlMatchKey(text);
    if (!k) return;
    const seen = new Set<number>();
    for (const id of this.m.urls.get(k.key) ?? []) seen.add(id);
    if (k.hasQuery) for (const id of this.m.urls.get(k.base) ?? []) seen.add(id);
    for (const id of seen) this.emit(id, 'url', s, hostStart);
  }

  /** Where the host of a URL whose authority starts at `hs` begins (after any `user:pass@`); -1 if none. */
  private urlHostStart(hs: number): number {
    const b = this.b;
    let j = hs;
    while (j < this.le && ((CLS[b[j] as number] as number) & RUN) !== 0) j++;
    if (b[j] !== 58 && b[j] !== 64) return hs;
    const lim = Math.min(this.le, hs + 256);
    for (let k = j; k < lim; k++) {
      const c = b[k] as number;
      if (c === 64) return k + 1;
      if (c === 47 || c === 63 || c === 35 || URL_END[c] === 1) break;
    }
    return hs;
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
    // Cheap shape test first: an address has `::`, or 7 colons, or 6 and a dotted IPv4 tail. This keeps
    // clock times (`12:34:56`) and MACs from costing a string each.
    let colons = 0;
    let dbl = false;
    let dot = false;
    for (let j = rs; j < re; j++) {
      const c = b[j];
      if (c === 58) {
        colons++;
        if (b[j + 1] === 58) dbl = true;
      } else if (c === 46) dot = true;
    }
    if (!(dbl || colons === 7 || (colons === 6 && dot))) return;
    const ip = parseIpv6(b.toString('latin1', rs, re));
    this.ipAt = rs;
    if (ip !== null) this.m.ipv6.lookup(ip, this.ipSink);
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


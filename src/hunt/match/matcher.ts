import type { Diagnostic } from '../../model/diagnostic.js';
import type { IntelIndicator, MatchKind } from '../types.js';
import { HashFilter } from './bytes.js';
import { Ipv4Matcher, Ipv6Matcher, parseIpv4Strict, parseIpv6 } from './ip.js';
import { RegistryKeys } from './registry.js';
import { urlMatchKey } from './url-key.js';

/** Hash lengths (hex digits) the hash matcher knows. */
export const HASH_LENGTHS: Record<string, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

/** File-path comparison key: lower case, `\` as `/`, repeated separators collapsed. */
export function pathKey(p: string): string {
  return p.toLowerCase().replace(/[\\/]+/g, '/');
}

/** A filepath indicator waiting for its last component to be seen. */
export interface PathEntry {
  key: string;
  /** UTF-8 bytes of `key`, for the scanner. */
  bytes: Uint8Array;
  id: number;
}

/**
 * All indicators compiled into lookup structures keyed by canonical strings or packed integers.
 * Built once per worker; scales to millions of indicators (each is one Map entry).
 */
export class IndicatorMatcher {
  readonly hashes = new Map<string, number[]>();
  /** `hashLen[n]` is true when some hash indicator has n hex digits. */
  readonly hashLen = new Uint8Array(129);
  readonly domains = new Map<string, number[]>();
  readonly names = new Map<string, number[]>();
  readonly paths = new Map<string, PathEntry[]>();
  readonly urls = new Map<string, number[]>();
  readonly urlHosts = new Map<string, number[]>();
  readonly emails = new Map<string, number[]>();
  readonly emailDomains = new Set<string>();
  readonly ipv4 = new Ipv4Matcher();
  readonly ipv6 = new Ipv6Matcher();
  /** Registry keys (any hive spelling; see registry.ts). */
  readonly registry = new RegistryKeys();
  readonly filter: HashFilter;
  /**
   * Hashes of the last label of every host-like key: a run whose last label (`internal` in
   * `srv-1.corp.internal`) is in no key is skipped after that label.
   */
  readonly lastLabels: HashFilter;
  /** True when some URL indicator's host is an IP address (the scanner then checks IPs as URL hosts). */
  urlIpHosts = false;
  /** True when some file-name key has no dot (the scanner then tests dot-less runs too). */
  namesWithoutDot = false;
  /**
   * True when some filepath's last component has no dot (`/tmp/.X11-cache/kp`): the scanner then also
   * reads the run after each `/` and `\`.
   */
  pathBasesWithoutDot = false;
  /** `pathBaseLength[n]` is 1 when some filepath's dot-less last component is n bytes long (n < 256). */
  readonly pathBaseLength = new Uint8Array(256);
  /** The longest such component (at most 255). */
  pathBaseMax = 0;
  /** Whether such a path is a Windows one (then `\` may come before its last component, not only `/`). */
  pathBaseAfterBackslash = false;
  /** The first bytes of those components (the scanner looks for a separator followed by one). */
  readonly pathBaseFirst = new Set<number>();
  /**
   * True when some host-like key is made only of digits and dots and is no dotted quad (`1.2`, a file
   * named `2024.01`): only then are digit-and-dot runs (times, decimals, versions) tested as hosts.
   */
  numericKeys = false;
  readonly warnings: Diagnostic[] = [];
  /** Ids of the indicators behind `warnings` (same order). */
  readonly unusable: number[] = [];
  /**
   * `dropped[id]` is 1 for an indicator found benign after the matcher was built (the warninglist check
   * runs while the first files are scanned): the scanner reports no hit for it.
   */
  dropped: Uint8Array | null = null;

  constructor(readonly indicators: readonly IntelIndicator[]) {
    this.filter = new HashFilter(indicators.length);
    this.lastLabels = new HashFilter(Math.min(indicators.length, 1 << 14));
    indicators.forEach((ind, id) => {
      if (!this.add(ind, id)) {
        this.warnings.push(unusableWarning(ind));
        this.unusable.push(id);
      }
    });
  }

  /** Stops reporting hits of these indicators (found benign after the matcher was built). */
  drop(ids: readonly number[]): void {
    if (ids.length === 0) return;
    this.dropped ??= new Uint8Array(this.indicators.length);
    for (const id of ids) this.dropped[id] = 1;
  }

  get hasUrls(): boolean {
    return this.urls.size > 0;
  }

  private add(ind: IntelIndicator, id: number): boolean {
    const v = ind.value;
    switch (ind.type) {
      case 'md5': case 'sha1': case 'sha256': case 'sha512': {
        const h = v.toLowerCase();
        if (!/^[0-9a-f]+$/.test(h) || h.length !== HASH_LENGTHS[ind.type]) return false;
        this.hashLen[h.length] = 1;
        return push(this.hashes, h, id);
      }
      case 'ipv4': case 'ipv6': case 'cidr':
        return v.includes(':') ? this.ipv6.add(v, id) : this.ipv4.add(v, id);
      case 'domain': {
        const d = v.toLowerCase().replace(/\.$/, '');
        if (d === '' || /[\s/]/.test(d)) return false;
        this.addKey(d);
        return push(this.domains, d, id);
      }
      case 'url': return this.addUrl(v, id);
      case 'email': {
        const e = v.toLowerCase();
        const at = e.lastIndexOf('@');
        if (at <= 0 || at === e.length - 1) return false;
        this.emailDomains.add(e.slice(at + 1));
        return push(this.emails, e, id);
      }
      case 'filename': return this.addName(v.toLowerCase(), id);
      case 'filepath': {
        const key = pathKey(v);
        const base = key.slice(key.lastIndexOf('/') + 1);
        if (base === '') return false;
        if (!base.includes('.')) {
          this.pathBasesWithoutDot = true;
          const n = Math.min(255, Buffer.byteLength(base));
          this.pathBaseLength[n] = 1;
          this.pathBaseMax = Math.max(this.pathBaseMax, n);
          if (v.includes('\\') || !v.startsWith('/')) this.pathBaseAfterBackslash = true;
          this.pathBaseFirst.add(Buffer.from(base, 'utf8')[0]!);
        }
        this.addKey(base);
        const list = this.paths.get(base);
        const entry = { key, bytes: Buffer.from(key, 'utf8'), id };
        if (list) list.push(entry);
        else this.paths.set(base, [entry]);
        return true;
      }
      case 'registry': return this.registry.add(v, id);
      default: return false;
    }
  }

  private addName(name: string, id: number): boolean {
    if (name === '' || /[\\/]/.test(name)) return false;
    if (!name.includes('.')) this.namesWithoutDot = true;
    this.addKey(name);
    return push(this.names, name, id);
  }

  private addUrl(v: string, id: number): boolean {
    const k = urlMatchKey(v);
    if (!k) return false;
    push(this.urls, k.key, id);
    if (/^[\d.]+$/.test(k.host) || k.host.startsWith('[')) this.urlIpHosts = true;
    // The scanner reads a dotted-quad URL host on its IPv4 path, behind the /24 block bits.
    const v4 = parseIpv4Strict(k.host);
    if (v4 !== null) this.ipv4.mark(v4);
    this.addKey(k.host, v4 !== null);
    return push(this.urlHosts, k.host, id);
  }

  /**
   * A host-like key into the scanner's bit filter. A dotted-quad URL host is matched whole only, and a
   * whole dotted-quad run takes the IPv4 path: such a key never needs numeric runs tested as hosts.
   */
  private addKey(k: string, dottedQuadUrlHost = false): void {
    if (!dottedQuadUrlHost && /^[\d.]+$/.test(k)) this.numericKeys = true;
    this.filter.addKey(k);
    this.lastLabels.addLastLabel(k);
  }

  /** String API (tests, non-log targets): every indicator a host name matches, with how. */
  matchHost(host: string, sink: (id: number, kind: MatchKind) => void): void {
    const h = host.toLowerCase().replace(/\.$/, '');
    for (let p = 0; p !== -1; p = h.indexOf('.', p) + 1 || -1) {
      const ids = this.domains.get(h.slice(p));
      if (ids) for (const id of ids) sink(id, p === 0 ? 'exact' : 'subdomain');
      if (p === h.length) break;
    }
    const uh = this.urlHosts.get(h);
    if (uh) for (const id of uh) sink(id, 'url-host');
  }

  /** String API: every indicator a URL matches (`url`), or whose host it shares (`url-host`). */
  matchUrl(url: string, sink: (id: number, kind: MatchKind) => void): void {
    const k = urlMatchKey(url);
    if (!k) return;
    const full = new Set([...(this.urls.get(k.key) ?? []), ...(k.hasQuery ? this.urls.get(k.base) ?? [] : [])]);
    for (const id of full) sink(id, 'url');
    for (const id of this.urlHosts.get(k.host) ?? []) if (!full.has(id)) sink(id, 'url-host');
  }

  /** String API: indicators an IPv4/IPv6 address matches. */
  matchIp(ip: string, sink: (id: number, kind: MatchKind) => void): void {
    const v4 = parseIpv4Strict(ip);
    if (v4 !== null) this.ipv4.lookup(v4, sink);
    else if (this.ipv6.size > 0) {
      const v6 = ip.includes(':') ? parseIpv6(ip) : null;
      if (v6 !== null) this.ipv6.lookup(v6, sink);
    }
  }

  /** String API: indicators a hash matches (whole value, any case). */
  matchHash(hex: string, sink: (id: number, kind: MatchKind) => void): void {
    for (const id of this.hashes.get(hex.toLowerCase()) ?? []) sink(id, 'hash');
  }

  /** String API: indicators a registry key (as a log writes it) matches, with how. */
  matchRegistry(key: string, sink: (id: number, kind: MatchKind) => void): void {
    const b = Buffer.from(key, 'utf8');
    for (let i = b.indexOf(92); i !== -1; i = b.indexOf(92, i)) i = this.registry.scanAt(b, 0, b.length, i, sink);
  }

  /** String API: indicators a file path matches by its last component or its whole path. */
  matchPath(path: string, sink: (id: number, kind: MatchKind) => void): void {
    const key = pathKey(path);
    const base = key.slice(key.lastIndexOf('/') + 1);
    for (const id of this.names.get(base) ?? []) sink(id, 'filename');
    for (const e of this.paths.get(base) ?? []) {
      if (key === e.key || (key.endsWith(e.key) && key[key.length - e.key.length - 1] === '/' && e.key[0] !== '/')) sink(e.id, 'filepath');
    }
  }
}

/** The warning for an indicator the matcher cannot use. */
export function unusableWarning(ind: IntelIndicator): Diagnostic {
  return { code: 'unusable-indicator', message: `${ind.type} '${ind.raw}' from ${ind.source} cannot be matched; skipped` };
}

function push(m: Map<string, number[]>, k: string, id: number): boolean {
  const a = m.get(k);
  if (a) {
    if (!a.includes(id)) a.push(id);
  } else m.set(k, [id]);
  return true;
}

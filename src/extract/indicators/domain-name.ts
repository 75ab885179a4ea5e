// Domain validation and canonical form: ICANN public suffix (tldts), lower case, punycode for IDNs.
import { domainToASCII, domainToUnicode } from 'node:url';
import { createRequire } from 'node:module';

// tldts ships CommonJS only: imported as ESM, Node lexes its whole 199 KB bundle for export names
// (~50–80 ms CPU at every start and in every worker); require() skips that step.
const { parse } = createRequire(import.meta.url)('tldts') as typeof import('tldts');

const TLDTS_OPTS = { allowPrivateDomains: false, detectIp: false, extractHostname: false, validateHostname: false, mixedInputs: false } as const;
const tldCache = new Map<string, boolean>();

/** Whether `label` (lower case ASCII) is an ICANN top-level suffix. Memoised, bounded (hostile input can hold millions of distinct labels). */
export function isIcannTld(label: string): boolean {
  let hit = tldCache.get(label);
  if (hit === undefined) {
    hit = parse(`x.${label}`, TLDTS_OPTS).isIcann === true;
    if (tldCache.size < 20000) tldCache.set(label, hit);
  }
  return hit;
}

function validLabels(host: string): boolean {
  if (host.length > 253) return false;
  let start = 0;
  for (let i = 0; i <= host.length; i++) {
    const c = i < host.length ? host.charCodeAt(i) : 46;
    if (c === 46) {
      const len = i - start;
      if (len < 1 || len > 63 || host.charCodeAt(start) === 45 || host.charCodeAt(i - 1) === 45) return false;
      start = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

/**
 * Validates and canonicalises a domain name: lower case, punycode, trailing dot removed; null unless it
 * has at least one label under an ICANN public suffix.
 * @example normalizeDomain('Evil.Example.COM.') // 'evil.example.com'
 */
export function normalizeDomain(s: string): string | null {
  let v = memo.get(s);
  if (v === undefined) {
    v = normalize(s);
    // Bounded: reports repeat the same hosts, hostile input must not grow memory without limit.
    if (memo.size >= 8192) memo.clear();
    memo.set(s, v);
  }
  return v;
}

const memo = new Map<string, string | null>();

function normalize(s: string): string | null {
  let host = s.endsWith('.') ? s.slice(0, -1) : s;
  if (host.length < 3 || host.length > 253) return null;
  let ascii = true;
  for (let i = 0; i < host.length; i++) if (host.charCodeAt(i) > 127) { ascii = false; break; }
  host = ascii ? host.toLowerCase() : domainToASCII(host);
  if (host === '' || !validLabels(host)) return null;
  const dot = host.lastIndexOf('.');
  if (dot < 1) return null;
  const tld = host.slice(dot + 1);
  if (!isIcannTld(tld)) return null;
  // With three or more labels there is a registrable part under any one- or two-label suffix, so the
  // full public-suffix lookup (the costly part) is only needed for two-label names like "co.uk".
  if (host.indexOf('.') !== dot) return host;
  const p = parse(host, TLDTS_OPTS);
  return p.isIcann === true && p.domain !== null && p.domain !== '' ? host : null;
}

/** Unicode form of a punycode host, or undefined when it has no `xn--` label. */
export function unicodeHost(ascii: string): string | undefined {
  return ascii.includes('xn--') ? domainToUnicode(ascii) : undefined;
}

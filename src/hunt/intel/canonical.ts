import { domainToASCII } from 'node:url';
import { refang } from '../../extract/indicators/refang.js';
import type { HuntType } from '../types.js';
import { parseIpv4Strict, parseIpv6 } from '../match/ip.js';
import { registryKey } from '../match/registry.js';

const HEX_LEN: Record<string, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
/**
 * Any bracket, backslash, space, `*`, an `h`/`f` followed by an `x` (hxxp, fxp) or a non-ASCII dot may
 * be part of a defanging style; a value with none of them is its own refanged form (an `x` alone is
 * not: a third of random domain names have one, and refanging them cost 20 ms per 10k feed rows).
 */
export const MAY_BE_DEFANGED = /[[\](){}\\\s*]|[hHfF][xX]|[^\x00-\x7f]/;

/** The type names a feed may use for what hunt calls a HuntType (STIX/MISP/CSV spellings). */
export function huntTypeOf(name: string): HuntType | 'ip' | 'any' | null {
  // A feed repeats a handful of type names on every row: remember them (bounded).
  const known = TYPE_OF.get(name);
  if (known !== undefined) return known;
  const t = typeOfName(name);
  if (TYPE_OF.size < 256) TYPE_OF.set(name, t);
  return t;
}

const TYPE_OF = new Map<string, HuntType | 'ip' | 'any' | null>();

function typeOfName(name: string): HuntType | 'ip' | 'any' | null {
  const n = name.toLowerCase().replace(/[\s_]+/g, '-');
  switch (n) {
    case 'md5': case 'sha1': case 'sha256': case 'sha512': return n;
    case 'sha-1': return 'sha1';
    case 'sha-256': return 'sha256';
    case 'sha-512': return 'sha512';
    case 'ip': case 'ipv4': case 'ipv6': case 'ip-src': case 'ip-dst': case 'ipv4-addr': case 'ipv6-addr': case 'cidr': return 'ip';
    case 'domain': case 'hostname': case 'domain-name': case 'fqdn': case 'host': return 'domain';
    case 'url': case 'uri': case 'link': return 'url';
    case 'email': case 'email-src': case 'email-dst': case 'email-addr': case 'email-reply-to': return 'email';
    case 'filename': case 'file-name': case 'file': return 'filename';
    case 'filepath': case 'file-path': case 'path': return 'filepath';
    case 'registry': case 'regkey': case 'registry-key': case 'windows-registry-key': case 'reg-key': return 'registry';
    default: return null;
  }
}

/**
 * The canonical form of a value whose type the source states (STIX path, MISP type, CSV type
 * column): refanged, hashes and hosts lower-cased, IDN hosts in punycode, IP/CIDR checked.
 * Returns null when the value is not of that type.
 */
export function canonicalize(type: HuntType | 'ip', raw: string): { type: HuntType; value: string } | null {
  const t = raw.trim();
  // No indicator is this long; the bound also keeps every check below linear in practice.
  if (t.length > 8192) return null;
  // Refanging is only needed when a defanging mark may be present (most feed values have none).
  const v = type === 'filename' || type === 'filepath' || type === 'registry' || !MAY_BE_DEFANGED.test(t) ? t : refang(t);
  if (v === '') return null;
  switch (type) {
    case 'md5': case 'sha1': case 'sha256': case 'sha512': {
      const h = v.toLowerCase();
      return h.length === HEX_LEN[type] && /^[0-9a-f]+$/.test(h) ? { type, value: h } : null;
    }
    case 'ip': case 'ipv4': case 'ipv6': case 'cidr': return canonicalIp(v);
    case 'domain': {
      const d = domainToASCII(v.toLowerCase().replace(/\.$/, ''));
      return d && d.includes('.') ? { type, value: d } : null;
    }
    case 'url': {
      const u = /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `http://${v}`;
      return { type, value: u };
    }
    case 'email': {
      const at = v.indexOf('@');
      const ok = v.length <= 320 && at > 0 && at === v.lastIndexOf('@') && !/\s/.test(v) && v.indexOf('.', at + 2) > at + 1 && !v.endsWith('.');
      return ok ? { type, value: v.toLowerCase() } : null;
    }
    case 'filename': return /[\\/]/.test(v) ? { type: 'filepath', value: v } : { type, value: v };
    case 'filepath': return { type, value: v };
    case 'registry': return registryKey(v) === null ? null : { type, value: v.replace(/\\+$/, '') };
  }
}

function canonicalIp(v0: string): { type: HuntType; value: string } | null {
  const v = v0.replace(/^\[|\]$/g, '').toLowerCase();
  const slash = v.indexOf('/');
  const addr = slash === -1 ? v : v.slice(0, slash);
  const len = slash === -1 ? null : Number(v.slice(slash + 1));
  if (parseIpv4Strict(addr) !== null) {
    if (len === null || len === 32) return { type: 'ipv4', value: addr };
    return Number.isInteger(len) && len >= 0 && len < 32 ? { type: 'cidr', value: `${addr}/${len}` } : null;
  }
  if (parseIpv6(addr) !== null) {
    if (len === null || len === 128) return { type: 'ipv6', value: addr };
    return Number.isInteger(len) && len >= 0 && len < 128 ? { type: 'cidr', value: `${addr}/${len}` } : null;
  }
  return null;
}

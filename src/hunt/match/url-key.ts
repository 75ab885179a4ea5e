/**
 * The comparison key of a URL for matching (both sides go through it): scheme and host lower-cased,
 * userinfo and fragment dropped, default port removed, percent-escapes of unreserved characters
 * decoded and the rest upper-cased, non-ASCII and control bytes percent-encoded, one trailing slash
 * of the path removed (so `http://h`, `http://h/` and `http://H:80/` compare equal).
 * Hand-written rather than WHATWG `URL` because it must accept what logs contain (no exceptions on
 * odd hosts) and keep path bytes as written apart from the rules above.
 */

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ftp: '21', ws: '80', wss: '443' };

export interface UrlKey {
  /** Full key, query included. */
  key: string;
  /** Key without the query (an indicator without a query matches any query). */
  base: string;
  /** Lower-case host (IPv6 in brackets as written). */
  host: string;
  hasQuery: boolean;
}

const HEX = '0123456789ABCDEF';

function isUnreserved(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e;
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** Printable ASCII but `%`: such a path or query is its own normal form. */
const PLAIN = /^[\x21-\x24\x26-\x7e]*$/;

/** Normalises percent-encoding of a path or query. */
export function normalizePercent(s: string): string {
  // Most paths need nothing done: skip the byte copy and the character-by-character rebuild.
  if (PLAIN.test(s)) return s;
  const b = Buffer.from(s, 'utf8');
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number;
    if (c === 0x25 && i + 2 < b.length) {
      const h = hexVal(b[i + 1] as number);
      const l = hexVal(b[i + 2] as number);
      if (h >= 0 && l >= 0) {
        const v = h * 16 + l;
        out += isUnreserved(v) ? String.fromCharCode(v) : `%${HEX[h]}${HEX[l]}`;
        i += 2;
        continue;
      }
    }
    out += c <= 0x20 || c >= 0x7f ? `%${HEX[c >> 4]}${HEX[c & 15]}` : String.fromCharCode(c);
  }
  return out;
}

/** Returns the comparison key of an absolute URL, or null when it has no `scheme://host`. */
export function urlMatchKey(url: string): UrlKey | null {
  const sep = url.indexOf('://');
  if (sep <= 0 || sep > 16) return null;
  const scheme = url.slice(0, sep).toLowerCase();
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) return null;
  let rest = url.slice(sep + 3);
  const hashAt = rest.indexOf('#');
  if (hashAt !== -1) rest = rest.slice(0, hashAt);
  let authEnd = rest.length;
  for (const ch of ['/', '?']) {
    const k = rest.indexOf(ch);
    if (k !== -1 && k < authEnd) authEnd = k;
  }
  let auth = rest.slice(0, authEnd);
  const tail = rest.slice(authEnd);
  const at = auth.lastIndexOf('@');
  if (at !== -1) auth = auth.slice(at + 1);
  let host = auth;
  let port = '';
  const colon = auth.lastIndexOf(':');
  if (colon !== -1 && colon > auth.lastIndexOf(']')) {
    host = auth.slice(0, colon);
    port = auth.slice(colon + 1);
  }
  host = host.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '') return null;
  if (port === DEFAULT_PORTS[scheme]) port = '';
  const q = tail.indexOf('?');
  let path = normalizePercent(q === -1 ? tail : tail.slice(0, q));
  const query = q === -1 ? '' : normalizePercent(tail.slice(q + 1));
  if (path.endsWith('/')) path = path.slice(0, -1);
  const base = `${scheme}://${host}${port ? `:${port}` : ''}${path}`;
  return { key: query ? `${base}?${query}` : base, base, host, hasQuery: query !== '' };
}

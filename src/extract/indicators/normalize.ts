// Public normalisers, shared with `hunt` (indicator lists) and `triage` (strings in binaries). They
// reuse the document scanner on a single token, so a value is classified exactly as it would be in
// a report.
import type { IndicatorType } from '../../model/indicator.js';
import { scanText } from './scanner.js';
import type { Match } from './types.js';

export { refang } from './refang.js';
export { normalizeDomain } from './domain-name.js';
export { normalizeIpv6, parseIpv4, formatIpv4 } from './net.js';

function unquote(s: string): string {
  const t = s.trim();
  const a = t.charCodeAt(0), b = t.charCodeAt(t.length - 1);
  return t.length >= 2 && a === b && (a === 34 || a === 39 || a === 96) ? t.slice(1, -1).trim() : t;
}

/** The match that spans the whole token, preferring the containing (non-component) one. */
function wholeMatch(token: string): Match | null {
  let best: Match | null = null;
  scanText(token, (m) => {
    if (m.start !== 0 || m.end !== token.length) return;
    if (best === null || (best.component === true && m.component !== true) || m.prio > best.prio) best = m;
  });
  return best;
}

/**
 * Classifies one indicator written alone (a CSV cell, a line of a plain list, a STIX pattern value),
 * refanging it first. Null when the whole token is not one indicator.
 * @example classifyIndicator('hxxp://evil[.]com/a') // { type: 'url', value: 'http://evil.com/a', defanged: true }
 */
export function classifyIndicator(raw: string): { type: IndicatorType; value: string; defanged: boolean } | null {
  const token = unquote(raw);
  if (token === '' || token.length > 4096) return null;
  const m = wholeMatch(token);
  return m === null ? null : { type: m.type, value: m.value, defanged: m.defanged };
}

/**
 * Canonical URL (refanged; lower-case scheme and host, punycode host, no default port), or null.
 * @example normalizeUrl('HXXPS://Evil[.]COM:443/Path') // 'https://evil.com/Path'
 */
export function normalizeUrl(s: string): string | null {
  const m = wholeMatch(unquote(s));
  return m !== null && m.type === 'url' ? m.value : null;
}

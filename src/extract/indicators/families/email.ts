// E-mail addresses (after refanging `[at]`, `(at)`, `[@]`): RFC 5321 dot-atom local part, valid domain.
import { isAlnum, isIdnChar } from '../chars.js';
import { normalizeDomain, unicodeHost } from '../domain-name.js';
import { PRIO, segMatch, type Family } from '../types.js';

function isLocalChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}
function isHostChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 45 || isIdnChar(c);
}

export const extractEmails: Family = (seg, out) => {
  const r = seg.r;
  for (let at = r.indexOf('@'); at !== -1; at = r.indexOf('@', at + 1)) {
    let a = at;
    while (a > 0 && isLocalChar(r.charCodeAt(a - 1)) && at - a < 64) a--;
    while (a < at && r.charCodeAt(a) === 46) a++;
    let b = at + 1;
    while (b < r.length && isHostChar(r.charCodeAt(b)) && b - at < 255) b++;
    while (b > at + 1 && (r.charCodeAt(b - 1) === 46 || r.charCodeAt(b - 1) === 45)) b--;
    if (a === at || b === at + 1 || (a === 0 && seg.cutLeft) || (b === r.length && seg.cutRight)) continue;
    const local = r.slice(a, at);
    if (local.endsWith('.') || local.includes('..')) continue;
    const dom = normalizeDomain(r.slice(at + 1, b));
    if (dom === null) continue;
    const m = segMatch(seg, 'email', a, b, `${local.toLowerCase()}@${dom}`, PRIO.email);
    const u = unicodeHost(dom);
    if (u !== undefined) m.unicode = `${local.toLowerCase()}@${u}`;
    out.push(m);
    // The mail domain is an indicator of its own (as a URL's host is), reported as a component.
    const d = segMatch(seg, 'domain', at + 1, b, dom, PRIO.domain);
    d.component = true;
    if (u !== undefined) d.unicode = u;
    out.push(d);
  }
};

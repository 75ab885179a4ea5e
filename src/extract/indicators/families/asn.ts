// Autonomous system numbers: AS13335, ASN13335, ASN:13335, ASN 13335, AS 13335 (upper case only, so
// the English word "as" never matches). Canonical form: AS<number>.
import { isAlnum, isDigit } from '../chars.js';
import { PRIO, absPos, segMatch, type Family, type Segment } from '../types.js';

const MAX_ASN = 4294967295;

function digitRun(s: string, i: number): number {
  let j = i;
  while (j < s.length && isDigit(s.charCodeAt(j)) && j - i < 11) j++;
  return j - i;
}
function validNumber(d: string): boolean {
  const n = Number(d);
  return n >= 1 && n <= MAX_ASN && d[0] !== '0';
}
/** The number ends the token: no letter, digit or `_` after it (`ASN1_item_new` is an identifier), no `.5` or `/`. */
function endsCleanly(s: string, j: number): boolean {
  const c = s.charCodeAt(j);
  return !(isAlnum(c) || c === 95 || (c === 46 && isDigit(s.charCodeAt(j + 1))) || c === 47);
}

/** "ASN 13335" written across two tokens: the number is read from the document after the segment. */
function spacedAsn(seg: Segment, at: number, prefixLen: number, out: Parameters<Family>[1]): void {
  const text = seg.text;
  const end = absPos(seg, seg.r.length);
  let j = end;
  if (text.charCodeAt(j) !== 32) return;
  j++;
  const n = digitRun(text, j);
  if (n < (prefixLen === 2 ? 3 : 1) || !endsCleanly(text, j + n) || !validNumber(text.slice(j, j + n))) return;
  out.push({ type: 'asn', value: `AS${text.slice(j, j + n)}`, start: absPos(seg, at), end: j + n, defanged: false, prio: PRIO.asn });
}

export const extractAsns: Family = (seg, out) => {
  const r = seg.r;
  for (let i = r.indexOf('AS'); i !== -1; i = r.indexOf('AS', i + 1)) {
    if (i > 0 && isAlnum(r.charCodeAt(i - 1))) continue;
    let j = i + 2;
    if (r.charCodeAt(j) === 78) j++;
    if (r.charCodeAt(j) === 58 && j > i + 2) j++;
    if (j === r.length) { spacedAsn(seg, i, j - i, out); return; }
    const n = digitRun(r, j);
    if (n === 0 || !endsCleanly(r, j + n) || !validNumber(r.slice(j, j + n))) continue;
    // `ASN1` glued is ASN.1, the notation of certificates and their libraries, not AS 1.
    if (j === i + 3 && n === 1 && r.charCodeAt(j) === 49) continue;
    out.push(segMatch(seg, 'asn', i, j + n, `AS${r.slice(j, j + n)}`, PRIO.asn));
  }
};

// CVE identifiers: CVE-YYYY-NNNN… (4 to 7 digits), any case and dash style, canonical upper case.
import { isAlnum, isDigit } from '../chars.js';
import { PRIO, segMatch, type Family } from '../types.js';
import { isWhole } from './bounds.js';

function isDash(c: number): boolean {
  return c === 45 || c === 0x2010 || c === 0x2011 || c === 0x2013;
}
function digitsAt(r: string, i: number, max: number): number {
  let j = i;
  while (j < r.length && j - i <= max && isDigit(r.charCodeAt(j))) j++;
  return j - i;
}

export const extractCves: Family = (seg, out) => {
  const r = seg.r;
  for (let i = 0; i + 13 <= r.length; i++) {
    if ((r.charCodeAt(i) | 32) !== 99 || (r.charCodeAt(i + 1) | 32) !== 118 || (r.charCodeAt(i + 2) | 32) !== 101) continue;
    if (!isDash(r.charCodeAt(i + 3)) || digitsAt(r, i + 4, 4) !== 4 || !isDash(r.charCodeAt(i + 8))) continue;
    const year = Number(r.slice(i + 4, i + 8));
    const n = digitsAt(r, i + 9, 7);
    if (year < 1999 || year > 2099 || n < 4 || n > 7) continue;
    const end = i + 9 + n;
    if (!isWhole(seg, i, end, isAlnum)) continue;
    out.push(segMatch(seg, 'cve', i, end, `CVE-${year}-${r.slice(i + 9, end)}`, PRIO.cve));
    i = end - 1;
  }
};

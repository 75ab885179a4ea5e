// ssdeep (CTPH) digests: `blocksize:hash1:hash2`, blocksize = 3·2^k, hashes in the base64 alphabet.
import { isAlnum, isDigit } from '../chars.js';
import { PRIO, segMatch, type Family } from '../types.js';
import { isWhole } from './bounds.js';

function isB64(c: number): boolean {
  return isAlnum(c) || c === 43 || c === 47;
}

function isBlockSize(n: number): boolean {
  if (n < 3 || n % 3 !== 0) return false;
  const k = n / 3;
  return (k & (k - 1)) === 0;
}

/** Length of an ssdeep digest starting at r[i], or 0. */
export function ssdeepAt(r: string, i: number): number {
  let j = i;
  while (j < r.length && isDigit(r.charCodeAt(j)) && j - i < 11) j++;
  if (j === i || r.charCodeAt(j) !== 58 || !isBlockSize(Number(r.slice(i, j)))) return 0;
  let k = ++j;
  while (k < r.length && isB64(r.charCodeAt(k))) k++;
  if (k - j < 3 || k - j > 64 || r.charCodeAt(k) !== 58) return 0;
  let m = ++k;
  while (m < r.length && isB64(r.charCodeAt(m))) m++;
  if (m - k < 1 || m - k > 64) return 0;
  return m - i;
}

export const extractSsdeep: Family = (seg, out) => {
  const r = seg.r;
  for (let i = r.indexOf(':'); i !== -1; i = r.indexOf(':', i + 1)) {
    let a = i;
    while (a > 0 && isDigit(r.charCodeAt(a - 1))) a--;
    if (a === i) continue;
    const len = ssdeepAt(r, a);
    if (len === 0 || !isWhole(seg, a, a + len, isB64)) continue;
    out.push(segMatch(seg, 'ssdeep', a, a + len, r.slice(a, a + len), PRIO.ssdeep));
    i = a + len - 1;
  }
};

// md5 / sha1 / sha256 / sha512: whole hex tokens of exactly the right length. A maximal word run is
// taken first, so a SHA-256 containing an MD5-length run stays one SHA-256 and a 70-digit hex string
// yields nothing.
import { isDigit, isHex, isWordChar } from '../chars.js';
import { PRIO, segMatch, type Family } from '../types.js';

const BY_LENGTH: Record<number, 'md5' | 'sha1' | 'sha256' | 'sha512'> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

/** The hash type of a whole token, or null. Requires both a digit and a letter (rules out 000…0 and ffff…f fillers). */
export function hashType(s: string): 'md5' | 'sha1' | 'sha256' | 'sha512' | null {
  const t = BY_LENGTH[s.length];
  if (t === undefined) return null;
  let digit = false, letter = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isHex(c)) return null;
    if (isDigit(c)) digit = true; else letter = true;
  }
  return digit && letter ? t : null;
}

/** hashType's test on r[a, b) in place: only accepted hashes are sliced. */
function isHashRun(r: string, a: number, b: number): boolean {
  let digit = false, letter = false;
  for (let i = a; i < b; i++) {
    const c = r.charCodeAt(i);
    if (!isHex(c)) return false;
    if (isDigit(c)) digit = true; else letter = true;
  }
  return digit && letter;
}

export const extractHashes: Family = (seg, out) => {
  const r = seg.r, n = r.length;
  for (let i = 0; i < n; ) {
    if (!isWordChar(r.charCodeAt(i))) { i++; continue; }
    let j = i + 1;
    while (j < n && isWordChar(r.charCodeAt(j))) j++;
    const len = j - i;
    // The run is maximal, so only a cut segment edge can make it a slice of a longer token (isWhole).
    if ((len === 32 || len === 40 || len === 64 || len === 128) && (i > 0 || !seg.cutLeft) && (j < n || !seg.cutRight) && isHashRun(r, i, j)) {
      const t = BY_LENGTH[len]!;
      out.push(segMatch(seg, t, i, j, r.slice(i, j).toLowerCase(), PRIO[t]));
    }
    i = j;
  }
};

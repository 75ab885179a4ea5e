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

export const extractHashes: Family = (seg, out) => {
  const r = seg.r, n = r.length;
  for (let i = 0; i < n; ) {
    let c = r.charCodeAt(i);
    if (!isWordChar(c)) { i++; continue; }
    // One pass per maximal word run: its length and, on the way, hashType's test (all hex, with both
    // a digit and a letter), so that only accepted hashes are sliced and no run is read twice.
    let j = i, hex = true, digit = false, letter = false;
    do {
      if (isDigit(c)) digit = true;
      else if (isHex(c)) letter = true;
      else hex = false;
      c = ++j < n ? r.charCodeAt(j) : -1;
    } while (j < n && isWordChar(c));
    const len = j - i;
    // The run is maximal, so only a cut segment edge can make it a slice of a longer token (isWhole).
    if (hex && digit && letter && (len === 32 || len === 40 || len === 64 || len === 128) && (i > 0 || !seg.cutLeft) && (j < n || !seg.cutRight)) {
      const t = BY_LENGTH[len]!;
      out.push(segMatch(seg, t, i, j, r.slice(i, j).toLowerCase(), PRIO[t]));
    }
    i = j;
  }
};

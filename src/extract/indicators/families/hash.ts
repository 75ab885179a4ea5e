// md5 / sha1 / sha256 / sha512: whole hex tokens of exactly the right length. A maximal word run is
// taken first, so a SHA-256 containing an MD5-length run stays one SHA-256 and a 70-digit hex string
// yields nothing.
import { isDigit, isHex, isWordChar } from '../chars.js';
import { PRIO, segMatch, type Family } from '../types.js';
import { forEachRun, isWhole } from './bounds.js';

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
  if (seg.r.length < 32) return;
  forEachRun(seg.r, isWordChar, (a, b) => {
    const t = BY_LENGTH[b - a];
    if (t === undefined || !isWhole(seg, a, b, isWordChar)) return;
    const s = seg.r.slice(a, b);
    if (hashType(s) === null) return;
    out.push(segMatch(seg, t, a, b, s.toLowerCase(), PRIO[t]));
  });
};

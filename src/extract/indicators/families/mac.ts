// MAC addresses: six hex pairs with one consistent ':' or '-' separator, or Cisco's xxxx.xxxx.xxxx.
// Canonical form: lower case, ':'-separated.
import { isAlnum, isHex } from '../chars.js';
import { PRIO, segMatch, type Family } from '../types.js';
import { isWhole } from './bounds.js';

function pairsAt(r: string, i: number, sep: number): boolean {
  for (let k = 0; k < 6; k++) {
    const p = i + k * 3;
    if (!isHex(r.charCodeAt(p)) || !isHex(r.charCodeAt(p + 1))) return false;
    if (k < 5 && r.charCodeAt(p + 2) !== sep) return false;
  }
  return true;
}
function ciscoAt(r: string, i: number): boolean {
  for (let k = 0; k < 14; k++) {
    const c = r.charCodeAt(i + k);
    if (k === 4 || k === 9 ? c !== 46 : !isHex(c)) return false;
  }
  return true;
}
const glued = (c: number): boolean => isAlnum(c) || c === 58 || c === 45;
const gluedDot = (c: number): boolean => isAlnum(c) || c === 46;

export const extractMacs: Family = (seg, out) => {
  const r = seg.r;
  for (let i = 0; i + 14 <= r.length; i++) {
    const sep = r.charCodeAt(i + 2);
    if ((sep === 58 || sep === 45) && i + 17 <= r.length && pairsAt(r, i, sep) && isWhole(seg, i, i + 17, glued)) {
      const v = r.slice(i, i + 17).toLowerCase().replaceAll('-', ':');
      out.push(segMatch(seg, 'mac', i, i + 17, v, PRIO.mac));
      i += 16;
    } else if (r.charCodeAt(i + 4) === 46 && ciscoAt(r, i) && isWhole(seg, i, i + 14, gluedDot)) {
      const h = r.slice(i, i + 14).replaceAll('.', '').toLowerCase();
      out.push(segMatch(seg, 'mac', i, i + 14, h.replace(/(..)(?!$)/g, '$1:'), PRIO.mac));
      i += 13;
    }
  }
};

// MITRE ATT&CK technique ids: T1xxx (Enterprise/Mobile) and T08xx (ICS), optional .NNN sub-technique.
import { isAlnum, isDigit } from '../chars.js';
import { PRIO, segMatch, type Family } from '../types.js';
import { isWhole } from './bounds.js';

function fourDigits(r: string, i: number): boolean {
  return isDigit(r.charCodeAt(i)) && isDigit(r.charCodeAt(i + 1)) && isDigit(r.charCodeAt(i + 2)) && isDigit(r.charCodeAt(i + 3));
}

export const extractAttackIds: Family = (seg, out) => {
  const r = seg.r;
  for (let i = r.indexOf('T'); i !== -1 && i + 5 <= r.length; i = r.indexOf('T', i + 1)) {
    if (!fourDigits(r, i + 1)) continue;
    const d1 = r.charCodeAt(i + 1), d2 = r.charCodeAt(i + 2);
    if (!(d1 === 49 || (d1 === 48 && d2 === 56))) continue;
    let end = i + 5;
    if (r.charCodeAt(end) === 46 && isDigit(r.charCodeAt(end + 1))) {
      let j = end + 1;
      while (j < r.length && isDigit(r.charCodeAt(j))) j++;
      if (j - end - 1 !== 3) continue;
      end = j;
    }
    if (!isWhole(seg, i, end, isAlnum)) continue;
    out.push(segMatch(seg, 'attack_technique', i, end, r.slice(i, end), PRIO.attack_technique));
  }
};

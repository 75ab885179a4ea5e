// Merging chunk records into the whole document's record. Chunks are merged in document order: an
// indicator already seen in an earlier chunk only gains later occurrences (each indicator's
// occurrences stay in emission order), a new one is numbered next. The merged table is then exactly
// the one a single scan of the whole text records, and the same build turns it into the output.
import type { MatchTable } from '../indicators/index.js';
import { IND_FIELDS, OCC_FIELDS, typeOfId, type EncodedTable } from './codec.js';

/**
 * Appends an encoded chunk record (lines counted from 1 at the chunk start) to `into`, whose record
 * ends where the chunk starts; `lineShift` is the number of newlines before the chunk.
 */
export function mergeTable(into: MatchTable, enc: EncodedTable, lineShift: number): void {
  const { strs, ind, occ } = enc;
  let p = 0, o = 0;
  for (let j = 0; j < ind.length; j += IND_FIELDS) {
    const value = strs.slice(p, p += ind[j + 1]!);
    const ulen = ind[j + 2]!;
    const unicode = ulen < 0 ? undefined : strs.slice(p, p += ulen);
    const g = into.intern(typeOfId(ind[j]!), value, unicode);
    if (ind[j + 3] === 1) into.defanged[g] = 1;
    for (let c = ind[j + 4]!; c > 0; c--, o += OCC_FIELDS) {
      const k = into.push(g, occ[o]!, occ[o + 1]!);
      into.occLine[k] = occ[o + 2]! + lineShift;
      into.occFold[k] = occ[o + 3]!;
    }
  }
}

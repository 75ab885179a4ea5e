// A compact wire form for a chunk's record (indicators/collect.ts MatchTable), worker → calling thread:
// one string (values and Unicode forms, concatenated) and two transferable Int32Arrays. No Indicator
// object is made in the worker or sent: the calling thread merges the records (merge.ts) and builds
// every output object once, at the end. (Structured clone of Indicator objects cost the calling
// thread, which also scans, about a third of its own scanning time per chunk received.)
import { INDICATOR_TYPES, type IndicatorType } from '../../model/constants.js';
import type { MatchTable } from '../indicators/index.js';

/** An encoded chunk record: `ind` and `occ` are transferable. */
export interface EncodedTable {
  /** Per indicator: its value, then its Unicode form if it has one. */
  strs: string;
  /** Per indicator, IND_FIELDS numbers: type id, value length, Unicode length (-1: none), defanged (0/1), occurrence count. */
  ind: Int32Array;
  /** Per occurrence, grouped by indicator in emission order, OCC_FIELDS numbers: start, end, line, fold mark. */
  occ: Int32Array;
}

/** Numbers per indicator and per occurrence in {@link EncodedTable}. */
export const IND_FIELDS = 5, OCC_FIELDS = 4;

const TYPE_ID = new Map<IndicatorType, number>(INDICATOR_TYPES.map((t, i) => [t, i]));

/** Encodes a chunk's record (lines and fold marks set) for postMessage. */
export function encodeTable(t: MatchTable): EncodedTable {
  const parts: string[] = [];
  const ind = new Int32Array(t.size * IND_FIELDS);
  const occ = new Int32Array(t.occurrences * OCC_FIELDS);
  let o = 0;
  for (let i = 0; i < t.size; i++) {
    const value = t.values[i]!, u = t.unicode.get(i), j = i * IND_FIELDS;
    parts.push(value);
    if (u !== undefined) parts.push(u);
    ind[j] = TYPE_ID.get(t.types[i]!)!;
    ind[j + 1] = value.length;
    ind[j + 2] = u === undefined ? -1 : u.length;
    ind[j + 3] = t.defanged[i]!;
    ind[j + 4] = t.occCount[i]!;
    for (let k = t.firstOcc[i]!; k !== -1; k = t.occNext[k]!, o += OCC_FIELDS) {
      occ[o] = t.occStart[k]!; occ[o + 1] = t.occEnd[k]!; occ[o + 2] = t.occLine[k]!; occ[o + 3] = t.occFold[k]!;
    }
  }
  return { strs: parts.join(''), ind, occ };
}

/** Type of the type id `id` of an {@link EncodedTable}. */
export function typeOfId(id: number): IndicatorType {
  return INDICATOR_TYPES[id]!;
}

// The scan-time record of extractIndicatorsRange: de-duplication by (type, value) into numbered
// indicators, and every occurrence as numbers in growable typed arrays. No output object is made
// while the document is scanned: the Indicator objects are built afterwards in one burst (index.ts).
// Why: objects kept alive during the scan sit on young-generation pages among the scanner's garbage,
// so every scavenge copied them (twice, until promoted); that copying was about a fifth of the time
// on IOC-dense text. Built in one burst, they fill whole pages that V8 promotes without copying.
import type { IndicatorType } from '../../model/indicator.js';
import type { Match } from './types.js';

function grown(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Matches de-duplicated into indicators (numbered in creation order) with their occurrences. */
export class MatchTable {
  /** Per indicator: type, canonical value, and the Unicode form given by the match that created it. */
  readonly types: IndicatorType[] = [];
  readonly values: string[] = [];
  readonly unicode = new Map<number, string>();
  /** Per indicator: 1 when any occurrence was written defanged. */
  defanged: Uint8Array = new Uint8Array(64);
  /** Per indicator: first and last occurrence (a list through occNext) and how many. */
  firstOcc: Int32Array = new Int32Array(64);
  lastOcc: Int32Array = new Int32Array(64);
  occCount: Int32Array = new Int32Array(64);
  /** Per occurrence, in emission order: document span, the next occurrence of the same indicator (-1: none). */
  occStart: Int32Array = new Int32Array(256);
  occEnd: Int32Array = new Int32Array(256);
  occNext: Int32Array = new Int32Array(256);
  /** Number of occurrences recorded. */
  occurrences = 0;
  /** One map per type: no key concatenation per occurrence. */
  private readonly byType = new Map<IndicatorType, Map<string, number>>();

  /** Number of indicators recorded. */
  get size(): number {
    return this.values.length;
  }

  /** Records one match: a new indicator, or one more occurrence of a known one. */
  add(m: Match): void {
    let byValue = this.byType.get(m.type);
    if (byValue === undefined) { byValue = new Map(); this.byType.set(m.type, byValue); }
    const k = this.occurrences++;
    if (k === this.occStart.length) {
      this.occStart = grown(this.occStart, k + 1);
      this.occEnd = grown(this.occEnd, k + 1);
      this.occNext = grown(this.occNext, k + 1);
    }
    this.occStart[k] = m.start;
    this.occEnd[k] = m.end;
    this.occNext[k] = -1;
    let i = byValue.get(m.value);
    if (i === undefined) {
      i = this.values.length;
      byValue.set(m.value, i);
      this.values.push(m.value);
      this.types.push(m.type);
      if (m.unicode !== undefined) this.unicode.set(i, m.unicode);
      if (i === this.firstOcc.length) this.growIndicators(i + 1);
      this.firstOcc[i] = k;
      this.occCount[i] = 0;
      this.defanged[i] = 0;
    } else {
      this.occNext[this.lastOcc[i]!] = k;
    }
    this.lastOcc[i] = k;
    this.occCount[i]!++;
    if (m.defanged) this.defanged[i] = 1;
  }

  private growIndicators(need: number): void {
    this.firstOcc = grown(this.firstOcc, need);
    this.lastOcc = grown(this.lastOcc, need);
    this.occCount = grown(this.occCount, need);
    const d = new Uint8Array(this.firstOcc.length);
    d.set(this.defanged);
    this.defanged = d;
  }
}

// A compact wire form for a chunk's indicators, worker → calling thread. Structured clone of the
// Indicator objects cost the calling thread (which is the critical path: it also scans) about a third
// of its own scanning time per chunk received; this form is one string (all text fields, concatenated)
// and one transferable Int32Array (lengths, offsets, lines, flags), decoded with slices and object
// literals in the same key order as extractIndicators builds them (so JSON output is byte-identical).
import type { Benign, Indicator, IndicatorType, Occurrence } from '../../model/indicator.js';

/** An encoded chunk: `nums` is transferable. */
export interface EncodedIndicators {
  strs: string;
  nums: Int32Array;
}

const F_DEFANGED = 1, F_UNICODE = 2, F_BENIGN = 4;

/** Encodes indicators (as extractIndicatorsRange returns them) for postMessage. */
export function encodeIndicators(list: readonly Indicator[]): EncodedIndicators {
  const parts: string[] = [];
  const nums: number[] = [list.length];
  const str = (s: string): void => { parts.push(s); nums.push(s.length); };
  for (const ind of list) {
    const flags = (ind.defanged ? F_DEFANGED : 0) | (ind.unicode !== undefined ? F_UNICODE : 0) | (ind.benign !== undefined ? F_BENIGN : 0);
    nums.push(flags, ind.occurrences.length, ind.tags.length);
    str(ind.type); str(ind.value); str(ind.raw); str(ind.context);
    for (const t of ind.tags) str(t);
    if (ind.unicode !== undefined) str(ind.unicode);
    if (ind.benign !== undefined) { str(ind.benign.list); str(ind.benign.reason); }
    for (const o of ind.occurrences) {
      nums.push(o.offset, o.line);
      // The occurrence's raw text is nearly always the value: flag it instead of sending it again.
      if (o.raw === ind.value) nums.push(-1);
      else str(o.raw);
    }
  }
  return { strs: parts.join(''), nums: new Int32Array(nums) };
}

/** Decodes {@link encodeIndicators}' output into Indicator objects equal to the encoded ones. */
export function decodeIndicators(enc: EncodedIndicators): Indicator[] {
  const { strs, nums } = enc;
  let p = 0, k = 0;
  const str = (): string => { const len = nums[k++]!; const s = strs.slice(p, p + len); p += len; return s; };
  const benigns = new Map<string, Benign>();
  const n = nums[k++]!;
  const out: Indicator[] = new Array<Indicator>(n);
  for (let i = 0; i < n; i++) {
    const flags = nums[k++]!, occCount = nums[k++]!, tagCount = nums[k++]!;
    const type = str() as IndicatorType, value = str(), raw = str(), context = str();
    const tags: string[] = [];
    for (let t = 0; t < tagCount; t++) tags.push(str());
    const unicode = flags & F_UNICODE ? str() : undefined;
    let benign: Benign | undefined;
    if (flags & F_BENIGN) {
      const list = str(), reason = str();
      benign = benigns.get(list);
      if (benign === undefined) { benign = { list, reason }; benigns.set(list, benign); }
    }
    const occurrences: Occurrence[] = new Array<Occurrence>(occCount);
    for (let o = 0; o < occCount; o++) {
      const offset = nums[k++]!, line = nums[k++]!;
      const oraw = nums[k] === -1 ? (k++, value) : str();
      occurrences[o] = { offset, line, raw: oraw };
    }
    const ind: Indicator = { type, value, raw, defanged: (flags & F_DEFANGED) !== 0, occurrences, context, tags };
    if (unicode !== undefined) ind.unicode = unicode;
    if (benign !== undefined) ind.benign = benign;
    out[i] = ind;
  }
  return out;
}

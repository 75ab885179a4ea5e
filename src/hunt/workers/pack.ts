import { HUNT_TYPES, type HuntType, type IntelIndicator } from '../types.js';

/**
 * Indicators as a few flat arrays for a worker's `init` message. Structured cloning 10k indicator
 * objects took ~15 ms (100k: ~170 ms), half of it on the sending thread before its own sweep starts;
 * columns of strings, with each source named once, clone in a tenth of that.
 */
export interface PackedIndicators {
  /** Index into HUNT_TYPES per indicator. */
  types: Uint8Array;
  values: string[];
  raws: string[];
  /** Index into `sources` / `titles` per indicator. */
  sourceOf: Uint32Array;
  sources: string[];
  titles: string[];
}

const TYPE_INDEX = new Map<string, number>(HUNT_TYPES.map((t, i) => [t, i]));

/** Packs indicators for a worker (see PackedIndicators). */
export function packIndicators(indicators: readonly IntelIndicator[]): PackedIndicators {
  const n = indicators.length;
  const p: PackedIndicators = { types: new Uint8Array(n), values: new Array<string>(n), raws: new Array<string>(n), sourceOf: new Uint32Array(n), sources: [], titles: [] };
  // A source and its title travel together: key them by both.
  const seen = new Map<string, Map<string, number>>();
  for (let i = 0; i < n; i++) {
    const ind = indicators[i] as IntelIndicator;
    p.types[i] = TYPE_INDEX.get(ind.type) as number;
    p.values[i] = ind.value;
    p.raws[i] = ind.raw;
    let byTitle = seen.get(ind.source);
    if (!byTitle) seen.set(ind.source, (byTitle = new Map()));
    let k = byTitle.get(ind.source_title);
    if (k === undefined) {
      k = p.sources.length;
      byTitle.set(ind.source_title, k);
      p.sources.push(ind.source);
      p.titles.push(ind.source_title);
    }
    p.sourceOf[i] = k;
  }
  return p;
}

/** The indicators again, equal to those packed. */
export function unpackIndicators(p: PackedIndicators): IntelIndicator[] {
  const out = new Array<IntelIndicator>(p.values.length);
  for (let i = 0; i < out.length; i++) {
    const k = p.sourceOf[i] as number;
    out[i] = { type: HUNT_TYPES[p.types[i] as number] as HuntType, value: p.values[i] as string, raw: p.raws[i] as string, source: p.sources[k] as string, source_title: p.titles[k] as string };
  }
  return out;
}

import { HUNT_TYPES, type HuntType, type IntelIndicator } from '../types.js';
import type { LoadedIntel } from './stix.js';

const HUNTABLE = new Set<string>(HUNT_TYPES);

/**
 * A threat report (anything `pillbox extract` reads: file, `-`, http(s) URL, PDF, HTML, Markdown):
 * its huntable indicators, extracted on the fly. Benign ones (tagged by the warninglists during
 * extraction) are counted and left out unless `includeBenign`.
 */
export async function loadReport(input: string, includeBenign: boolean): Promise<LoadedIntel & { benign: number }> {
  // Loaded on demand: the extract pipeline is the heaviest module and sweeps from feeds never need it.
  const { extract } = await import('../../extract/index.js');
  const r = await extract(input, { types: [...HUNT_TYPES] });
  const title = r.document.title ?? input;
  const indicators: IntelIndicator[] = [];
  let benign = 0;
  for (const i of r.indicators) {
    if (!HUNTABLE.has(i.type)) continue;
    if (i.benign && !includeBenign) {
      benign++;
      continue;
    }
    indicators.push({ type: i.type as HuntType, value: i.value, raw: i.raw, source: input, source_title: title });
  }
  const warnings = r.warnings.map((w) => ({ code: w.code, message: `${input}: ${w.message}`, ...(w.offset !== undefined ? { offset: w.offset } : {}) }));
  return { title, indicators, warnings, benign };
}

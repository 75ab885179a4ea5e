// Merging per-chunk indicator lists into the whole-document list. Each list is what
// extractIndicatorsRange returned for one chunk (creation order, lines relative to the chunk), chunks
// in document order. An indicator already seen in an earlier chunk only gains later occurrences; a new
// one keeps its place. The concatenation is then exactly the sequential creation order, and the same
// sort finishes it.
import type { Indicator, IndicatorType } from '../../model/indicator.js';
import type { Warninglists } from '../../knowledge/warninglists/index.js';
import { sortIndicators, tagBenign } from '../indicators/index.js';

/** One chunk's result: indicators in creation order, line numbers counted from 1 at the chunk start. */
export interface ChunkResult {
  indicators: Indicator[];
  /** Newlines inside the chunk (shifts the line numbers of the chunks after it). */
  newlines: number;
  /** Scanned without warninglists (by a worker): the merge tags (or drops) its benign indicators. */
  untagged?: boolean;
}

/** Warninglist tagging the merge applies to untagged chunks (as extractIndicators would have). */
export interface MergeBenign {
  warninglists: Warninglists | null;
  dropBenign: boolean;
}

/**
 * Merges chunk results (in document order) into the list extractIndicators returns for the whole
 * text: same de-duplication, occurrences and line numbers, first-seen raw/context, `defanged`, tags.
 * Untagged chunks are tagged with `benign` (the options extractIndicators ran with). Mutates the chunks' indicators.
 */
export function mergeChunkResults(chunks: readonly ChunkResult[], benign: MergeBenign = { warninglists: null, dropBenign: false }): Indicator[] {
  const wl = benign.warninglists;
  const byType = new Map<IndicatorType, Map<string, Indicator>>();
  const out: Indicator[] = [];
  let shift = 0;
  for (const chunk of chunks) {
    for (const ind of chunk.indicators) {
      if (shift !== 0) for (const o of ind.occurrences) o.line += shift;
      let byValue = byType.get(ind.type);
      if (byValue === undefined) { byValue = new Map(); byType.set(ind.type, byValue); }
      const seen = byValue.get(ind.value);
      if (seen === undefined) {
        // New here, so first seen in this chunk: a worker's indicator gets its benign tags now.
        if (chunk.untagged === true && wl !== null && !tagBenign(ind, wl, benign.dropBenign)) continue;
        byValue.set(ind.value, ind);
        out.push(ind);
        continue;
      }
      // Later chunk: every occurrence comes after the ones already kept, so order is preserved.
      for (const o of ind.occurrences) seen.occurrences.push(o);
      // Tags are [benign…, 'defanged']; benign depends on the value only, so `seen` already has it.
      if (ind.defanged && !seen.defanged) { seen.defanged = true; seen.tags.push('defanged'); }
    }
    shift += chunk.newlines;
  }
  return sortIndicators(out);
}

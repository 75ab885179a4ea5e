import { checkBenignMany, loadWarninglists } from '../../knowledge/warninglists/index.js';
import { sourceBytes } from '../../knowledge/warninglists/bytes.js';
import type { IntelIndicator } from '../types.js';

/**
 * Reads the bundled warninglists' files now (a worker does it while it waits for the intel), so that
 * the check itself only walks bytes already in memory.
 */
export function warmBenign(): void {
  for (const src of loadWarninglists().sources) if (src.file !== undefined) sourceBytes(src);
}

/**
 * The ids among `ids` whose indicator a warninglist marks benign, in order. One streaming pass over
 * the lists for all of them (checkBenignMany): a feed of thousands of values costs a few ms, where
 * compiling the lists' lookup structures first cost ~0.1–0.35 s in a freshly started worker.
 */
export function benignIds(indicators: readonly IntelIndicator[], ids: readonly number[]): number[] {
  const checked = ids.filter((id) => {
    const t = indicators[id]?.type;
    return t !== undefined && t !== 'filename' && t !== 'filepath';
  });
  const verdicts = checkBenignMany(checked.map((id) => indicators[id]!), loadWarninglists());
  return checked.filter((_, j) => verdicts[j] !== undefined);
}

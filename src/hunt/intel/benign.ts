import { checkBenign, loadWarninglists } from '../../knowledge/warninglists/index.js';
import { sourceBytes } from '../../knowledge/warninglists/bytes.js';
import type { IntelIndicator } from '../types.js';

/**
 * Reads the bundled warninglists' files now (a worker does it while it waits for the intel): the
 * prebuilt host and domain tables point into them.
 */
export function warmBenign(): void {
  for (const src of loadWarninglists().sources) if (src.kind !== 'cidr' && src.file !== undefined) sourceBytes(src);
}

/** The ids among `ids` whose indicator a warninglist marks benign, in order (prebuilt tables: a few ms for thousands). */
export function benignIds(indicators: readonly IntelIndicator[], ids: readonly number[]): number[] {
  const wl = loadWarninglists();
  return ids.filter((id) => {
    const ind = indicators[id];
    return ind !== undefined && ind.type !== 'filename' && ind.type !== 'filepath' && checkBenign(ind.type, ind.value, wl) !== undefined;
  });
}

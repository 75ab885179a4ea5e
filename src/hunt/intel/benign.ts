import { checkBenign, loadWarninglists } from '../../knowledge/warninglists/index.js';
import type { HuntType, IntelIndicator } from '../types.js';

/** True when a bundled warninglist marks the indicator benign (documentation ranges, top sites…). */
export function isBenign(type: HuntType, value: string): boolean {
  if (type === 'filename' || type === 'filepath') return false;
  return checkBenign(type, value, loadWarninglists()) !== undefined;
}

/** Builds the bundled warninglists now (a worker does it while it waits for the intel). */
export function warmBenign(): void {
  loadWarninglists();
}

/** The ids among `ids` whose indicator a warninglist marks benign, in order. */
export function benignIds(indicators: readonly IntelIndicator[], ids: readonly number[]): number[] {
  return ids.filter((id) => {
    const ind = indicators[id];
    return ind !== undefined && isBenign(ind.type, ind.value);
  });
}

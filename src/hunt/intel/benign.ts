import { checkBenign, loadWarninglists } from '../../knowledge/warninglists/index.js';
import type { HuntType, IntelIndicator } from '../types.js';

/** True when a bundled warninglist marks the indicator benign (documentation ranges, top sites…). */
export function isBenign(type: HuntType, value: string): boolean {
  if (type === 'filename' || type === 'filepath') return false;
  return checkBenign(type, value, loadWarninglists()) !== undefined;
}

/**
 * Compiles the bundled warninglists now (each kind is compiled on its first check): a worker does it
 * while it waits for the intel. The sample values are documentation ones, benign or not, it matters not.
 */
export function warmBenign(): void {
  for (const [type, value] of WARM) isBenign(type, value);
}

const WARM: [HuntType, string][] = [['ipv4', '192.0.2.1'], ['ipv6', '2001:db8::1'], ['domain', 'www.example.com'], ['md5', 'd41d8cd98f00b204e9800998ecf8427e']];

/** The ids among `ids` whose indicator a warninglist marks benign, in order. */
export function benignIds(indicators: readonly IntelIndicator[], ids: readonly number[]): number[] {
  return ids.filter((id) => {
    const ind = indicators[id];
    return ind !== undefined && isBenign(ind.type, ind.value);
  });
}

import { checkBenign, loadWarninglists } from '../../knowledge/warninglists/index.js';
import type { HuntType } from '../types.js';

/** True when a bundled warninglist marks the indicator benign (documentation ranges, top sites…). */
export function isBenign(type: HuntType, value: string): boolean {
  if (type === 'filename' || type === 'filepath') return false;
  return checkBenign(type, value, loadWarninglists()) !== undefined;
}

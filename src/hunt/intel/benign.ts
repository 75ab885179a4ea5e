import { checkBenign, loadWarninglists } from '../../knowledge/warninglists/index.js';
import { sourceBytes } from '../../knowledge/warninglists/bytes.js';
import type { IntelIndicator } from '../types.js';

/**
 * Reads the bundled warninglists' files now (a worker does it while it waits for the intel): the
 * prebuilt host and domain tables point into them.
 */
export function warmBenign(): void {
  const wl = loadWarninglists();
  for (const src of wl.sources) if (src.kind !== 'cidr' && src.file !== undefined) sourceBytes(src);
  // The lookup tables are built on first use (the IPv6 ranges alone take ~25 ms): one check per kind
  // of table builds them now, while the worker would otherwise wait for the intel. Documentation
  // values (RFC 5737, RFC 3849, a made-up host): the answers are not used.
  for (const [type, value] of WARM) checkBenign(type, value, wl);
}

const WARM: readonly [IntelIndicator['type'], string][] = [['ipv4', '192.0.2.1'], ['ipv6', '2001:db8::1'], ['domain', 'warm.example.invalid'], ['md5', '0'.repeat(32)]];

/** The ids among `ids` whose indicator a warninglist marks benign, in order (prebuilt tables: a few ms for thousands). */
export function benignIds(indicators: readonly IntelIndicator[], ids: readonly number[]): number[] {
  const wl = loadWarninglists();
  return ids.filter((id) => {
    const ind = indicators[id];
    return ind !== undefined && ind.type !== 'filename' && ind.type !== 'filepath' && ind.type !== 'registry' && checkBenign(ind.type, ind.value, wl) !== undefined;
  });
}

// Overlap resolution inside one segment: higher priority wins (a URL over the domain inside it, a
// SHA-256 over nothing shorter, a path over the file name in it). Components are kept as they are
// parts their parent reported on purpose; hashes, CVE and ATT&CK ids may nest inside URLs and paths
// (VirusTotal and NVD links). Uses an occupancy array, so cost is linear in the matched characters.
import type { IndicatorType } from '../../model/indicator.js';
import type { Match } from './types.js';

const CONTAINERS: ReadonlySet<IndicatorType> = new Set(['url', 'filepath']);
const NESTABLE: ReadonlySet<IndicatorType> = new Set(['md5', 'sha1', 'sha256', 'sha512', 'cve', 'attack_technique']);

function byPriority(a: Match, b: Match): number {
  return b.prio - a.prio || (b.end - b.start) - (a.end - a.start) || a.start - b.start;
}

/** Returns the matches that survive, in no particular order. */
export function resolveOverlaps(matches: Match[]): Match[] {
  if (matches.length < 2) return matches;
  // One match that can be blocked (a URL with its host component): the loop below would keep them
  // all, in priority order; sorting is enough, without the occupancy array.
  let blockable = 0;
  for (const m of matches) if (m.component !== true) blockable++;
  if (blockable <= 1) return matches.sort(byPriority);
  let lo = Infinity, hi = 0;
  for (const m of matches) { if (m.start < lo) lo = m.start; if (m.end > hi) hi = m.end; }
  const occ = new Uint8Array(hi - lo);
  const kept: Match[] = [];
  for (const m of matches.sort(byPriority)) {
    if (m.component === true) { kept.push(m); continue; }
    let blocked = false, inContainer = false;
    for (let i = m.start - lo; i < m.end - lo; i++) {
      const o = occ[i]!;
      if (o === 2) { blocked = true; break; }
      if (o === 1) inContainer = true;
    }
    if (blocked || (inContainer && !NESTABLE.has(m.type))) continue;
    kept.push(m);
    if (inContainer) continue;
    occ.fill(CONTAINERS.has(m.type) ? 1 : 2, m.start - lo, m.end - lo);
  }
  return kept;
}

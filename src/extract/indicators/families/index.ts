// The family scanners, in one visible list (no side-effect registration). Each reads a refanged
// segment and appends candidate matches; `when` is a cheap test on the segment's character counts
// (shape.ts) that must hold for the family to possibly match. Overlaps are resolved afterwards by
// priority (types.ts PRIO).
import type { Shape } from '../shape.js';
import type { Match, Segment } from '../types.js';
import { extractAsns } from './asn.js';
import { extractAttackIds } from './attack.js';
import { extractCoins } from './coins.js';
import { extractCves } from './cve.js';
import { extractDomainsAndFiles } from './domain.js';
import { extractEmails } from './email.js';
import { extractHashes } from './hash.js';
import { extractIpv4, extractIpv6 } from './ip.js';
import { extractMacs } from './mac.js';
import { extractSsdeep } from './ssdeep.js';
import { extractUrls } from './url.js';

/**
 * Runs every family whose shape test holds on `seg`, in this fixed order (the order matches are
 * appended in). Written out as direct calls rather than a loop over a table of closures: the table's
 * `when`/`scan` call sites were megamorphic (12 targets), so V8 could inline none of them, and these
 * tests run once per candidate token.
 */
export function scanFamilies(seg: Segment, s: Shape, out: Match[]): void {
  if (s.colons > 0 && s.slashes >= 2) extractUrls(seg, out);
  if (s.ats > 0 && s.dots > 0) extractEmails(seg, out);
  if (s.digits >= 4 && s.dots >= 3) extractIpv4(seg, out);
  if (s.colons >= 2 && s.digits > 0) extractIpv6(seg, out);
  if (s.len >= 14 && (s.colons >= 5 || s.dashes >= 5 || (s.dots >= 2 && s.otherLetters === 0))) extractMacs(seg, out);
  if (s.colons >= 2 && s.digits > 0 && s.len >= 7) extractSsdeep(seg, out);
  if (s.len >= 32 && s.digits + s.hexLetters >= 32) extractHashes(seg, out);
  // Base58/Bech32 addresses and 0x… always hold a letter outside a–f: pure hex tokens (hashes) skip this.
  if (s.len >= 26 && s.otherLetters > 0 && s.digits + s.hexLetters + s.otherLetters >= 26) extractCoins(seg, out);
  if (s.len >= 13 && s.digits >= 8 && s.dashes >= 2) extractCves(seg, out);
  if (s.tDigit) extractAttackIds(seg, out);
  if (s.as) extractAsns(seg, out);
  if (s.dots > 0 && s.otherLetters + s.hexLetters + s.nonAscii > 0) extractDomainsAndFiles(seg, out);
}

export { extractPaths } from './path.js';

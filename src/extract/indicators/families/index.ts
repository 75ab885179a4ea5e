// The family scanners, in one visible list (no side-effect registration). Each reads a refanged
// segment and appends candidate matches; `when` is a cheap test on the segment's character counts
// (shape.ts) that must hold for the family to possibly match. Overlaps are resolved afterwards by
// priority (types.ts PRIO).
import type { Shape } from '../shape.js';
import type { Family } from '../types.js';
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

export interface FamilyEntry {
  scan: Family;
  when: (s: Shape) => boolean;
}

export const FAMILIES: readonly FamilyEntry[] = [
  { scan: extractUrls, when: (s) => s.colons > 0 && s.slashes >= 2 },
  { scan: extractEmails, when: (s) => s.ats > 0 && s.dots > 0 },
  { scan: extractIpv4, when: (s) => s.digits >= 4 && s.dots >= 3 },
  { scan: extractIpv6, when: (s) => s.colons >= 2 && s.digits > 0 },
  { scan: extractMacs, when: (s) => s.len >= 14 && (s.colons >= 5 || s.dashes >= 5 || (s.dots >= 2 && s.otherLetters === 0)) },
  { scan: extractSsdeep, when: (s) => s.colons >= 2 && s.digits > 0 && s.len >= 7 },
  { scan: extractHashes, when: (s) => s.len >= 32 && s.digits + s.hexLetters >= 32 },
  // Base58/Bech32 addresses and 0x… always hold a letter outside a–f: pure hex tokens (hashes) skip this.
  { scan: extractCoins, when: (s) => s.len >= 26 && s.otherLetters > 0 && s.digits + s.hexLetters + s.otherLetters >= 26 },
  { scan: extractCves, when: (s) => s.len >= 13 && s.digits >= 8 && s.dashes >= 2 },
  { scan: extractAttackIds, when: (s) => s.tDigit },
  { scan: extractAsns, when: (s) => s.as },
  { scan: extractDomainsAndFiles, when: (s) => s.dots > 0 && s.otherLetters + s.hexLetters + s.nonAscii > 0 },
];

export { extractPaths } from './path.js';

// The family scanners, in one visible list (no side-effect registration). Each reads a refanged
// segment and appends candidate matches; overlaps are resolved afterwards by priority (types.ts PRIO).
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

export const FAMILIES: readonly Family[] = [
  extractUrls, extractEmails, extractIpv4, extractIpv6, extractMacs, extractSsdeep, extractHashes, extractCoins,
  extractCves, extractAttackIds, extractAsns, extractDomainsAndFiles,
];

export { extractPaths } from './path.js';

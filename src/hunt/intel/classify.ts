import { classifyIndicator } from '../../extract/indicators/normalize.js';
import { HUNT_TYPES, type HuntType } from '../types.js';
import { canonicalize } from './canonical.js';

/** Classifies one token as written in a list (defanged forms accepted) into a huntable indicator. */
export type Classify = (raw: string) => { type: HuntType; value: string } | null;

const HUNTABLE = new Set<string>(HUNT_TYPES);
const HASH_BY_LEN: Record<number, HuntType> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

/**
 * The extract engine's single-token classifier (its rules, not a copy), narrowed to the types hunt
 * sweeps, with a CIDR fallback (a list may hold networks) and file paths.
 */
export const classifyToken: Classify = (raw) => {
  const t = raw.trim();
  if (t === '') return null;
  // Fast path: a bare hex token of a hash length needs no rules beyond its form (feeds are mostly hashes).
  const hashType = /^[0-9a-fA-F]+$/.test(t) ? HASH_BY_LEN[t.length] : undefined;
  if (hashType) return { type: hashType, value: t.toLowerCase() };
  const c = classifyIndicator(t);
  if (c && HUNTABLE.has(c.type)) return { type: c.type as HuntType, value: c.value };
  if (/^[\d.:a-fA-F[\]]+\/\d{1,3}$/.test(t)) return canonicalize('ip', t);
  if (/^([a-zA-Z]:[\\/]|\/|\\\\)[^\s]*$/.test(t) && !t.includes('://')) return canonicalize('filepath', t);
  return null;
};

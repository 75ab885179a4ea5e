import { STIX_NAMESPACE, stixId, typedId, uuidv5 } from '../../util/uuidv5.js';

/**
 * Namespace for Pillbox's deterministic SDO/SRO ids. SCOs use the STIX namespace with the spec's
 * id-contributing properties (§2.9); SDOs have no such rule, so Pillbox derives a namespace of its own,
 * keeping its SDO ids apart from any SCO id built from the same string.
 */
export const PILLBOX_SDO_NAMESPACE = uuidv5('pillbox:stix21:sdo', STIX_NAMESPACE);

/** Deterministic SDO/SRO id: same type and key (e.g. a canonical name, lower-cased), same id. */
export function sdoId(type: string, key: string): string {
  return typedId(type, uuidv5(`${type}|${key}`, PILLBOX_SDO_NAMESPACE));
}

/**
 * JSON Canonicalization (RFC 8785) of the small objects STIX §2.9 hashes: keys sorted, no whitespace.
 * JCS string escaping is exactly ECMAScript JSON.stringify, so only the key order needs handling.
 * Hand-written because the inputs are flat strings/numbers/nested plain objects; no library needed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SCO id per STIX 2.1 §2.9: UUIDv5 (STIX namespace) of the canonical JSON of the id-contributing properties. */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  return stixId(type, canonicalJson(contributing));
}

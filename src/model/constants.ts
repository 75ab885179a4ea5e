// The model's runtime constants, in a module without zod: the extract path needs these values but not
// the schemas, and evaluating zod costs ~85 ms (more on a busy machine) at every start. The schema
// modules re-export them, so `pillbox`'s public names are unchanged.

/** The indicator `type` names are part of the public contract (issue #2). */
export const INDICATOR_TYPES = [
  'md5', 'sha1', 'sha256', 'sha512', 'ssdeep',
  'ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email',
  'cve', 'attack_technique', 'btc', 'eth', 'xmr', 'asn', 'mac',
  'filename', 'filepath', 'registry',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** `schema_version` of the extract output (schemas/extract-result.schema.json). */
export const EXTRACT_SCHEMA_VERSION = '1.0';

/** `schema_version` of a triage record (schemas/triage-result.schema.json). */
export const TRIAGE_SCHEMA_VERSION = '1.0';

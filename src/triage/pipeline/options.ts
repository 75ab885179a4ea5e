/** Options and limits of one file's triage; every limit hit becomes a warning in the result. */
import type { CapabilityRuleSet } from '../../rules/index.js';
import type { YaraScanner } from '../yara/index.js';

import type { MailFacts } from '../formats/document/eml.js';

export interface TriageOptions {
  /** Files larger than this are hashed by streaming only, with a `limit-size` warning (default 256 MiB). */
  maxSize?: number;
  /** Files larger than this are not hashed at all (hashes empty), with a `limit-hash-size` warning (default 2 GiB). */
  maxHashSize?: number;
  /** Archive recursion depth (default 3). */
  maxDepth?: number;
  /** Most archive entries listed per archive (default 10,000). */
  maxEntries?: number;
  /** Most decompressed bytes per archive tree (default 256 MiB): zip bombs stop here. */
  maxDecompressed?: number;
  /** Most embedded files carved (default 32). */
  maxEmbedded?: number;
  /** Most indicators listed from a file's strings (default 10,000; the first by offset; 0 for all), with a `limit-iocs` warning past it. */
  maxIocs?: number;
  /** Capability rules (the bundled set by default in triageFile; none in triageBytes unless given). */
  capabilities?: CapabilityRuleSet | null;
  /** Compiled YARA rules (bundled by default in triageFile; none in triageBytes unless given). */
  yara?: YaraScanner | null;
  /** Reference time (ms since epoch) for timestamp anomalies; pure code takes no clock. */
  now?: number;
  /** Skip strings and their indicators (faster). */
  strings?: boolean;
  /**
   * The parsed e-mail message these bytes are (triageFile parses .eml files before the synchronous
   * pipeline, see formats/document/eml.ts): the record becomes format `email` with its attachments
   * as members.
   */
  mail?: MailFacts | undefined;
}

export const TRIAGE_DEFAULTS = {
  maxSize: 256 * 1024 * 1024,
  maxHashSize: 2 * 1024 ** 3,
  maxDepth: 3,
  maxEntries: 10_000,
  maxDecompressed: 256 * 1024 * 1024,
  maxEmbedded: 32,
  // A real sample's strings name tens or hundreds of indicators; a file of a million URLs (a hostile
  // look-alike, a bundled blocklist) would otherwise make a record of hundreds of MB.
  maxIocs: 10_000,
} as const;

export function withDefaults(opts: TriageOptions): { -readonly [K in keyof typeof TRIAGE_DEFAULTS]: number } & TriageOptions {
  const o: Record<string, unknown> = { ...TRIAGE_DEFAULTS };
  for (const [k, v] of Object.entries(opts)) if (v !== undefined) o[k] = v;
  return o as unknown as { -readonly [K in keyof typeof TRIAGE_DEFAULTS]: number } & TriageOptions;
}

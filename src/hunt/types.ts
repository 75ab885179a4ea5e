import type { Diagnostic } from '../model/diagnostic.js';

/** Indicator types `hunt` can sweep for (a subset of the model's IndicatorType). */
export const HUNT_TYPES = [
  'md5', 'sha1', 'sha256', 'sha512', 'ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'filename', 'filepath',
  'registry',
] as const;
export type HuntType = (typeof HUNT_TYPES)[number];

/** One indicator to hunt for, with the intelligence source it came from. */
export interface IntelIndicator {
  type: HuntType;
  /** Canonical value (lower-case hashes and hosts, refanged). */
  value: string;
  /** As written in the source. */
  raw: string;
  /** Path (or URL, or `-`) of the intelligence source. */
  source: string;
  /** Title of the source (report title, STIX report name, MISP event info), or its file name. */
  source_title: string;
}

/** Compiled YARA rules from one file (kept apart so rule names may repeat across files). */
export interface YaraSource {
  path: string;
  /** Rule text, compiled in each worker. */
  text: string;
  source_title: string;
  /** False for rules carried inside a feed (STIX, MISP): `include` is refused (a shared rule must not read local files). */
  includes?: false;
}

/** Everything loaded from the `--intel` sources. */
export interface IntelSet {
  indicators: IntelIndicator[];
  yara: YaraSource[];
  /** Indicators dropped because a warninglist marks them benign. */
  benignSkipped: number;
  warnings: Diagnostic[];
}

/** How a hit matched. */
export const MATCH_KINDS = [
  'exact', 'subdomain', 'cidr', 'url', 'url-host', 'hash', 'filename', 'filepath', 'yara',
  'registry', 'subkey',
] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

/** One place an indicator was found. Field order here is the `--jsonl`/`--csv` column order. */
export interface HuntHit {
  /** The indicator's canonical value (the rule name for YARA). */
  indicator: string;
  type: HuntType | 'yara';
  file: string;
  /** 1-based line for log hits; null for whole-file hits (hash, name, YARA). */
  line: number | null;
  /** Column, JSON key path or access-log field name, when the format has fields. */
  field: string | null;
  /** Byte offset of the match in the (decompressed) file, when there is one. */
  offset: number | null;
  /** The text around the match (the log line, shortened), or the file path. */
  context: string;
  source: string;
  source_title: string;
  match: MatchKind;
}

/**
 * Hits of one indicator in one file past the per-file limit (`maxHits`): counted, not listed. The
 * summary's counts include them; a warning names the file.
 */
export interface UnlistedHits {
  indicator: string;
  type: HuntType;
  source: string;
  count: number;
  /** How the unlisted hits matched. */
  matches: MatchKind[];
}

/** Per-target bookkeeping merged into the summary. */
export interface TargetStats {
  files: number;
  bytes: number;
  lines: number;
  skipped: number;
}

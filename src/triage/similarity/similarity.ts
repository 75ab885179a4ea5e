/**
 * Similarity of triage records by their hashes: TLSH distance, ssdeep score, equal imphash and
 * equal Rich header hash. Works on plain `{ id | path, hashes }` records so the knowledge base can
 * rank stored samples the same way.
 */
import { ssdeepCompare } from '../hash/ssdeep-compare.js';
import { tlshDiff } from '../hash/tlsh-diff.js';

/** The hashes a comparison reads; missing or null ones are simply not compared. */
export interface ComparableHashes {
  sha256?: string | null;
  ssdeep?: string | null;
  tlsh?: string | null;
  imphash?: string | null;
  rich?: string | null;
}

/** A record to compare: identified by `id`, else by `path`. */
export interface HashedRecord {
  id?: string;
  path?: string;
  hashes: ComparableHashes;
}

/** Each field is null when either side lacks that hash (or it is not comparable). */
export interface HashComparison {
  /** TLSH distance, lower is closer (0 identical; about 100 or less usually related). */
  tlsh_distance: number | null;
  /** ssdeep score 0–100, higher is closer. */
  ssdeep_score: number | null;
  imphash_equal: boolean | null;
  rich_equal: boolean | null;
}

export interface Relative extends HashComparison {
  id: string;
  /** Same SHA-256: the same bytes. */
  identical: boolean;
}

export interface RelativesOptions {
  /** A TLSH distance at or below this makes a relative (default 100). */
  tlshThreshold?: number;
  /** An ssdeep score at or above this makes a relative (default 1). */
  ssdeepMin?: number;
  /** Equal imphash / Rich hash alone makes a relative (default true). */
  useImphash?: boolean;
  useRich?: boolean;
  /** Most relatives returned (default 10). */
  limit?: number;
}

const DEFAULTS = { tlshThreshold: 100, ssdeepMin: 1, useImphash: true, useRich: true, limit: 10 } satisfies Required<RelativesOptions>;

const present = (s: string | null | undefined): s is string => typeof s === 'string' && s !== '';

function equalHash(a: string | null | undefined, b: string | null | undefined): boolean | null {
  return present(a) && present(b) ? a.toLowerCase() === b.toLowerCase() : null;
}

/**
 * Compares the hashes of two records.
 * @example
 * compareHashes(a.hashes, b.hashes); // { tlsh_distance: 42, ssdeep_score: 63, imphash_equal: true, rich_equal: null }
 */
export function compareHashes(a: ComparableHashes, b: ComparableHashes): HashComparison {
  let ssdeep: number | null = null;
  if (present(a.ssdeep) && present(b.ssdeep)) {
    const s = ssdeepCompare(a.ssdeep, b.ssdeep);
    ssdeep = s < 0 ? null : s;
  }
  return {
    tlsh_distance: present(a.tlsh) && present(b.tlsh) ? tlshDiff(a.tlsh, b.tlsh) : null,
    ssdeep_score: ssdeep,
    imphash_equal: equalHash(a.imphash, b.imphash),
    rich_equal: equalHash(a.rich, b.rich),
  };
}

const recordId = (r: HashedRecord): string => r.id ?? r.path ?? '';

/**
 * The candidates closest to `record`, best first: identical bytes, then by TLSH distance
 * (ascending, missing last), ssdeep score (descending), equal imphash, equal Rich hash, id.
 * A candidate qualifies through any one signal; the record itself (same id) is skipped.
 * @example
 * closestRelatives(rec, earlier, { tlshThreshold: 80 }); // [{ id: 'b.exe', tlsh_distance: 31, ... }]
 */
export function closestRelatives(record: HashedRecord, candidates: Iterable<HashedRecord>, opts: RelativesOptions = {}): Relative[] {
  const o = { ...DEFAULTS, ...opts };
  const self = recordId(record);
  const out: Relative[] = [];
  for (const c of candidates) {
    const id = recordId(c);
    if (id === self) continue;
    const cmp = compareHashes(record.hashes, c.hashes);
    const identical = equalHash(record.hashes.sha256, c.hashes.sha256) === true;
    const related =
      identical ||
      (cmp.tlsh_distance !== null && cmp.tlsh_distance <= o.tlshThreshold) ||
      (cmp.ssdeep_score !== null && cmp.ssdeep_score >= o.ssdeepMin) ||
      (o.useImphash && cmp.imphash_equal === true) ||
      (o.useRich && cmp.rich_equal === true);
    if (related) out.push({ id, identical, ...cmp });
  }
  return out.sort(byCloseness).slice(0, o.limit);
}

function byCloseness(a: Relative, b: Relative): number {
  const flag = (x: boolean | null): number => (x === true ? 0 : 1);
  return (
    flag(a.identical) - flag(b.identical) ||
    (a.tlsh_distance ?? Infinity) - (b.tlsh_distance ?? Infinity) ||
    (b.ssdeep_score ?? -1) - (a.ssdeep_score ?? -1) ||
    flag(a.imphash_equal) - flag(b.imphash_equal) ||
    flag(a.rich_equal) - flag(b.rich_equal) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

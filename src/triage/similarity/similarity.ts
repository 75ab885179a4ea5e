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

/**
 * The comparison of two records, shaped like the triage model's `RelativeSchema`: a hash missing
 * on either side compares as "no match" (score 0, not equal); only TLSH says null, since a
 * distance of 0 would claim identity.
 */
export interface HashComparison {
  /** TLSH distance, lower is closer (0 identical; about 100 or less usually related). */
  tlsh_distance: number | null;
  /** ssdeep score 0–100, higher is closer; 0 when not comparable. */
  ssdeep_score: number;
  imphash_equal: boolean;
  rich_equal: boolean;
}

export interface Relative extends HashComparison {
  /** The candidate's `id`, else its `path`. */
  id: string;
  /** The candidate's `path`, else its `id`. */
  path: string;
  /** The candidate's SHA-256 ('' when unknown). */
  sha256: string;
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

function equalHash(a: string | null | undefined, b: string | null | undefined): boolean {
  return present(a) && present(b) && a.toLowerCase() === b.toLowerCase();
}

/**
 * Compares the hashes of two records.
 * @example
 * compareHashes(a.hashes, b.hashes); // { tlsh_distance: 42, ssdeep_score: 63, imphash_equal: true, rich_equal: false }
 */
export function compareHashes(a: ComparableHashes, b: ComparableHashes): HashComparison {
  const ssdeep = present(a.ssdeep) && present(b.ssdeep) ? Math.max(0, ssdeepCompare(a.ssdeep, b.ssdeep)) : 0;
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
    const identical = equalHash(record.hashes.sha256, c.hashes.sha256);
    const related =
      identical ||
      (cmp.tlsh_distance !== null && cmp.tlsh_distance <= o.tlshThreshold) ||
      cmp.ssdeep_score >= o.ssdeepMin ||
      (o.useImphash && cmp.imphash_equal) ||
      (o.useRich && cmp.rich_equal);
    if (related) out.push({ id, path: c.path ?? id, sha256: c.hashes.sha256 ?? '', identical, ...cmp });
  }
  return out.sort(byCloseness).slice(0, o.limit);
}

/** The order of closestRelatives (closest first; ties by id): exported for callers that keep a bounded best list. */
export function byCloseness(a: Relative, b: Relative): number {
  const flag = (x: boolean): number => (x ? 0 : 1);
  return (
    flag(a.identical) - flag(b.identical) ||
    (a.tlsh_distance ?? Infinity) - (b.tlsh_distance ?? Infinity) ||
    b.ssdeep_score - a.ssdeep_score ||
    flag(a.imphash_equal) - flag(b.imphash_equal) ||
    flag(a.rich_equal) - flag(b.rich_equal) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

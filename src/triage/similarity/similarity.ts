/**
 * Similarity of triage records by their hashes: TLSH distance, ssdeep score, equal imphash and
 * equal Rich header hash. Works on plain `{ id | path, hashes }` records so the knowledge base can
 * rank stored samples the same way.
 */
import { ssdeepCompare } from '../hash/ssdeep-compare.js';
import { tlshDiff, tlshParts, tlshPartsDiff, type TlshParts } from '../hash/tlsh-diff.js';

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

/** A record with its digests parsed and its hashes lower-cased once, to compare with many others. */
export interface PreparedRecord {
  /** `id`, else `path`. */
  id: string;
  /** `path`, else `id`. */
  path: string;
  /** SHA-256 as given ('' when unknown). */
  sha256: string;
  /** Lower-cased SHA-256, imphash and Rich hash ('' when absent). */
  sha: string;
  imphash: string;
  rich: string;
  tlsh: TlshParts | null;
  ssdeep: string | null;
}

const lower = (s: string | null | undefined): string => (present(s) ? s.toLowerCase() : '');

/** Parses a record's digests once (see PreparedRecord). */
export function prepareRecord(r: HashedRecord): PreparedRecord {
  const id = r.id ?? r.path ?? '';
  const h = r.hashes;
  return {
    id, path: r.path ?? id, sha256: h.sha256 ?? '', sha: lower(h.sha256), imphash: lower(h.imphash), rich: lower(h.rich),
    tlsh: present(h.tlsh) ? tlshParts(h.tlsh) : null,
    ssdeep: present(h.ssdeep) ? h.ssdeep : null,
  };
}

/** Options with their defaults filled in (relativeOf takes them resolved: it runs once per pair). */
export function relativesOptions(opts: RelativesOptions = {}): Required<RelativesOptions> {
  return { ...DEFAULTS, ...opts };
}

/**
 * `c` as a relative of `me` (the comparison of compareHashes), or null when no signal relates them. With
 * `ssdeep` false the ssdeep score is taken as 0 without comparing (a caller that knows the digests share
 * nothing). A TLSH distance that alone decides stops being computed past the threshold.
 */
export function relativeOf(me: PreparedRecord, c: PreparedRecord, o: Required<RelativesOptions>, ssdeep = true): Relative | null {
  const ssdeepScore = ssdeep && me.ssdeep !== null && c.ssdeep !== null ? Math.max(0, ssdeepCompare(me.ssdeep, c.ssdeep)) : 0;
  const identical = me.sha !== '' && me.sha === c.sha;
  const imphashEqual = me.imphash !== '' && me.imphash === c.imphash;
  const richEqual = me.rich !== '' && me.rich === c.rich;
  const other = identical || ssdeepScore >= o.ssdeepMin || (o.useImphash && imphashEqual) || (o.useRich && richEqual);
  const tlsh = me.tlsh !== null && c.tlsh !== null ? tlshPartsDiff(me.tlsh, c.tlsh, true, other ? Infinity : o.tlshThreshold) : null;
  if (!other && !(tlsh !== null && tlsh <= o.tlshThreshold)) return null;
  return { id: c.id, path: c.path, sha256: c.sha256, identical, tlsh_distance: tlsh, ssdeep_score: ssdeepScore, imphash_equal: imphashEqual, rich_equal: richEqual };
}

/**
 * Inserts `rel` into `best` (sorted by byCloseness, at most `limit` long) after any equal entries, as a
 * stable sort of all the relatives would place it: the closest `limit` without keeping the others.
 */
export function keepClosest(best: Relative[], rel: Relative, limit: number): void {
  if (limit <= 0) return;
  if (best.length === limit && byCloseness(rel, best[limit - 1]!) >= 0) return;
  let at = best.length;
  while (at > 0 && byCloseness(rel, best[at - 1]!) < 0) at--;
  best.splice(at, 0, rel);
  if (best.length > limit) best.pop();
}

/**
 * The candidates closest to `record`, best first: identical bytes, then by TLSH distance
 * (ascending, missing last), ssdeep score (descending), equal imphash, equal Rich hash, id.
 * A candidate qualifies through any one signal; the record itself (same id) is skipped.
 * @example
 * closestRelatives(rec, earlier, { tlshThreshold: 80 }); // [{ id: 'b.exe', tlsh_distance: 31, ... }]
 */
export function closestRelatives(record: HashedRecord, candidates: Iterable<HashedRecord>, opts: RelativesOptions = {}): Relative[] {
  const o = relativesOptions(opts);
  const me = prepareRecord(record);
  const best: Relative[] = [];
  for (const c of candidates) {
    const p = prepareRecord(c);
    if (p.id === me.id) continue;
    const rel = relativeOf(me, p, o);
    if (rel) keepClosest(best, rel, o.limit);
  }
  return best;
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

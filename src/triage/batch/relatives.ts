/**
 * Relatives of each record among the batch and earlier records (`--against`), as
 * `closestRelatives` ranks them: TLSH distance, ssdeep score, equal imphash / Rich hash.
 */
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { PillboxError } from '../../errors.js';
import type { TriageResult } from '../../model/triage-result.js';
import { keepClosest, prepareRecord, relativeOf, relativesOptions, type HashedRecord, type Relative } from '../similarity/index.js';
import { TLSH_THRESHOLD, relationKeys } from './prefilter.js';
import { RelationIndex } from './relation-index.js';
import { SsdeepIndex } from './ssdeep-index.js';

/**
 * Fills `relatives` of every result in place (closest first). Records without hashes (hash limit,
 * timeouts) neither get nor give relatives. Each record is compared only with the candidates its
 * hashes could relate it (relation-index.ts: equal hashes, TLSH within the threshold) or its ssdeep
 * digest could score against (ssdeep-index.ts), on digests parsed once per batch, keeping a bounded
 * best list: the same relatives, in the same order, as closestRelatives over all pairs, without an
 * object per related pair (a directory of thousands of similar small files relates every pair).
 */
export function fillRelatives(results: TriageResult[], against: readonly HashedRecord[] = [], limit = 10, onProgress?: (done: number, total: number) => void): void {
  const batch: HashedRecord[] = results.filter((r) => r.hashes.sha256 !== '').map((r) => ({ path: r.path, hashes: comparable(r.hashes) }));
  const candidates = [...batch, ...against];
  const keys = candidates.map((c) => relationKeys(c.hashes));
  const parsed = candidates.map(prepareRecord);
  const ssdeep = new SsdeepIndex(candidates.map((c) => c.hashes.ssdeep));
  const index = new RelationIndex(keys, parsed.map((p) => p.tlsh));
  const ssdeepPartners: number[] = [];
  const opts = relativesOptions({ limit, tlshThreshold: TLSH_THRESHOLD });
  // Every pair of a batch is a candidate: tens of thousands of files take a while, so say how far it is.
  let done = 0;
  let pos = -1;
  for (const r of results) {
    if (onProgress && ++done % 500 === 0) onProgress(done, results.length);
    if (r.hashes.sha256 === '') continue;
    pos++; // this record's position among the candidates
    const me = prepareRecord({ path: r.path, hashes: comparable(r.hashes) });
    ssdeepPartners.length = 0;
    const ssdeepNear = ssdeep.partners(me.ssdeep, ssdeepPartners);
    const best: Relative[] = [];
    // In index order, as an all-pairs loop would meet them (ties keep that order).
    for (const k of index.candidates(pos, ssdeepPartners)) {
      const c = parsed[k]!;
      if (c.id === me.id) continue;
      // A candidate the ssdeep index does not mark scores 0 on ssdeep against this record: not compared.
      const rel = relativeOf(me, c, opts, ssdeepNear(k));
      if (rel) keepClosest(best, rel, limit);
    }
    r.relatives = best.map((x) => ({
      path: x.path,
      sha256: x.sha256,
      tlsh_distance: x.tlsh_distance,
      ssdeep_score: x.ssdeep_score,
      imphash_equal: x.imphash_equal,
      rich_equal: x.rich_equal,
    }));
  }
}

/** A `.json` file of earlier records is parsed whole: past this size, ask for `.jsonl` (read line by line). */
const MAX_JSON_AGAINST = 256 * 1024 * 1024;

/**
 * Earlier triage records from a `.jsonl` file (read line by line: a knowledge set of records grows
 * past what one string can hold), a `.json` file (one record or an array), or a directory of such
 * files. Only each record's path and comparable hashes are kept. Lines that are not records are
 * skipped; an unreadable path is E_INPUT_UNREADABLE.
 */
export async function loadAgainst(path: string): Promise<HashedRecord[]> {
  let files: string[];
  try {
    files = statSync(path).isDirectory()
      ? readdirSync(path).filter((f) => /\.jsonl?$/i.test(f)).sort().map((f) => join(path, f))
      : [path];
  } catch (e) {
    throw new PillboxError('E_INPUT_UNREADABLE', `--against ${path}: cannot read`, { cause: e });
  }
  const out: HashedRecord[] = [];
  const keep = (v: unknown): void => {
    if (isRecord(v)) out.push({ path: v.path, hashes: comparable(v.hashes) });
  };
  for (const f of files) {
    try {
      if (f.toLowerCase().endsWith('.jsonl')) {
        const lines = createInterface({ input: createReadStream(f, { encoding: 'utf8' }), crlfDelay: Infinity });
        for await (const line of lines) if (line.trim() !== '') for (const v of tryParse(line)) keep(v);
      } else {
        if (statSync(f).size > MAX_JSON_AGAINST) throw new Error(`larger than ${MAX_JSON_AGAINST / 1024 / 1024} MiB: give the records as .jsonl (one per line)`);
        for (const v of tryParse(readFileSync(f, 'utf8'))) keep(v);
      }
    } catch (e) {
      throw new PillboxError('E_INPUT_UNREADABLE', `--against ${f}: ${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}

/** The hashes a comparison reads, from a record of this batch or an earlier one (whatever else it holds is not kept; absent ones are null). */
function comparable(h: { [K in keyof HashedRecord['hashes']]?: HashedRecord['hashes'][K] | undefined }): HashedRecord['hashes'] {
  return { sha256: h.sha256 ?? null, ssdeep: h.ssdeep ?? null, tlsh: h.tlsh ?? null, imphash: h.imphash ?? null, rich: h.rich ?? null };
}

function tryParse(s: string): unknown[] {
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) ? v : [v];
  } catch {
    return [];
  }
}

function isRecord(v: unknown): v is { path: string; hashes: HashedRecord['hashes'] } {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as { path?: unknown; hashes?: unknown };
  return typeof r.path === 'string' && typeof r.hashes === 'object' && r.hashes !== null;
}

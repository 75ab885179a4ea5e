/**
 * Relatives of each record among the batch and earlier records (`--against`), by C1's
 * `closestRelatives`: TLSH distance, ssdeep score, equal imphash / Rich hash.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PillboxError } from '../../errors.js';
import type { TriageResult } from '../../model/triage-result.js';
import { closestRelatives, type HashedRecord } from '../similarity/index.js';
import { TLSH_THRESHOLD, mayRelateApartFromSsdeep, relationKeys } from './prefilter.js';
import { SsdeepIndex } from './ssdeep-index.js';

/**
 * Fills `relatives` of every result in place (closest first). Records without hashes (hash limit,
 * timeouts) neither get nor give relatives. Each record is compared only with the candidates its
 * digest headers do not rule out (prefilter.ts) and those its ssdeep digest could score against
 * (ssdeep-index.ts): the same relatives as comparing all pairs.
 */
export function fillRelatives(results: TriageResult[], against: readonly HashedRecord[] = [], limit = 10): void {
  const batch: HashedRecord[] = results.filter((r) => r.hashes.sha256 !== '').map((r) => ({ path: r.path, hashes: comparable(r.hashes) }));
  const candidates = [...batch, ...against];
  const keys = candidates.map((c) => relationKeys(c.hashes));
  const ssdeep = new SsdeepIndex(candidates.map((c) => c.hashes.ssdeep));
  // A candidate the index does not mark scores 0 on ssdeep against this record, so it is compared
  // without its digest (same score, no 7-gram test): most pairs that pass the TLSH header test.
  const withoutSsdeep: (HashedRecord | undefined)[] = new Array(candidates.length);
  const bare = (k: number): HashedRecord => (withoutSsdeep[k] ??= { ...candidates[k]!, hashes: { ...candidates[k]!.hashes, ssdeep: null } });
  for (const r of results) {
    if (r.hashes.sha256 === '') continue;
    const record = { path: r.path, hashes: comparable(r.hashes) };
    const mine = relationKeys(record.hashes);
    const ssdeepNear = ssdeep.partners(record.hashes.ssdeep);
    const near: HashedRecord[] = [];
    for (let k = 0; k < candidates.length; k++) {
      if (ssdeepNear(k)) near.push(candidates[k]!);
      else if (mayRelateApartFromSsdeep(mine, keys[k]!)) near.push(bare(k));
    }
    r.relatives = closestRelatives(record, near, { limit, tlshThreshold: TLSH_THRESHOLD }).map((x) => ({
      path: x.path,
      sha256: x.sha256,
      tlsh_distance: x.tlsh_distance,
      ssdeep_score: x.ssdeep_score,
      imphash_equal: x.imphash_equal,
      rich_equal: x.rich_equal,
    }));
  }
}

/** The hashes a comparison reads (absent PE hashes stay absent). */
function comparable(h: TriageResult['hashes']): HashedRecord['hashes'] {
  return { sha256: h.sha256, ssdeep: h.ssdeep, tlsh: h.tlsh, imphash: h.imphash ?? null, rich: h.rich ?? null };
}

/**
 * Earlier triage records from a `.jsonl` file, a `.json` file (one record or an array), or a
 * directory of such files. Lines that are not records are skipped; an unreadable path is E_INPUT_UNREADABLE.
 */
export function loadAgainst(path: string): HashedRecord[] {
  let files: string[];
  try {
    files = statSync(path).isDirectory()
      ? readdirSync(path).filter((f) => /\.jsonl?$/i.test(f)).sort().map((f) => join(path, f))
      : [path];
  } catch (e) {
    throw new PillboxError('E_INPUT_UNREADABLE', `--against ${path}: cannot read`, { cause: e });
  }
  const out: HashedRecord[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const values = f.toLowerCase().endsWith('.jsonl') ? text.split('\n').filter((l) => l.trim() !== '').map(tryParse) : [tryParse(text)];
    for (const v of values.flat()) {
      if (isRecord(v)) out.push({ path: v.path, hashes: v.hashes });
    }
  }
  return out;
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

import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRIAGE_SCHEMA_VERSION, type TriageResult } from '../../model/triage-result.js';
import { hashBytes } from '../hash/index.js';
import { closestRelatives, type HashedRecord } from '../similarity/index.js';
import { fillRelatives } from './relatives.js';

/** A minimal record around real hashes (only path and hashes matter for relatives). */
function record(path: string, hashes: TriageResult['hashes']): TriageResult {
  return {
    schema_version: TRIAGE_SCHEMA_VERSION, path, size: 0, format: 'data', description: '', arch: null, bits: null, dotnet: false,
    hashes, entropy: 0, packers: [], overlay: null, high_entropy_regions: [], embedded: [], crypto: [], iocs: [], capabilities: [],
    yara: [], relatives: [], details: {}, warnings: [],
  };
}

/** What fillRelatives must give: every candidate compared, as before the prefilter. */
function allPairs(results: TriageResult[], against: HashedRecord[]): TriageResult['relatives'][] {
  const cands: HashedRecord[] = [...results.filter((r) => r.hashes.sha256 !== '').map((r) => ({ path: r.path, hashes: { ...r.hashes, imphash: r.hashes.imphash ?? null, rich: r.hashes.rich ?? null } })), ...against];
  return results.map((r) => (r.hashes.sha256 === '' ? [] : closestRelatives({ path: r.path, hashes: { ...r.hashes, imphash: r.hashes.imphash ?? null, rich: r.hashes.rich ?? null } }, cands, { limit: 10 })
    .map((x) => ({ path: x.path, sha256: x.sha256, tlsh_distance: x.tlsh_distance, ssdeep_score: x.ssdeep_score, imphash_equal: x.imphash_equal, rich_equal: x.rich_equal }))));
}

describe('fillRelatives', () => {
  it('finds exactly the relatives an all-pairs comparison finds, on real files and odd records', () => {
    const bin = ['/usr/bin', '/usr/lib/x86_64-linux-gnu'].flatMap((d) => readdirSync(d).map((f) => join(d, f)))
      .filter((p) => { const s = lstatSync(p); return s.isFile() && s.size > 0 && s.size < 600_000; });
    const step = Math.max(1, Math.floor(bin.length / 80));
    const results = bin.filter((_, i) => i % step === 0).map((p) => record(p, hashBytes(readFileSync(p))));
    const [a, b, c] = results as [TriageResult, TriageResult, TriageResult];
    results.push(
      record('/copy/of/a', { ...a.hashes }), // identical bytes
      record('/same/imphash', { ...b.hashes, sha256: 'f'.repeat(64), ssdeep: '3:x:y', tlsh: null, imphash: 'ABCDEF' }),
      record('/same/imphash/too', { ...c.hashes, sha256: 'e'.repeat(64), ssdeep: '', tlsh: 'TNULL', imphash: 'abcdef', rich: 'r1' }),
      record('/same/rich', { ...c.hashes, sha256: 'd'.repeat(64), ssdeep: 'not a digest', tlsh: null, rich: 'R1' }),
      record('/not/hashed', { md5: '', sha1: '', sha256: '', sha512: '', ssdeep: '', tlsh: null }),
    );
    const against: HashedRecord[] = [{ path: '/earlier/a', hashes: { sha256: a.hashes.sha256.toUpperCase(), ssdeep: a.hashes.ssdeep, tlsh: a.hashes.tlsh } }, { id: 'x', hashes: {} }];
    const expected = allPairs(results, against);
    fillRelatives(results, against);
    expect(results.map((r) => r.relatives)).toEqual(expected);
    expect(expected.filter((r) => r.length > 0).length).toBeGreaterThan(20);
    expect(results.find((r) => r.path === '/same/imphash')!.relatives.map((r) => r.path)).toContain('/same/imphash/too');
  });
});

describe('loadAgainst', () => {
  it('reads records from .jsonl line by line and .json whole, keeping path and comparable hashes', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { loadAgainst } = await import('./relatives.js');
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-against-'));
    try {
      const rec = (p: string): string => JSON.stringify({ path: p, size: 1, iocs: [{ type: 'domain', value: 'x.evil.com' }], hashes: { md5: 'm', sha256: `${p}-sha`, ssdeep: '3:a:b', tlsh: 'T1', imphash: 'i' } });
      writeFileSync(join(dir, 'a.jsonl'), `${rec('one')}\r\nnot json\n\n${rec('two')}\n{"path": 3}\n`);
      writeFileSync(join(dir, 'b.json'), `[${rec('three')}, 4]`);
      writeFileSync(join(dir, 'c.txt'), rec('ignored'));
      const got = await loadAgainst(dir);
      expect(got).toEqual(['one', 'two', 'three'].map((p) => ({ path: p, hashes: { sha256: `${p}-sha`, ssdeep: '3:a:b', tlsh: 'T1', imphash: 'i', rich: null } })));
      await expect(loadAgainst(join(dir, 'missing.jsonl'))).rejects.toThrow(/--against .*missing\.jsonl: cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fillRelatives progress', () => {
  it('reports every 500 records', () => {
    const none = { md5: '', sha1: '', sha256: '', sha512: '', ssdeep: '', tlsh: null };
    const results = Array.from({ length: 1200 }, (_, i) => record(`/f${i}`, { ...none, sha256: i.toString(16).padStart(64, '0') }));
    const calls: [number, number][] = [];
    fillRelatives(results, [], 10, (done, total) => calls.push([done, total]));
    expect(calls).toEqual([[500, 1200], [1000, 1200]]);
  });
});

// The warninglist check of feed indicators runs on the first worker while the first files are scanned
// (pool sweeps) or up front (one thread): both must give the same hits, counts and warnings.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hunt, prepareHunt, huntPrepared } from '../../src/hunt/index.js';
import { loadIntel, loadIntelDeferred, dropBenign } from '../../src/hunt/intel/index.js';

let dir: string;
let logs: string;
let feed: string;
let allBenign: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pillbox-hunt-benign-'));
  logs = join(dir, 'logs');
  mkdirSync(logs);
  // Benign values (a public resolver, a top site) appear in every line: their hits must never surface.
  const line = (i: number): string => `2026-01-0${(i % 9) + 1}T10:00:00Z client 10.0.0.${i % 250} query google.com via 8.8.8.8 host h${i}.corp.example\n`;
  for (let f = 0; f < 3; f++) {
    let text = '';
    for (let i = 0; i < 4000; i++) text += line(i);
    text += `2026-01-09T11:00:00Z client 10.0.0.9 query beacon.evil-c2.net via 45.86.12.34\n`;
    writeFileSync(join(logs, `dns-${f}.log`), text);
  }
  feed = join(dir, 'feed.txt');
  writeFileSync(feed, ['google.com', '8.8.8.8', 'evil-c2.net', '45.86.12.34', 'http://[::1', ''].join('\n'));
  allBenign = join(dir, 'benign.txt');
  writeFileSync(allBenign, 'google.com\n8.8.8.8\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('deferred warninglist check', () => {
  it('loadIntel equals loadIntelDeferred + dropBenign of the benign ids', async () => {
    const eager = await loadIntel([feed]);
    const d = await loadIntelDeferred([feed]);
    expect(d.intel.indicators.length).toBeGreaterThan(eager.indicators.length);
    const benign = d.unchecked.filter((id) => !eager.indicators.some((i) => i.value === d.intel.indicators[id]?.value));
    expect(dropBenign(d, benign)).toEqual(eager);
  });

  it('gives the same result on one thread and on a pool whose worker checks the warninglists', async () => {
    const one = await hunt({ intel: [feed], targets: [logs], threads: 1 });
    // splitSize small: the files are cut into ranges, so both threads scan before the check returns.
    const many = await hunt({ intel: [feed], targets: [logs], threads: 2, splitSize: 20_000 });
    expect(one.summary.benign_skipped).toBe(2);
    expect(one.hits.map((h) => h.indicator).sort()).toEqual(['45.86.12.34', '45.86.12.34', '45.86.12.34', 'evil-c2.net', 'evil-c2.net', 'evil-c2.net']);
    expect(many).toEqual(one);
  });

  it('refuses intel that is all benign, on a pool too', async () => {
    await expect(hunt({ intel: [allBenign], targets: [logs], threads: 1 })).rejects.toThrow(/nothing to hunt for/);
    const opts = { intel: [allBenign], targets: [logs], threads: 2, splitSize: 20_000 };
    const plan = await prepareHunt(opts);
    expect(plan.inProcess).toBe(false);
    await expect(huntPrepared(opts, plan)).rejects.toThrow(/nothing to hunt for/);
  });

  it('keeps benign hits with includeBenign on a pool', async () => {
    const r = await hunt({ intel: [feed], targets: [logs], threads: 2, splitSize: 20_000, includeBenign: true });
    expect(r.summary.benign_skipped).toBe(0);
    // Counted across the ranges of each log; the first 1000 per file are listed.
    expect(r.summary.by_indicator.find((e) => e.indicator === '8.8.8.8')?.hits).toBe(12_000);
    const listed = r.hits.filter((h) => h.indicator === '8.8.8.8');
    const files = new Set(listed.map((h) => h.file));
    expect(files.size).toBeGreaterThan(1);
    expect(listed.length).toBe(1000 * files.size);
  });
});

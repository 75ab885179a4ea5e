// An indicator that matches on most lines of a big log (a listed CDN host in a proxy log): the sweep
// lists the first hits of each indicator per file, counts the rest, and says so; it neither runs out
// of memory nor overflows the stack when every hit is asked for.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hunt } from '../../src/hunt/index.js';
import { ensureBuilt } from '../e2e/extract-build.js';
import { runCli } from '../e2e/extract-cli.js';

const LINES = 300_000;
let dir: string;
let log: string;
let feed: string;

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'pillbox-hunt-flood-'));
  log = join(dir, 'proxy.log');
  // Every line names the flooding host; one line in 10,000 also names a rare one.
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) lines.push(`10.0.${i % 250}.9 GET http://cdn.flood-example.net/a/${i}${i % 10_000 === 7 ? ' ref=rare-c2.net' : ''}`);
  writeFileSync(log, `${lines.join('\n')}\n`);
  feed = join(dir, 'feed.txt');
  writeFileSync(feed, 'flood-example.net\nrare-c2.net\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a flooding indicator', () => {
  it('lists the first hits per file, counts the rest in the summary, and warns', async () => {
    for (const threads of [1, 2]) {
      const r = await hunt({ intel: [feed], targets: [log], threads, splitSize: 1 << 20 });
      const flood = r.hits.filter((h) => h.indicator === 'flood-example.net');
      expect(flood).toHaveLength(1000);
      expect(flood.map((h) => h.line)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      expect(r.hits.filter((h) => h.indicator === 'rare-c2.net')).toHaveLength(LINES / 10_000);
      expect(r.summary.hits).toBe(LINES + LINES / 10_000);
      expect(r.summary.unlisted_hits).toBe(LINES - 1000);
      expect(r.summary.by_indicator.map((e) => [e.indicator, e.hits, e.files, e.matches])).toEqual([
        ['flood-example.net', LINES, 1, ['subdomain']],
        ['rare-c2.net', LINES / 10_000, 1, ['exact']],
      ]);
      expect(r.summary.by_file).toEqual([{ file: log, class: 'text', format: expect.any(String), hits: LINES + LINES / 10_000 }]);
      const w = r.warnings.find((x) => x.code === 'hits-unlisted');
      expect(w?.message).toContain(`${LINES - 1000} more hits counted but not listed`);
      expect(w?.message).toContain('flood-example.net (+299000)');
    }
  });

  it('lists every hit with maxHits 0 (appended one by one: no stack overflow)', async () => {
    const r = await hunt({ intel: [feed], targets: [log], threads: 1, maxHits: 0 });
    expect(r.hits.filter((h) => h.indicator === 'flood-example.net')).toHaveLength(LINES);
    expect(r.summary.unlisted_hits).toBe(0);
    expect(r.warnings.map((w) => w.code)).not.toContain('hits-unlisted');
  });

  it('takes --max-hits on the command line and rejects a bad value', async () => {
    const r = await runCli(['hunt', '--jsonl', '--max-hits', '5', '--intel', feed, log]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { indicator: string });
    expect(lines.filter((h) => h.indicator === 'flood-example.net')).toHaveLength(5);
    expect(lines.filter((h) => h.indicator === 'rare-c2.net')).toHaveLength(5);
    expect(r.stderr).toContain('more hits counted but not listed');
    const bad = await runCli(['hunt', '--max-hits', 'lots', '--intel', feed, log]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-hits: expected a whole number');
  });
});

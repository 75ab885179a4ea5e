import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hunt } from '../index.js';
import { readChunks } from './read.js';

let dir: string;
let log: string;
let feed: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pillbox-hunt-read-'));
  log = join(dir, 'big.log');
  // ~3 MiB of lines; a planted host every 997 lines, so some sit across the 1 MiB read boundaries.
  const lines: string[] = [];
  for (let i = 0, size = 0; size < 3 * 1024 * 1024; i++) {
    lines.push(i % 997 === 0 ? `Nov 27 06:00:01 gw dns: query c2.plant-host.net from 10.1.${i % 250}.7` : `Nov 27 06:00:01 gw dns: query www${i}.example.org from 10.2.${i % 250}.9`);
    size += (lines[i] as string).length + 1;
  }
  writeFileSync(log, `${lines.join('\n')}\n`);
  const sha = createHash('sha256').update(readFileSync(log)).digest('hex');
  feed = join(dir, 'feed.txt');
  writeFileSync(feed, `plant-host.net\n${sha}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  // Copies: a chunk's buffer is overwritten by the read after next.
  for await (const c of readChunks(log, start, end)) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

describe('readChunks', () => {
  it('yields exactly the bytes of the range, through two reused buffers', async () => {
    const all = readFileSync(log);
    expect((await collect(0, Infinity)).equals(all)).toBe(true);
    for (const [s, e] of [[0, 1], [5, (1 << 20) + 3], [(1 << 20) - 1, (2 << 20) + 1], [all.length - 10, all.length + 100]] as const) {
      expect((await collect(s, e)).equals(all.subarray(s, Math.min(e, all.length)))).toBe(true);
    }
    const seen = new Set<ArrayBufferLike>();
    for await (const c of readChunks(log)) seen.add(c.buffer);
    expect(seen.size).toBe(2);
  });

  it('gives the same hits whole, split into ranges, and hashes the whole file', async () => {
    const one = await hunt({ intel: [feed], targets: [log], threads: 1, hashLogs: true });
    const split = await hunt({ intel: [feed], targets: [log], threads: 2, splitSize: 1 << 20, hashLogs: true });
    expect(one.hits.filter((h) => h.match === 'subdomain').length).toBe(Math.ceil(one.summary.lines / 997));
    expect(one.hits.filter((h) => h.match === 'hash').length).toBe(1);
    expect(split.hits).toEqual(one.hits);
  });
});

describe('small files', () => {
  it('are read whole, and one that grew or shrank since the walk is read as it is now', async () => {
    const { IndicatorMatcher } = await import('../match/matcher.js');
    const { scanFile } = await import('./file.js');
    const m = new IndicatorMatcher([{ type: 'domain', value: 'plant-host.net', raw: 'plant-host.net', source: 's', source_title: 't' }]);
    const small = join(dir, 'small.log');
    const text = Array.from({ length: 40 }, (_, i) => `line ${i} ${i % 10 === 3 ? 'a.plant-host.net' : 'nothing'}`).join('\n');
    writeFileSync(small, `${text}\n`);
    const size = Buffer.byteLength(text) + 1;
    const opts = { yara: [], yaraMaxSize: 1 << 20 };
    const lines = async (walked: number): Promise<(number | null)[]> => (await scanFile(small, walked, m, opts)).hits.map((h) => h.line);
    expect(await lines(size)).toEqual([4, 14, 24, 34]);
    expect(await lines(20)).toEqual([4, 14, 24, 34]); // grew after the walk: read in chunks
    expect(await lines(size + 500)).toEqual([4, 14, 24, 34]); // shrank: what is there
    expect(await lines(0)).toEqual([4, 14, 24, 34]);
    // A file that said it was empty (as /proc and /sys files do) counts the bytes it held.
    expect((await scanFile(small, 0, m, opts)).size).toBe(size);
    expect((await scanFile(small, size, m, opts)).size).toBe(size);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_DOMAIN, EVENT_IP, eventCsv } from '../../../test/helpers/event-csv.js';
import { hunt } from '../index.js';
import { autoPiece, planTasks } from './plan.js';

const MiB = 1024 * 1024;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pillbox-hunt-plan-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('autoPiece', () => {
  it('is about 1/24 of a thread share, between 1 MiB and 64 MiB', () => {
    expect(autoPiece(110 * MiB, 2)).toBe(Math.round((110 * MiB) / 48));
    expect(autoPiece(10 * MiB, 2)).toBe(MiB);
    expect(autoPiece(100 * 1024 * MiB, 2)).toBe(64 * MiB);
  });
});

describe('planTasks', () => {
  it('cuts big text logs into ranges covering the file, but not small ones nor Zeek TSV', async () => {
    const text = Array.from({ length: 40000 }, (_, i) => `Nov 27 06:00:01 gw dns: query www${i}.example.org from 10.2.${i % 250}.9`).join('\n');
    const zeek = `#separator \\x09\n#fields\tts\tquery\n${Array.from({ length: 60000 }, (_, i) => `1.0\tq${i}.example.org`).join('\n')}\n`;
    writeFileSync(join(dir, 'big.log'), text);
    writeFileSync(join(dir, 'small.log'), 'one line\n');
    writeFileSync(join(dir, 'dns.log'), zeek);
    const entries = ['big.log', 'small.log', 'dns.log'].map((f) => ({ path: join(dir, f), size: f === 'big.log' ? text.length : f === 'dns.log' ? zeek.length : 9 }));
    // 48 MiB in all (a binary pads it): ranges of 1 MiB; big.log (2.9 MB) is cut, dns.log (1.2 MB) is Zeek TSV and stays whole.
    writeFileSync(join(dir, 'pad.bin'), Buffer.alloc(4096));
    const pad = { path: join(dir, 'pad.bin'), size: 48 * MiB - text.length };
    const tasks = await planTasks([...entries, pad], 2);
    const ranges = tasks.filter((t) => t.kind === 'range');
    expect(tasks.filter((t) => t.kind === 'whole').map((t) => t.path)).toEqual([join(dir, 'big.log')]);
    expect(ranges.length).toBeGreaterThanOrEqual(3);
    expect(ranges[0]).toMatchObject({ start: 0 });
    ranges.forEach((r, k) => k > 0 && expect(r.kind === 'range' && r.start).toBe((ranges[k - 1] as { end: number }).end));
    expect(ranges.at(-1)).toMatchObject({ end: text.length });
    expect(tasks.filter((t) => t.kind === 'file').map((t) => t.path)).toEqual([join(dir, 'small.log'), join(dir, 'dns.log'), pad.path]);
    expect((await planTasks(entries, 1)).every((t) => t.kind === 'file')).toBe(true);
  });

  it('gives the same hits for a CSV log whole and in ranges (only the file start skips the header)', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `1767225602,10.1.${i % 250}.7,alice,GET,http://h${i}.plant-csv.net/x,200,${i}`);
    const csv = join(dir, 'proxy.csv');
    writeFileSync(csv, `time,client,user,method,url,status,bytes\n${rows.join('\n')}\n`);
    const feed = join(dir, 'feed.txt');
    writeFileSync(feed, 'plant-csv.net\n');
    const one = await hunt({ intel: [feed], targets: [csv], threads: 1, maxHits: 0 });
    const split = await hunt({ intel: [feed], targets: [csv], threads: 2, splitSize: 4096, maxHits: 0 });
    expect(one.hits.filter((h) => h.indicator === 'plant-csv.net').length).toBe(rows.length);
    expect(split.hits).toEqual(one.hits);
    // With the per-file limit, the ranges' hits are cut to the file's first ones: the same listing and
    // counts whatever the number of ranges.
    const capped = await hunt({ intel: [feed], targets: [csv], threads: 1, maxHits: 700 });
    const cappedSplit = await hunt({ intel: [feed], targets: [csv], threads: 2, splitSize: 4096, maxHits: 700 });
    expect(capped.hits).toEqual(one.hits.slice(0, 700));
    expect(cappedSplit.hits).toEqual(capped.hits);
    expect(cappedSplit.summary).toEqual(capped.summary);
    expect(capped.summary.hits).toBe(rows.length);
    expect(capped.summary.unlisted_hits).toBe(rows.length - 700);
    expect(capped.warnings.map((w) => w.code)).toContain('hits-unlisted');
  });

  it('gives the same hits for a CSV log whose quoted cells span lines, whole, in ranges and on more threads', async () => {
    const ev = eventCsv(2500, [400, 1900]);
    const csv = join(dir, 'events.csv');
    writeFileSync(csv, ev.text);
    const feed = join(dir, 'event-feed.txt');
    writeFileSync(feed, `${EVENT_IP}\n${EVENT_DOMAIN}\n`);
    const one = await hunt({ intel: [feed], targets: [csv], threads: 1, maxHits: 0 });
    // Every planted hit, at its physical line, in its column.
    expect(one.hits.map((h) => [h.line, h.field, h.indicator])).toEqual(ev.hits.map((h) => [h.line, h.field, h.indicator]));
    for (const splitSize of [4096, 20_000, 65_536]) {
      const ranges = (await planTasks([{ path: csv, size: Buffer.byteLength(ev.text) }], 2, splitSize)).filter((t) => t.kind === 'range');
      expect(ranges.length).toBeGreaterThan(3);
      for (const threads of [2, 3]) {
        const split = await hunt({ intel: [feed], targets: [csv], threads, splitSize, maxHits: 0 });
        expect(split.hits).toEqual(one.hits);
      }
      const capped = await hunt({ intel: [feed], targets: [csv], threads: 1, maxHits: 300 });
      const cappedSplit = await hunt({ intel: [feed], targets: [csv], threads: 2, splitSize, maxHits: 300 });
      expect(cappedSplit.hits).toEqual(capped.hits);
      expect(cappedSplit.summary).toEqual(capped.summary);
    }
  });
});


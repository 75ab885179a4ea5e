import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCsv } from '../../../test/helpers/event-csv.js';
import { gzipSize, lineAlignedCuts } from './task.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pillbox-hunt-task-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gzipSize', () => {
  it('reads the uncompressed size a gzip file states, and null for other files', async () => {
    const text = 'GET /index.html 200\n'.repeat(5000);
    writeFileSync(join(dir, 'a.log.gz'), gzipSync(text));
    writeFileSync(join(dir, 'plain.gz'), text);
    writeFileSync(join(dir, 'tiny.gz'), Buffer.from([0x1f, 0x8b]));
    expect(await gzipSize(join(dir, 'a.log.gz'))).toBe(Buffer.byteLength(text));
    expect(await gzipSize(join(dir, 'plain.gz'))).toBeNull();
    expect(await gzipSize(join(dir, 'tiny.gz'))).toBeNull();
  });
});

describe('lineAlignedCuts', () => {
  it('cuts only after newlines and covers the whole file', async () => {
    const text = Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}`).join('\n');
    const p = join(dir, 'lines.log');
    writeFileSync(p, text);
    const cuts = await lineAlignedCuts(p, text.length, 7);
    expect(cuts[0]).toBe(0);
    expect(cuts[cuts.length - 1]).toBe(text.length);
    for (const c of cuts.slice(1, -1)) expect(text[c - 1]).toBe('\n');
  });

  it('cuts a CSV log only where a row starts, though quoted cells span lines', async () => {
    const ev = eventCsv(1500, [300, 700]);
    const p = join(dir, 'events.csv');
    writeFileSync(p, ev.text);
    const starts = new Set(ev.rowStarts);
    const size = Buffer.byteLength(ev.text);
    for (const parts of [3, 16, 64]) {
      const cuts = await lineAlignedCuts(p, size, parts, true);
      expect(cuts[0]).toBe(0);
      expect(cuts.at(-1)).toBe(size);
      expect(cuts.length).toBeGreaterThan(parts / 2);
      for (const c of cuts.slice(1, -1)) expect(starts.has(c)).toBe(true);
      // Cut at line starts alone, some would fall inside a row.
      const lines = await lineAlignedCuts(p, size, parts);
      expect(lines.slice(1, -1).some((c) => !starts.has(c))).toBe(true);
    }
  });

  it('cuts a CSV log without multi-line cells where it cuts any log, and one whose rows all span lines not at all', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},10.0.0.${i % 250},"GET","http://h${i}.example/"`);
    const plain = `time,client,method,url\n${rows.join('\n')}\n`;
    const p = join(dir, 'plain.csv');
    writeFileSync(p, plain);
    for (const parts of [2, 7, 50]) expect(await lineAlignedCuts(p, plain.length, parts, true)).toEqual(await lineAlignedCuts(p, plain.length, parts));
    // Long lines (63 of them fill more than one read back) and a line longer than a read.
    const long = `a,b\n${Array.from({ length: 2000 }, (_, i) => `${i},"${'w'.repeat(i === 900 ? 200_000 : 3000)}"`).join('\n')}\n`;
    const l = join(dir, 'long.csv');
    writeFileSync(l, long);
    for (const parts of [3, 20]) expect(await lineAlignedCuts(l, long.length, parts, true)).toEqual(await lineAlignedCuts(l, long.length, parts));
    // A row spanning lines just before a line longer than a read: the search on reads past it.
    const rows2 = [...Array.from({ length: 300 }, (_, i) => `${i},x`), '300,"open', 'close"', `301,${'v'.repeat(100_000)}`, ...Array.from({ length: 300 }, (_, i) => `${i},y`)];
    const mixed = `a,b\n${rows2.join('\n')}\n`;
    const mx = join(dir, 'mixed.csv');
    writeFileSync(mx, mixed);
    const inside = mixed.indexOf('close"');
    let lineCutInside = 0;
    for (let parts = 55; parts < 70; parts++) {
      if ((await lineAlignedCuts(mx, mixed.length, parts)).includes(inside)) lineCutInside++;
      expect(await lineAlignedCuts(mx, mixed.length, parts, true)).not.toContain(inside);
    }
    expect(lineCutInside).toBeGreaterThan(0);
    const dense = `a,b\n${Array.from({ length: 5000 }, (_, i) => `${i},"one\ntwo"`).join('\n')}\n`;
    const d = join(dir, 'dense.csv');
    writeFileSync(d, dense);
    expect(await lineAlignedCuts(d, dense.length, 8, true)).toEqual([0, dense.length]);
  });
});


import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});

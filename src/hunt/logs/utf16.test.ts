import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { hunt } from '../index.js';
import { IndicatorMatcher } from '../match/matcher.js';
import type { HuntType } from '../types.js';
import { scanLog } from './reader.js';

// PowerShell 5 writes UTF-16LE with `>` and Out-File; Excel's "Unicode text" export is UTF-16LE with
// tabs. Such a log had been taken for a binary (NUL bytes): hashed, and never read.
const LINES = [
  'TimeCreated : 11/27/2026 10:00:01',
  'Message     : Network connection detected 🛰 DestinationHostname: c2.relay-utf16.kx-net.org DestinationIp: 45.86.12.34',
  'Message     : ordinary traffic to 10.0.0.8',
];
const TEXT = `${LINES.join('\r\n')}\r\n`;
const le = (s: string, bom = true): Buffer => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')]);
const be = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), b]);
};
const INTEL: [HuntType, string][] = [['domain', 'relay-utf16.kx-net.org'], ['ipv4', '45.86.12.34']];
const m = new IndicatorMatcher(INTEL.map(([type, value]) => ({ type, value, raw: value, source: 's', source_title: 't' })));
const hitsOf = (r: { hits: { indicator: string; line: number | null }[] }): string[] => r.hits.map((h) => `${h.line} ${h.indicator}`);
const WANT = ['2 relay-utf16.kx-net.org', '2 45.86.12.34'];

describe('UTF-16 logs', () => {
  it.each([1, 3, 7, 64, 4096])('are read as text, whatever the chunk size (%i bytes: code units and surrogates cut)', async (size) => {
    for (const bytes of [le(TEXT), le(TEXT, false), be(TEXT), gzipSync(le(TEXT))]) {
      const pieces: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
      const r = await scanLog(Readable.from(pieces), m, { file: 'events.txt' });
      expect(hitsOf(r)).toEqual(WANT);
      expect(r.lines).toBe(3);
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'pillbox-utf16-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are swept as logs by hunt (a tab-separated "Unicode text" export gets its columns), not taken for binaries', async () => {
    writeFileSync(join(dir, 'events.txt'), le(TEXT));
    writeFileSync(join(dir, 'export.txt'), le('Time\tHost\tDestination\r\n2026-11-27 10:00\tws-12\tc2.relay-utf16.kx-net.org\r\n'));
    writeFileSync(join(dir, 'intel.txt'), 'relay-utf16.kx-net.org\n45.86.12.34\n');
    const r = await hunt({ intel: [join(dir, 'intel.txt')], targets: [join(dir, 'events.txt'), join(dir, 'export.txt')], threads: 1 });
    expect(r.hits.map((h) => `${h.file.split('/').pop()} ${h.line} ${h.indicator}`)).toEqual([
      'events.txt 2 relay-utf16.kx-net.org', 'events.txt 2 45.86.12.34', 'export.txt 2 relay-utf16.kx-net.org',
    ]);
    expect(r.summary.by_file.every((f) => f.format !== null)).toBe(true);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildJournal, sampleEntries } from '../../../../test/fixtures/journal/build.js';
import { mulberry32 } from '../../../util/prng.js';
import { hunt } from '../../index.js';
import { renderBinaryLog } from '../../../../test/helpers/binary-log.js';
import { lz4Block } from './lz4.js';
import { detectFormat } from '../../../triage/detect.js';

const dir = mkdtempSync(join(tmpdir(), 'pillbox-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PATH = buildJournal(sampleEntries(), dir);
if (PATH === null) console.warn('systemd-journal-remote missing: journal file tests skipped (apt-get install systemd-journal-remote)');
const BYTES = PATH === null ? Buffer.alloc(0) : readFileSync(PATH);

async function render(bytes: Buffer, size = 1 << 20): Promise<{ entries: Record<string, unknown>[]; warnings: string[]; format: string | null }> {
  const r = await renderBinaryLog(bytes, 'system.journal', size);
  return { entries: r.lines, warnings: r.warnings, format: r.format };
}

describe('LZ4 blocks (journal fields of older systemd releases)', () => {
  it('decode literals and overlapping matches, and refuse what runs past its bounds', () => {
    // "abc" then a match of 9 at offset 3 (overlapping: repeats "abc"), then the literal "!".
    const block = Uint8Array.from([0x35, 0x61, 0x62, 0x63, 0x03, 0x00, 0x10, 0x21]);
    expect(Buffer.from(lz4Block(block, 13)).toString()).toBe('abcabcabcabc!');
    expect(() => lz4Block(block, 12)).toThrow(/past its end/);
    expect(() => lz4Block(Uint8Array.from([0x10, 0x61, 0x05, 0x00]), 10)).toThrow(/offset before its start/);
    expect(() => lz4Block(Uint8Array.from([0xf0]), 10)).toThrow(/cut inside a literal length/);
  });
});

describe('systemd journal files', { skip: PATH === null }, () => {
  it('give one JSON line per entry with its fields, as journalctl reads them (compressed fields too)', async () => {
    const { entries, warnings, format } = await render(BYTES);
    expect(format).toBe('journal');
    expect(warnings).toEqual([]);
    const ref = execFileSync('journalctl', ['--file', PATH!, '-o', 'json', '--no-pager'], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.length).toBe(ref.length);
    let compared = 0;
    entries.forEach((e, i) => {
      const r = ref[i]!;
      expect(e.__SEQNUM).toBe(i + 1);
      expect(e.__REALTIME).toBe(new Date(Number(BigInt(r.__REALTIME_TIMESTAMP as string) / 1000n)).toISOString().replace('Z', '000Z'));
      for (const [k, v] of Object.entries(r)) {
        if (k.startsWith('__')) continue;
        expect(e[k], k).toEqual(v);
        compared++;
      }
    });
    expect(compared).toBeGreaterThanOrEqual(25);
    expect(entries[2]!.MESSAGE).toMatch(/^curl -s https:\/\/upd\.kp-cdn-sync\.net\/x86 /);
    expect(entries[3]!.TAG).toEqual(['first', 'second']);
  });

  it('are named by triage', () => {
    expect(detectFormat(BYTES)).toEqual({ format: 'data', description: 'systemd journal file (offline)' });
  });

  it('survive truncation anywhere and random damage: entries or a warning, never a throw', async () => {
    const used = BYTES.length;
    const rnd = mulberry32(7);
    for (let k = 0; k < 300; k++) {
      const cut = Math.floor(rnd() * Math.min(used, 20000));
      const { entries } = await render(BYTES.subarray(0, cut));
      expect(entries.length).toBeLessThanOrEqual(5);
    }
    const tail = Number(BYTES.readBigUInt64LE(136)) + 4096;
    for (let k = 0; k < 300; k++) {
      const b = Buffer.from(BYTES.subarray(0, tail));
      for (let f = 0; f < 1 + Math.floor(rnd() * 6); f++) b[Math.floor(rnd() * tail)] = Math.floor(rnd() * 256);
      const { entries } = await render(b);
      expect(entries.length).toBeLessThanOrEqual(10);
    }
  });

  it('say what was damaged: an entry whose data object is gone', async () => {
    const b = Buffer.from(BYTES);
    // The first DATA object whose payload holds the intruder's address loses its type.
    const at = b.indexOf(Buffer.from('MESSAGE=Accepted password for root from 103.56.17.201'));
    const obj = at - 72;
    expect(b[obj]).toBe(1);
    b[obj] = 9;
    const { entries, warnings } = await render(b);
    expect(entries).toHaveLength(5);
    expect(entries[1]).not.toHaveProperty('MESSAGE');
    expect(warnings).toEqual([expect.stringMatching(/^journal-damaged: system\.journal: 1 field of entries could not be read \(first: no data object at offset \d+\)$/)]);
  });

  it('are swept by hunt: alone, gzipped and in a TAR, with the entry as line and the field named', async () => {
    const sub = join(dir, 'collect');
    execFileSync('mkdir', ['-p', sub]);
    writeFileSync(join(sub, 'system.journal'), BYTES);
    writeFileSync(join(sub, 'user-1000.journal.gz'), gzipSync(BYTES));
    execFileSync('tar', ['-cf', join(sub, 'var-log.tar'), '-C', sub, 'system.journal']);
    writeFileSync(join(dir, 'intel.txt'), '103.56.17.201\nkp-cdn-sync.net\n/tmp/.X11-cache/kp\n');
    const r = await hunt({ intel: [join(dir, 'intel.txt')], targets: [sub], threads: 1 });
    // The dropped file is named twice in the third entry (downloaded to, then made executable).
    const want = ['2 MESSAGE 103.56.17.201', '3 MESSAGE kp-cdn-sync.net', '3 MESSAGE /tmp/.X11-cache/kp', '3 MESSAGE /tmp/.X11-cache/kp', '4 MESSAGE 103.56.17.201'];
    for (const f of ['system.journal', 'user-1000.journal.gz', 'var-log.tar!/system.journal']) {
      const got = r.hits.filter((h) => h.file === join(sub, f)).map((h) => `${h.line} ${h.field} ${h.indicator}`);
      expect(got, f).toEqual(want);
    }
    expect(r.summary.by_file.find((f) => f.file === join(sub, 'system.journal'))?.format).toBe('journal');
    expect(r.warnings).toEqual([]);
  });
});

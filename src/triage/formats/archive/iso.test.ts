import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLnk } from '../../../../test/fixtures/samples/writers.js';
import { triageBytes } from '../../index.js';
import { verdict } from '../../render/summary.js';
import { listArchive } from './index.js';

// Images made by genisoimage (Debian; .ci/run installs it): an independent ISO 9660 + Joliet writer.
let dir: string;
let image: Buffer;
let plain: Buffer;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pillbox-iso-'));
  const stage = join(dir, 'stage');
  mkdirSync(join(stage, 'dati', 'più profondo'), { recursive: true });
  writeFileSync(join(stage, 'Fattura marzo 2026.pdf.lnk'), writeLnk({ target: 'C:\\Windows\\System32\\rundll32.exe', args: 'dati\\update.dll,Start', show: 7 }));
  writeFileSync(join(stage, 'dati', 'update.dll'), Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('benign look-alike')]));
  writeFileSync(join(stage, 'dati', 'più profondo', 'note.txt'), 'see you at 45.86.12.34\n');
  execFileSync('genisoimage', ['-quiet', '-J', '-R', '-V', 'FATTURA', '-o', join(dir, 'j.iso'), stage]);
  execFileSync('genisoimage', ['-quiet', '-o', join(dir, 'plain.iso'), stage]);
  image = readFileSync(join(dir, 'j.iso'));
  plain = readFileSync(join(dir, 'plain.iso'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ISO 9660 images', () => {
  it('lists every file with its Joliet name, format and bytes', () => {
    const a = listArchive(image, { includeBytes: true });
    expect(a.format).toBe('iso');
    const files = a.entries.filter((e) => !e.directory).map((e) => [e.path, e.format, e.size]);
    expect(files).toEqual([
      ['Fattura marzo 2026.pdf.lnk', 'lnk', expect.any(Number)],
      ['dati/update.dll', 'data', 81],
      ['dati/più profondo/note.txt', 'text', 23],
    ]);
    expect(Buffer.from(a.entries.find((e) => e.path === 'dati/update.dll')!.bytes!).subarray(64).toString()).toBe('benign look-alike');
    expect(a.warnings).toEqual([]);
  });

  it('reads a plain ISO 9660 image (8.3 names) too', () => {
    const names = listArchive(plain).entries.filter((e) => !e.directory).map((e) => e.path);
    expect(names).toHaveLength(3);
    expect(names.some((n) => /^DATI\/UPDATE\.DLL$/i.test(n))).toBe(true);
  });

  it('is triaged as a container: the shortcut inside is read and called suspicious', () => {
    const r = triageBytes(image, { path: 'fattura.iso', now: 0 });
    expect(r.format).toBe('iso');
    const members = r.details['members'] as { path: string; format: string; description: string }[];
    expect(members.find((m) => m.path.endsWith('.lnk'))?.description).toBe('Windows shortcut to C:\\Windows\\System32\\rundll32.exe');
    expect(r.iocs.map((i) => i.value)).toContain('45.86.12.34');
    // The container's verdict names what its members show.
    expect(verdict(r)).toBe('SUSPICIOUS (Fattura marzo 2026.pdf.lnk: shortcut runs rundll32.exe with arguments, Fattura marzo 2026.pdf.lnk: shortcut window starts minimized)');
  });

  it('stops on a directory that points back to itself, and on a cut image, with warnings', () => {
    const loop = Buffer.from(image);
    // The Joliet root's `dati` record: make its extent the root's own.
    const a = listArchive(image);
    expect(a.entries.some((e) => e.directory && e.path === 'dati')).toBe(true);
    let svd = 17 * 2048;
    while (loop[svd] !== 2) svd += 2048;
    const rootExtent = loop.readUInt32LE(svd + 156 + 2);
    const rootAt = rootExtent * 2048;
    for (let p = rootAt; p < rootAt + 2048; p += loop[p]! || 1) {
      if (loop[p] === 0) break;
      if ((loop[p + 25]! & 2) !== 0 && loop[p + 32]! > 1) loop.writeUInt32LE(rootExtent, p + 2);
    }
    const l = listArchive(loop);
    expect(l.warnings.map((w) => w.code)).toContain('iso-directory-loop');
    const codes = new Set<string>();
    for (let cut = 16 * 2048; cut < image.length; cut += 1024) for (const w of listArchive(image.subarray(0, cut)).warnings) codes.add(w.code);
    expect(codes).toContain('truncated');
  });
});

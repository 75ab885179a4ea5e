import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSamples, type SampleCorpus } from '../../../../test/fixtures/samples/build.js';
import { writeZip } from '../../../../test/fixtures/samples/writers.js';
import { gunzippedName } from './gzip.js';
import { listArchive } from './index.js';

let corpus: SampleCorpus;
const bytes = (n: string): Buffer => readFileSync(corpus.files[n]!);
const README = Buffer.from('Benign member of a Pillbox test archive.\n'.repeat(20));

beforeAll(() => {
  corpus = buildSamples();
}, 300_000);

describe('listArchive', () => {
  it('lists a plain zip with inner formats and verified CRCs', () => {
    const a = listArchive(bytes('zip-plain'), { includeBytes: true });
    expect(a.format).toBe('zip');
    expect(a.entries.map((e) => [e.name, e.format, e.integrity_ok])).toEqual([
      ['members/readme.txt', 'text', true],
      ['members/payload.bin', 'data', true],
    ]);
    expect(Buffer.from(a.entries[0]!.bytes!)).toEqual(README);
  });

  it('names a gzip member stored without a name after the file, as gunzip does (x.tar.gz -> x.tar), nested ones after their entry', () => {
    expect([gunzippedName('/d/x.tar.gz'), gunzippedName('y.tgz'), gunzippedName('a.zip!/logs/app.log.GZ'), gunzippedName('notes.txt'), gunzippedName('.gz')]).toEqual(['x.tar', 'y.tar', 'app.log', null, null]);
    const inner = gzipSync(Buffer.from('log line\n'));
    // gzipSync stores no file name (no FNAME field).
    const outer = gzipSync(writeZip([{ name: 'logs/app.log.gz', data: inner }]));
    expect(listArchive(outer, { name: '/cases/bundle.zip.gz' }).entries.map((e) => e.path)).toEqual(['bundle.zip', 'bundle.zip!/logs/app.log.gz', 'bundle.zip!/logs/app.log.gz!/app.log']);
    expect(listArchive(outer).entries[0]!.path).toBe('data');
  });

  it('warns about member names that leave the extraction folder (zip slip), and only those', () => {
    const names = ['../../etc/cron.d/job', 'a/../../b.sh', '/abs/x.txt', 'C:\\Windows\\x.dll', '..\\up.bat', 'ok/file..txt', 'ok/..hidden', 'plain.txt'];
    const a = listArchive(writeZip(names.map((name) => ({ name, data: Buffer.from('x') }))));
    expect(a.entries.map((e) => e.name)).toEqual(names);
    expect(a.warnings.filter((w) => w.code === 'archive-path-traversal').map((w) => w.message.slice(0, w.message.indexOf(':', 3)))).toEqual(names.slice(0, 5));
  });

  it('decrypts ZipCrypto members with the conventional password "infected"', () => {
    const a = listArchive(bytes('zip-infected'), { includeBytes: true });
    expect(a.encrypted_entries).toBe(2);
    for (const e of a.entries) {
      expect(e).toMatchObject({ encrypted: true, encryption: 'zipcrypto', password: 'infected', integrity_ok: true });
    }
    expect(Buffer.from(a.entries[0]!.bytes!)).toEqual(README);
  });

  it('reports encrypted members it cannot open, without content', () => {
    const a = listArchive(bytes('zip-other-password'));
    expect(a.entries.every((e) => e.encrypted && e.password === null && e.format === null)).toBe(true);
    expect(a.warnings.some((w) => w.code === 'encrypted')).toBe(true);
    const b = listArchive(bytes('zip-other-password'), { passwords: ['not-the-usual'] });
    expect(b.entries.every((e) => e.password === 'not-the-usual' && e.integrity_ok)).toBe(true);
  });

  it('decrypts WinZip AES-256 members (7-Zip output) and checks their MAC', () => {
    if (!corpus.files['zip-aes']) {
      expect(corpus.skipped['zip-aes']).toMatch(/7z/);
      return;
    }
    const a = listArchive(bytes('zip-aes'), { includeBytes: true });
    for (const e of a.entries) expect(e).toMatchObject({ encryption: 'aes', password: 'infected', integrity_ok: true });
    expect(Buffer.from(a.entries.find((e) => e.name.endsWith('readme.txt'))!.bytes!)).toEqual(README);
  });

  it('recurses into nested archives up to maxDepth', () => {
    const a = listArchive(bytes('zip-nested'));
    expect(a.entries.map((e) => [e.path, e.depth])).toEqual([
      ['middle.zip', 0], ['middle.zip!/inner.zip', 1], ['middle.zip!/inner.zip!/inner/readme.txt', 2], ['top.txt', 0],
    ]);
    const shallow = listArchive(bytes('zip-nested'), { maxDepth: 1 });
    expect(shallow.entries.map((e) => e.path)).not.toContain('middle.zip!/inner.zip!/inner/readme.txt');
    expect(shallow.limits_hit).toContain('depth');
  });

  it('stops a zip bomb at the per-entry limit without inflating it', () => {
    const a = listArchive(bytes('zip-bomb'), { maxEntrySize: 8 * 1024 * 1024 });
    expect(a.limits_hit).toContain('entry-size');
    expect(a.total_uncompressed).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(a.entries[0]).toMatchObject({ name: 'zeros.bin', size: 200 * 1024 * 1024, format: null });
    const t = listArchive(bytes('zip-bomb'), { maxEntrySize: 300 * 1024 * 1024, maxTotalSize: 16 * 1024 * 1024 });
    expect(t.limits_hit).toContain('total-size');
  });

  it('caps the member count', () => {
    const many = writeZip(Array.from({ length: 50 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(`file ${i}\n`) })));
    const a = listArchive(many, { maxEntries: 10 });
    expect(a.entries).toHaveLength(10);
    expect(a.limits_hit).toContain('entries');
  });

  it('lists tar and tar.gz, verifying header checksums', () => {
    const t = listArchive(bytes('tar'));
    expect(t.format).toBe('tar');
    expect(t.entries.map((e) => [e.name, e.size, e.integrity_ok])).toEqual([
      ['members/readme.txt', README.length, true], ['members/payload.bin', 8192, true],
    ]);
    const g = listArchive(bytes('tar-gz'));
    expect(g.entries.map((e) => e.path)).toEqual(['data', 'data!/members/readme.txt', 'data!/members/payload.bin']);
    const bad = listArchive(bytes('tar-bad-checksum'));
    expect(bad.warnings.some((w) => w.code === 'bad-checksum')).toBe(true);
    expect(bad.entries[0]!.integrity_ok).toBe(false);
  });

  it('reads gzip header fields and the inner format', () => {
    const g = listArchive(bytes('gzip-elf'));
    expect(g.entries[0]!.format).toBe('elf');
    expect(g.header['os']).toBe('unix');
  });

  it('gives warnings, not exceptions, on truncated and garbage input', () => {
    const z = listArchive(bytes('zip-truncated'));
    expect(z.warnings.some((w) => w.code === 'no-eocd')).toBe(true);
    // The members themselves are intact: they are still listed from their local headers.
    expect(z.entries.map((e) => [e.name, e.integrity_ok])).toEqual([['members/readme.txt', true], ['members/payload.bin', true]]);
    const plain = bytes('zip-plain');
    for (let cut = 0; cut < plain.length; cut += 37) expect(() => listArchive(plain.subarray(0, cut), { format: 'zip' })).not.toThrow();
    expect(() => listArchive(Buffer.from('not an archive at all'))).not.toThrow();
    expect(listArchive(new Uint8Array(0), { format: 'gzip' }).entries[0]!.format).toBeNull();
  });
});

describe('ZIP64', () => {
  it('lists an archive whose end record points to a ZIP64 one (zip -fz), as zip writes past 4 GiB', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-zip64-'));
    try {
      writeFileSync(join(dir, 'a.txt'), 'first member\n');
      writeFileSync(join(dir, 'b.bin'), Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 3)]));
      execFileSync('zip', ['-q', '-fz', join(dir, 'z.zip'), 'a.txt', 'b.bin'], { cwd: dir });
      const a = listArchive(readFileSync(join(dir, 'z.zip')), { includeBytes: true });
      expect(a.entries.map((e) => [e.name, e.size, e.integrity_ok])).toEqual([['a.txt', 13, true], ['b.bin', 102, true]]);
      expect(a.warnings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

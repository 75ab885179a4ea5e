import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriageResultSchema, type TriageResult } from '../../model/triage-result.js';
import { buildPeCorpus, type PeCorpus } from '../../../test/fixtures/pe/build.js';
import { buildSamples, type SampleCorpus } from '../../../test/fixtures/samples/build.js';
import { MANIFEST } from '../../../test/fixtures/samples/manifest.js';
import { parsePe } from '../formats/pe/index.js';
import { defaultCapabilities, defaultYara, triageBytes, triageFile } from '../index.js';
import { readStream, triageRead } from './file.js';

let samples: SampleCorpus;
let pe: PeCorpus;
const tmp = mkdtempSync(join(tmpdir(), 'pillbox-triage-'));
beforeAll(() => {
  samples = buildSamples();
  pe = buildPeCorpus();
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const full = { capabilities: defaultCapabilities(), yara: defaultYara(), now: Date.UTC(2026, 0, 1) };
const bytesOf = (name: string): Buffer => readFileSync(samples.files[name]!);
const valid = (r: TriageResult): TriageResult => {
  const parsed = TriageResultSchema.safeParse(JSON.parse(JSON.stringify(r)));
  expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
  return r;
};

describe('triageBytes on the sample corpus', () => {
  it('gives a valid record of the manifest format for every sample', () => {
    for (const [name, facts] of Object.entries(MANIFEST)) {
      if (!samples.files[name]) continue;
      const r = valid(triageBytes(bytesOf(name), { ...full, path: name }));
      expect(r.format, name).toBe(facts.format);
      if (facts.bits) expect(r.bits, name).toBe(facts.bits);
      expect(r.size, name).toBe(bytesOf(name).length);
      for (const p of facts.packers ?? []) expect(r.packers.map((x) => x.name), name).toContain(p.name);
    }
  });

  it('finds tampered UPX by its stub: packer verdict and the upx_tampered YARA rule', () => {
    const r = triageBytes(bytesOf('pe64-upx-patched'), { ...full, path: 'x' });
    expect(r.packers[0]?.name).toBe('upx');
    expect(r.yara.map((y) => y.rule)).toEqual(expect.arrayContaining(['upx_stub_pe64', 'upx_tampered']));
    const plain = triageBytes(bytesOf('pe64-upx'), { ...full, path: 'y' });
    expect(plain.yara.map((y) => y.rule)).toContain('upx_magic');
    expect(plain.yara.map((y) => y.rule)).not.toContain('upx_tampered');
  });

  it('reports the AES-encrypted overlay with its offset, size and entropy', () => {
    const b = bytesOf('pe64-aes-overlay');
    const r = triageBytes(b, { ...full, path: 'o' });
    expect(r.overlay).not.toBeNull();
    expect(r.overlay!.offset + r.overlay!.size).toBe(b.length);
    expect(r.overlay!.entropy).toBeGreaterThan(7.9);
    expect(r.high_entropy_regions.some((x) => x.offset >= r.overlay!.offset - 1024 && x.size >= 60_000)).toBe(true);
  });

  it('lists archive members and triages them in memory', () => {
    const r = triageBytes(bytesOf('zip-infected'), { ...full, path: 'z.zip' });
    const archive = r.details['archive'] as { entries: { password: string | null }[] };
    expect(archive.entries.some((e) => e.password === 'infected')).toBe(true);
    const members = r.details['members'] as { path: string; sha256: string }[];
    expect(members.length).toBeGreaterThan(0);
    expect(members[0]!.path.startsWith('z.zip!/')).toBe(true);
    expect(members[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops at the zip bomb limits with a warning', () => {
    const r = triageBytes(bytesOf('zip-bomb'), { ...full, path: 'bomb.zip', maxDecompressed: 1 << 20 });
    expect(r.warnings.some((w) => w.code.startsWith('limit-archive') || w.code === 'bomb-suspect')).toBe(true);
  });
});

describe('triage of the .NET loader look-alike', () => {
  it('is a .NET PE with AES and in-memory assembly loading capabilities and its imphash', () => {
    const b = readFileSync(pe.files.loader!);
    const r = valid(triageBytes(b, { ...full, path: 'loader.exe' }));
    expect(r.format).toBe('pe');
    expect(r.dotnet).toBe(true);
    expect(r.hashes.imphash).toBe(parsePe(b)!.imphash);
    const caps = r.capabilities.map((c) => c.name);
    expect(caps).toContain('encrypt or decrypt data using AES');
    expect(caps).toContain('load .NET assembly from memory');
    const aes = r.capabilities.find((c) => c.name === 'encrypt or decrypt data using AES')!;
    expect(aes.attack).toContain('T1027');
    expect(aes.evidence.join(' ')).toMatch(/Cryptography\.Aes/);
  });
});

describe('payload carving and hostile input', () => {
  it('carves a PE embedded after random bytes, and not a bare MZ', () => {
    const exe = readFileSync(pe.files.hello64!);
    const junk = Buffer.alloc(5000, 0x41);
    junk.write('MZ', 100, 'latin1');
    const r = triageBytes(Buffer.concat([junk, exe]), { ...full, path: 'carve' });
    expect(r.embedded).toEqual([{ offset: 5000, format: 'pe32+', size: expect.any(Number) }]);
    expect(r.capabilities.map((c) => c.name)).toContain('contain an embedded executable');
  });

  it('handles zero-length and truncated files with warnings, never throwing', () => {
    expect(valid(triageBytes(new Uint8Array(0), { ...full, path: 'e' })).format).toBe('empty');
    const exe = readFileSync(pe.files.hello64!);
    for (const cut of [2, 64, 0x100, 0x400, exe.length >> 1]) {
      const r = valid(triageBytes(exe.subarray(0, cut), { ...full, path: `t${cut}` }));
      if (r.format === 'pe') expect(r.warnings.length, `cut ${cut}`).toBeGreaterThan(0);
    }
  });

  it('survives a self-referencing resource directory (loop back to its root)', () => {
    const exe = Buffer.from(readFileSync(pe.files.resources64!));
    const info = parsePe(exe)!;
    const dir = info.data_directories[2]!;
    const sec = info.sections.find((s) => dir.rva >= s.virtual_address && dir.rva < s.virtual_address + Math.max(s.virtual_size, s.raw_size))!;
    const root = dir.rva - sec.virtual_address + sec.raw_offset;
    const named = exe.readUInt16LE(root + 12);
    const ids = exe.readUInt16LE(root + 14);
    expect(named + ids).toBeGreaterThan(0);
    exe.writeUInt32LE(0x80000000, root + 16 + 4); // first entry: subdirectory at offset 0 = the root itself
    const r = valid(triageBytes(exe, { ...full, path: 'loop' }));
    expect(r.format).toBe('pe');
  });

  it('hashes a 4 GB sparse file by streaming, without reading it whole, and says so', async () => {
    const path = join(tmp, 'sparse.bin');
    writeFileSync(path, Buffer.from('MZ'));
    const { truncateSync } = await import('node:fs');
    truncateSync(path, 4 * 1024 ** 3);
    const before = process.memoryUsage().rss;
    const r = valid(await triageFile(path, { ...full, maxHashSize: 64 * 1024 * 1024 }));
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expect(r.size).toBe(4 * 1024 ** 3);
    expect(r.warnings[0]!.code).toBe('limit-hash-size');
    expect(r.hashes.sha256).toBe('');
  });

  it('streams the hashes of a file over --max-size and analyses its head', async () => {
    const path = join(tmp, 'big.bin');
    const exe = readFileSync(pe.files.hello64!);
    writeFileSync(path, Buffer.concat([exe, Buffer.alloc(3 << 20, 7)]));
    const whole = triageBytes(readFileSync(path), { ...full, path });
    const r = valid(await triageFile(path, { ...full, maxSize: 1 << 20 }));
    expect(r.warnings[0]!.code).toBe('limit-size');
    expect(r.hashes).toEqual(whole.hashes);
    expect(r.format).toBe('pe');
  });
});

describe('indicator limit', () => {
  // A look-alike of a bundled blocklist: thousands of distinct URLs among binary bytes.
  const bytes = Buffer.concat([Buffer.from([0, 1, 2, 3]), ...Array.from({ length: 3000 }, (_, i) => Buffer.from(`http://h${i}.blocked-${i % 13}.net/p\0`))]);

  it('lists the first indicators by offset and warns with the total', () => {
    const all = triageBytes(bytes, { path: 'list.bin', maxIocs: 0 });
    const some = triageBytes(bytes, { path: 'list.bin', maxIocs: 250 });
    expect(all.iocs.length).toBeGreaterThan(3000);
    expect(all.warnings.map((w) => w.code)).not.toContain('limit-iocs');
    expect(some.iocs).toEqual(all.iocs.slice(0, 250));
    expect(some.warnings.find((w) => w.code === 'limit-iocs')?.message).toBe(`iocs: ${all.iocs.length} indicators in the strings; the first 250 (by offset) are listed`);
    valid(some);
  });

  it('keeps 10,000 by default', () => {
    const big = Buffer.concat([bytes, ...Array.from({ length: 6000 }, (_, i) => Buffer.from(`\0\x01http://k${i}.other-${i % 7}.org/\0`))]);
    const r = triageBytes(big, { path: 'big.bin' });
    expect(r.iocs).toHaveLength(10_000);
    expect(r.warnings.map((w) => w.code)).toContain('limit-iocs');
  });
});

describe('readStream (stdin and pipes)', () => {
  /** `n` chunks of 1 MiB, each filled with its index; counts how many were pulled. */
  const source = (n: number, pulled: { count: number }): AsyncIterable<Buffer> => ({
    async *[Symbol.asyncIterator]() {
      for (let k = 0; k < n; k++) {
        pulled.count++;
        yield Buffer.alloc(1 << 20, k);
      }
    },
  });

  it('keeps all of a stream within maxSize, with the hashes of the same bytes read from a file', async () => {
    const pulled = { count: 0 };
    const r = await readStream(source(3, pulled), { maxSize: 4 << 20 });
    expect(r.whole).toBe(true);
    expect(r.total).toBe(3 << 20);
    expect(Buffer.from(r.bytes).equals(Buffer.concat([0, 1, 2].map((k) => Buffer.alloc(1 << 20, k))))).toBe(true);
    expect(r.hashes).toEqual(triageBytes(r.bytes, { path: 'x' }).hashes);
  });

  it('past maxSize keeps only the first 16 MiB and hashes all of it; past maxHashSize stops reading, unhashed', async () => {
    const all = Buffer.concat(Array.from({ length: 20 }, (_, k) => Buffer.alloc(1 << 20, k)));
    const over = await readStream(source(20, { count: 0 }), { maxSize: 2 << 20 });
    expect(over.whole).toBe(false);
    expect(over.total).toBe(20 << 20);
    expect(Buffer.from(over.bytes).equals(all.subarray(0, 16 << 20))).toBe(true);
    expect(over.hashes).toEqual(triageBytes(all, { path: 'x' }).hashes);
    const rec = triageRead(over, { ...full, path: '-', maxSize: 2 << 20 });
    expect(rec.size).toBe(20 << 20);
    expect(rec.hashes.sha256).toBe(over.hashes!.sha256);
    expect(rec.warnings[0]?.code).toBe('limit-size');
    const pulled = { count: 0 };
    const endless = await readStream(source(1000, pulled), { maxSize: 2 << 20, maxHashSize: 5 << 20 });
    expect(pulled.count).toBe(6);
    expect(endless.hashes).toBeNull();
    expect(endless.bytes.length).toBe(5 << 20);
    const cut = triageRead(endless, { ...full, path: '/dev/zero', maxSize: 2 << 20, maxHashSize: 5 << 20 });
    expect(cut.hashes.sha256).toBe('');
    expect(cut.warnings[0]?.message).toBe('stream gave over 5 MiB (reading stopped there), over the hash limit of 5 MiB: not hashed; only the first 5 MiB were analysed');
  });
});

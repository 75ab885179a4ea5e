import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPeCorpus, OVERLAY_BYTES, type Target } from '../../../../test/fixtures/pe/build.js';
import { layout, patched, put16, put32, u32, withRichHeader } from '../../../../test/fixtures/pe/mutate.js';
import { isPe, parsePe } from './index.js';
import type { PeInfo } from './types.js';

// Facts about the corpus built from test/fixtures/pe/src. A target may be absent only because
// its compiler is not installed (CI installs them all); a failed build fails the test.
const corpus = buildPeCorpus();

function load(target: Target): { bytes: Uint8Array; pe: PeInfo } | undefined {
  const file = corpus.files[target];
  if (!file) {
    expect(corpus.skipped[target]).toMatch(/^missing /);
    return undefined;
  }
  const bytes = new Uint8Array(readFileSync(file));
  const pe = parsePe(bytes, { checksum: true, now: Date.UTC(2030, 0, 1) });
  expect(pe).not.toBeNull();
  return { bytes, pe: pe! };
}

const fnNames = (pe: PeInfo, dll: string): string[] =>
  pe.imports.find((i) => i.dll.toLowerCase() === dll)?.functions.map((f) => f.name ?? `#${f.ordinal}`) ?? [];

describe('parsePe on the built corpus', () => {
  it('reads a 64-bit console EXE: headers, sections, imports, entry point', () => {
    const r = load('hello64');
    if (!r) return;
    const { pe } = r;
    expect(pe).toMatchObject({ format: 'pe32+', machine: 'x64', bits: 64, dll: false, driver: false, subsystem: 'windows_cui' });
    expect(pe.entry_point.section).toBe('.text');
    expect(pe.entry_point.offset).toBeGreaterThan(0);
    expect(pe.sections.map((s) => s.name)).toContain('.text');
    const text = pe.sections.find((s) => s.name === '.text')!;
    expect(text.perms).toBe('r-x');
    expect(text.entropy).toBeGreaterThan(4);
    expect(text.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(fnNames(pe, 'kernel32.dll')).toContain('GetCurrentProcessId');
    expect(pe.imphash).toMatch(/^[0-9a-f]{32}$/);
    expect(pe.overlay).toBeNull();
    expect(pe.rich).toBeNull();
    expect(pe.relocations!.types.dir64).toBeGreaterThan(0);
    expect(pe.relocations!.entries).toBe(Object.values(pe.relocations!.types).reduce((a, b) => a + b, 0));
    expect(pe.anomalies).toEqual([]);
    expect(pe.warnings).toEqual([]);
    expect(pe.checksum.computed).toBeTypeOf('number');
    expect(isPe(r.bytes)).toBe(true);
  });

  it('finds an appended overlay with its exact offset, size and entropy', () => {
    const base = load('hello64');
    const r = load('hello64-overlay');
    if (!r || !base) return;
    expect(r.pe.overlay).toMatchObject({ offset: base.bytes.length, size: OVERLAY_BYTES.length });
    expect(r.pe.overlay!.entropy).toBeCloseTo(8, 0);
  });

  it('lists named, ordinal-only and forwarded exports of a DLL', () => {
    const r = load('exports64');
    if (!r) return;
    const { pe } = r;
    expect(pe.dll).toBe(true);
    expect(pe.exports?.dll_name).toBe('pbexports.dll');
    const byOrd = new Map(pe.exports!.functions.map((f) => [f.ordinal, f]));
    expect(byOrd.get(1)).toMatchObject({ name: 'pb_add', forwarder: null });
    expect(byOrd.get(2)).toMatchObject({ name: 'pb_sub', forwarder: null });
    expect(byOrd.get(3)).toMatchObject({ name: 'pb_sleep', forwarder: 'kernel32.Sleep' });
    expect(byOrd.get(7)).toMatchObject({ name: null });
  });

  it('reports TLS callbacks (one more than the C runtime registers by itself)', () => {
    const base = load('hello64');
    const r = load('tls64');
    if (!r || !base) return;
    expect(r.pe.tls!.callbacks.length).toBe((base.pe.tls?.callbacks.length ?? 0) + 1);
    for (const va of r.pe.tls!.callbacks) {
      const rva = va - r.pe.image_base;
      const text = r.pe.sections.find((s) => s.name === '.text')!;
      expect(rva).toBeGreaterThanOrEqual(text.virtual_address);
      expect(rva).toBeLessThan(text.virtual_address + text.virtual_size);
    }
  });

  it('flattens resources with RT_* names and points at their data', () => {
    const r = load('resources64');
    if (!r) return;
    const types = r.pe.resources.map((x) => x.type);
    expect(types).toEqual(expect.arrayContaining(['RT_RCDATA', 'RT_STRING', 'RT_VERSION']));
    const rc = r.pe.resources.find((x) => x.type === 'RT_RCDATA')!;
    expect(rc.name).toBe('#101');
    const text = new TextDecoder().decode(r.bytes.subarray(rc.offset!, rc.offset! + 21));
    expect(text).toBe('pillbox-rcdata-marker');
  });

  it('resolves ws2_32 ordinal imports through pefile ordinal names', () => {
    const r = load('ordinals64');
    if (!r) return;
    const ws2 = r.pe.imports.find((i) => i.dll.toLowerCase() === 'ws2_32.dll')!;
    expect(ws2.functions.map((f) => [f.ordinal, f.name]).sort()).toEqual([
      [115, 'WSAStartup'],
      [116, 'WSACleanup'],
      [9, 'htons'],
    ]);
  });

  it('reads a 32-bit image built by clang and lld-link', () => {
    const r = load('tiny32');
    if (!r) return;
    expect(r.pe).toMatchObject({ format: 'pe32', machine: 'x86', bits: 32, image_base: 0x400000 });
    expect(fnNames(r.pe, 'kernel32.dll').sort()).toEqual(['ExitProcess', 'GetTickCount']);
    expect(r.pe.relocations!.types.highlow).toBeGreaterThan(0);
    const delayed = r.pe.imports.filter((i) => i.delayed);
    expect(delayed.map((i) => [i.dll, i.functions.map((f) => f.name)])).toEqual([['version.dll', ['GetFileVersionInfoSizeA']]]);
    const cv = r.pe.debug.find((d) => d.type_name === 'codeview')!;
    expect(cv.pdb).toBe('tiny32.pdb');
    expect(cv.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('reports an Authenticode certificate table and keeps it out of the overlay start', () => {
    const r = load('hello64');
    if (!r) return;
    const L = layout(r.bytes);
    const cert = new Uint8Array(64);
    put32(cert, 0, cert.length);
    put16(cert, 4, 0x0200);
    put16(cert, 6, 0x0002);
    const signed = new Uint8Array(r.bytes.length + cert.length);
    signed.set(r.bytes);
    signed.set(cert, r.bytes.length);
    put32(signed, L.dirs + 4 * 8, r.bytes.length);
    put32(signed, L.dirs + 4 * 8 + 4, cert.length);
    const pe = parsePe(signed)!;
    expect(pe.authenticode).toEqual({ offset: r.bytes.length, size: 64, revision: 0x200, type: 2, in_file: true });
    expect(pe.overlay).toMatchObject({ offset: r.bytes.length, size: 64 });
  });

  it('flags entry point and section anomalies', () => {
    const r = load('hello64');
    if (!r) return;
    const L = layout(r.bytes);
    const outside = parsePe(patched(r.bytes, (c) => put32(c, L.opt + 16, 0x7fff0000)))!;
    expect(outside.anomalies).toContain('entry-outside-sections');
    expect(outside.entry_point).toMatchObject({ section: null, offset: null });
    // .text (first section) made writable: W+X and a writable entry section.
    const wx = parsePe(patched(r.bytes, (c) => put32(c, L.sections + 36, u32(c, L.sections + 36) | 0x80000000)))!;
    expect(wx.anomalies).toEqual(expect.arrayContaining(['section-wx:.text', 'entry-in-writable-section']));
    expect(wx.sections[0]!.perms).toBe('rwx');
    // Entry point moved into the last section.
    const lastVa = r.pe.sections[r.pe.sections.length - 1]!.virtual_address;
    const late = parsePe(patched(r.bytes, (c) => put32(c, L.opt + 16, lastVa)))!;
    expect(late.anomalies).toEqual(expect.arrayContaining(['entry-in-last-section', 'entry-not-in-first-code-section']));
    expect(parsePe(r.bytes, { now: Date.UTC(2000, 0, 1) })!.timestamp.anomalies).toContain('future');
    const zero = parsePe(patched(r.bytes, (c) => put32(c, L.pe + 8, 0)))!;
    expect(zero.timestamp).toEqual({ value: 0, iso: null, anomalies: ['zero'] });
  });

  it('decodes a Rich header, its hash and whether its checksum holds', () => {
    const r = load('hello64');
    if (!r) return;
    const entries: [number, number][] = [[0x010e7809, 12], [0x00ff6b14, 1]];
    expect(parsePe(withRichHeader(r.bytes, entries, 0x1234567))!.rich!.checksum_valid).toBe(false);
    const pe = parsePe(withRichHeader(r.bytes, entries))!;
    expect(pe.rich!.checksum_valid).toBe(true);
    expect(pe.rich!.entries).toEqual([
      { product: 0x010e, build: 0x7809, count: 12, comp_id: 0x010e7809 },
      { product: 0x00ff, build: 0x6b14, count: 1, comp_id: 0x00ff6b14 },
    ]);
    expect(pe.rich!.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(pe.imphash).toBe(r.pe.imphash);
  });
});

describe('parsePe on a .NET loader look-alike', () => {
  it('exposes the crypto and Assembly.Load references and the obfuscator marker', () => {
    const r = load('loader');
    if (!r) return;
    const { pe } = r;
    expect(pe).toMatchObject({ format: 'pe32', machine: 'x86' });
    expect(fnNames(pe, 'mscoree.dll')).toEqual(['_CorExeMain']);
    const d = pe.dotnet!;
    expect(d.metadata_version).toMatch(/^v4\./);
    expect(d.streams.map((s) => s.name)).toEqual(expect.arrayContaining(['#~', '#Strings', '#US', '#GUID', '#Blob']));
    expect(d.module_name).toBe('loader.exe');
    expect(d.assembly).toEqual({ name: 'loader', version: '1.2.3.4', culture: '' });
    expect(d.assembly_refs.map((a) => a.name)).toContain('mscorlib');
    expect(d.type_refs).toEqual(expect.arrayContaining(['System.Security.Cryptography.Aes', 'System.Security.Cryptography.RijndaelManaged', 'System.Reflection.Assembly']));
    expect(d.member_refs).toEqual(
      expect.arrayContaining([
        'System.Reflection.Assembly::Load',
        'System.Security.Cryptography.Aes::Create',
        'System.Security.Cryptography.SymmetricAlgorithm::CreateDecryptor',
        'System.IO.File::ReadAllBytes',
      ]),
    );
    expect(d.type_defs).toEqual(['<Module>', 'Pillbox.Fixtures.ConfusedByAttribute', 'Pillbox.Fixtures.Loader']);
    expect(d.method_defs).toContain('Pillbox.Fixtures.Loader::Main');
    expect(d.entry_point).toBe('Pillbox.Fixtures.Loader::Main');
    expect(d.custom_attributes).toContain('Pillbox.Fixtures.ConfusedByAttribute');
    expect(d.user_strings).toEqual(expect.arrayContaining(['payload.bin']));
    expect(d.flags.flags).toContain('ILONLY');
  });
});

describe('parsePe on real .NET assemblies shipped with mono-mcs', () => {
  const mono = '/usr/lib/mono/4.5/';

  it('reads mscorlib, whose heaps need 4-byte indexes, and mcs.exe with its managed entry point', () => {
    const lib = parsePe(readFileSync(`${mono}mscorlib.dll`))!;
    expect(lib.warnings).toEqual([]);
    const d = lib.dotnet!;
    expect(d.streams.find((s) => s.name === '#Strings')!.size).toBeGreaterThan(0xffff);
    expect(d.assembly).toEqual({ name: 'mscorlib', version: '4.0.0.0', culture: '' });
    expect(d.type_defs).toEqual(expect.arrayContaining(['System.Object', 'System.Reflection.Assembly', 'System.Security.Cryptography.Aes']));
    expect(d.method_defs).toContain('System.Reflection.Assembly::Load');
    expect(d.table_rows.MethodDef).toBe(d.method_defs.length);
    const mcs = parsePe(readFileSync(`${mono}mcs.exe`))!.dotnet!;
    expect(mcs.entry_point).toBe('Mono.CSharp.Driver::Main');
    expect(mcs.assembly_refs.map((a) => a.name)).toEqual(expect.arrayContaining(['mscorlib', 'System.Core']));
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPeCorpus, OVERLAY_BYTES, type Target } from '../../../../test/fixtures/pe/build.js';
import { withRichHeader } from '../../../../test/fixtures/pe/mutate.js';
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
  });

  it('decodes a Rich header and its hash', () => {
    const r = load('hello64');
    if (!r) return;
    const pe = parsePe(withRichHeader(r.bytes, [[0x010e7809, 12], [0x00ff6b14, 1]]))!;
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

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPeCorpus } from '../../../../test/fixtures/pe/build.js';
import { layout, patched, prng, put16, put32, u32 } from '../../../../test/fixtures/pe/mutate.js';
import { parsePe } from './index.js';
import type { PeInfo } from './types.js';

// Malformed inputs derived from the built corpus: the parser must return (null or a partial
// result with warnings), never throw, and stay bounded.
const corpus = buildPeCorpus();
const read = (t: keyof typeof corpus.files): Uint8Array | undefined => {
  const f = corpus.files[t];
  if (!f) expect(corpus.skipped[t]).toMatch(/^missing /);
  return f ? new Uint8Array(readFileSync(f)) : undefined;
};
const codes = (pe: PeInfo | null): string[] => pe?.warnings.map((w) => w.code) ?? [];

describe('parsePe on hostile input', () => {
  it('returns null for empty, tiny and non-PE inputs', () => {
    expect(parsePe(new Uint8Array(0))).toBeNull();
    expect(parsePe(new Uint8Array([0x4d]))).toBeNull();
    expect(parsePe(new Uint8Array([0x4d, 0x5a]))).toBeNull();
    const mz = new Uint8Array(64);
    mz.set([0x4d, 0x5a]);
    put32(mz, 0x3c, 0x1000); // e_lfanew past EOF
    expect(parsePe(mz)).toBeNull();
    put32(mz, 0x3c, 0x3c); // e_lfanew pointing at itself
    expect(parsePe(mz)).toBeNull();
    expect(parsePe(new TextEncoder().encode('MZ this is only text'))).toBeNull();
  });

  it('gives a partial result when the headers end right after the PE signature', () => {
    const b = new Uint8Array(0x44);
    b.set([0x4d, 0x5a]);
    put32(b, 0x3c, 0x40);
    b.set([0x50, 0x45, 0, 0], 0x40);
    const pe = parsePe(b)!;
    expect(pe.sections).toEqual([]);
    expect(codes(pe)).toContain('truncated');
    expect(pe.anomalies).toContain('no-sections');
  });

  it('survives truncation at many offsets', () => {
    for (const t of ['hello64', 'exports64', 'resources64', 'loader', 'tiny32'] as const) {
      const b = read(t);
      if (!b) continue;
      const peOff = layout(b).pe;
      const cuts = new Set<number>();
      for (let c = 0; c < Math.min(b.length, 2048); c += 61) cuts.add(c);
      for (let i = 1; i < 40; i++) cuts.add(Math.floor((b.length * i) / 40));
      for (const cut of cuts) {
        const pe = parsePe(b.subarray(0, cut));
        if (cut < peOff + 4) expect(pe).toBeNull();
        else {
          expect(pe).not.toBeNull();
          expect(() => JSON.stringify(pe)).not.toThrow();
          if (cut < b.length - 4096) expect(codes(pe)).toContain('truncated');
        }
      }
    }
  });

  it('caps a huge NumberOfSections and NumberOfRvaAndSizes', () => {
    const b = read('hello64');
    if (!b) return;
    const L = layout(b);
    const bad = patched(b, (c) => {
      put16(c, L.pe + 6, 0xffff);
      put32(c, L.opt + (L.is64 ? 108 : 92), 0xffffffff);
    });
    const pe = parsePe(bad, { maxSections: 40 })!;
    expect(pe.sections.length).toBeLessThanOrEqual(40);
    expect(pe.data_directories).toHaveLength(16);
    expect(codes(pe)).toEqual(expect.arrayContaining(['limit-sections', 'pe-rva-count']));
  });

  it('reads a section table that overlaps the optional header', () => {
    const b = read('hello64');
    if (!b) return;
    const L = layout(b);
    const pe = parsePe(patched(b, (c) => put16(c, L.pe + 20, 0)))!;
    expect(pe).not.toBeNull();
    expect(() => JSON.stringify(pe)).not.toThrow();
  });

  it('stops at a resource directory that points back at the root', () => {
    const b = read('resources64');
    if (!b) return;
    const base = parsePe(b)!;
    const rsrc = base.sections.find((s) => s.name === '.rsrc')!;
    // The root's first entry is a sub-directory; aim it at the root itself (offset 0).
    const cyc = patched(b, (c) => put32(c, rsrc.raw_offset + 16 + 4, 0x80000000));
    const pe = parsePe(cyc)!;
    expect(codes(pe)).toContain('pe-resource-loop');
    expect(pe.resources.length).toBeLessThan(base.resources.length);
  });

  it('bounds import and export walks by the configured caps', () => {
    const b = read('exports64');
    if (!b) return;
    const capped = parsePe(b, { maxImportFunctions: 5 })!;
    expect(codes(capped)).toContain('limit-imports');
    expect(capped.imports.reduce((n, i) => n + i.functions.length, 0)).toBeLessThanOrEqual(6);
    const edata = parsePe(b)!.data_directories[0]!;
    const off = parsePe(b)!.sections.find((s) => s.name === '.edata')!;
    const dirOff = edata.rva - off.virtual_address + off.raw_offset;
    const huge = patched(b, (c) => {
      put32(c, dirOff + 20, 0xffffffff);
      put32(c, dirOff + 24, 0xffffffff);
    });
    const pe = parsePe(huge)!;
    expect(pe.exports === null || pe.exports.functions.length <= 0x2000 * 4).toBe(true);
  });

  it('survives hostile .NET metadata: huge row counts and TypeRef scope cycles', () => {
    const b = read('loader');
    if (!b) return;
    const d = parsePe(b)!.dotnet!;
    const tables = d.streams.find((s) => s.name === '#~')!;
    // Row counts follow the 24-byte header in table order: Module, then TypeRef.
    const huge = parsePe(patched(b, (c) => put32(c, tables.offset + 28, 0x7fffffff)))!;
    expect(codes(huge)).toContain('truncated');
    // Only rows that fit in the stream are read (6 bytes per TypeRef row here).
    expect(huge.dotnet!.type_refs.length).toBeLessThanOrEqual(tables.size / 6);
    const capped = parsePe(b, { maxMetadataRows: 2 })!;
    expect(codes(capped)).toContain('limit-metadata-rows');
    expect(capped.dotnet!.type_refs).toEqual(d.type_refs.slice(0, 2));
    // TypeRef rows start after the Module row; point rows 1 and 2 at each other (ResolutionScope tag 3).
    const rowCountBytes = 4 * Object.keys(d.table_rows).length;
    const moduleRow = 2 + 2 + 3 * 2; // Generation, Name, then 3 GUID indexes, all 2-byte here
    const typeRef1 = tables.offset + 24 + rowCountBytes + moduleRow;
    const looped = patched(b, (c) => {
      put16(c, typeRef1, (2 << 2) | 3);
      put16(c, typeRef1 + 6, (1 << 2) | 3);
    });
    const pe = parsePe(looped)!;
    expect(pe.dotnet!.type_refs.length).toBe(d.type_refs.length);
    expect(codes(pe)).toContain('dotnet-nesting-loop');
    expect(pe.dotnet!.type_refs[0]).toBe('System.AttributeTargets/AttributeUsageAttribute');
    expect(Math.max(...pe.dotnet!.type_refs.map((n) => n.split('/').length))).toBe(2);
  });

  it('stops at a base relocation block too small to advance', () => {
    const b = read('hello64');
    if (!b) return;
    const pe = parsePe(b)!;
    const reloc = pe.data_directories[5]!;
    const sec = pe.sections.find((s) => reloc.rva >= s.virtual_address && reloc.rva < s.virtual_address + s.virtual_size)!;
    const off = reloc.rva - sec.virtual_address + sec.raw_offset;
    const bad = parsePe(patched(b, (c) => put32(c, off + 4, 4)))!;
    expect(codes(bad)).toContain('pe-relocations');
    expect(bad.relocations).toEqual({ blocks: 0, entries: 0, types: {} });
  });

  it('bounds hashing when a thousand sections all claim the whole file', () => {
    const size = 1 << 20;
    const b = new Uint8Array(size).map((_, i) => (i * 131) & 0xff);
    b.fill(0, 0, 0x40);
    b.set([0x4d, 0x5a]);
    put32(b, 0x3c, 0x40);
    b.set([0x50, 0x45, 0, 0], 0x40);
    put16(b, 0x44, 0x8664);
    put16(b, 0x46, 1000);
    put16(b, 0x54, 240);
    const opt = 0x58;
    b.fill(0, opt, opt + 240);
    put16(b, opt, 0x20b);
    put32(b, opt + 32, 0x1000);
    put32(b, opt + 36, 0x200);
    put32(b, opt + 108, 16);
    for (let i = 0; i < 1000; i++) {
      const h = opt + 240 + 40 * i;
      b.fill(0x41, h, h + 8);
      put32(b, h + 8, size);
      put32(b, h + 12, 0x1000 * (i + 1));
      put32(b, h + 16, size);
      put32(b, h + 20, 0);
      put32(b, h + 36, 0x60000020);
    }
    const pe = parsePe(b)!;
    expect(pe.sections).toHaveLength(1000);
    expect(codes(pe)).toContain('limit-hash-bytes');
    expect(pe.sections.filter((s) => s.md5 !== null).length).toBeLessThanOrEqual(4);
  });

  it('never throws on random corruption of headers and tables', () => {
    const inputs = (['hello64', 'exports64', 'resources64', 'loader', 'tiny32'] as const).map(read).filter((x) => x !== undefined);
    const rnd = prng(4);
    let parsed = 0;
    for (let i = 0; i < 400; i++) {
      const src = inputs[i % inputs.length]!;
      const c = new Uint8Array(src);
      const edits = 1 + Math.floor(rnd() * 8);
      for (let e = 0; e < edits; e++) {
        const pos = Math.floor(rnd() * Math.min(c.length, rnd() < 0.7 ? 1024 : c.length));
        if (rnd() < 0.5) c[pos] = c[pos]! ^ (1 << Math.floor(rnd() * 8));
        else put32(c, Math.min(pos, c.length - 4), rnd() < 0.5 ? 0xffffffff : Math.floor(rnd() * 2 ** 32));
      }
      const pe = parsePe(c, { checksum: true });
      if (pe) parsed++;
      expect(() => JSON.stringify(pe)).not.toThrow();
    }
    expect(parsed).toBeGreaterThan(100);
    expect(u32(inputs[0]!, 0x3c)).toBeGreaterThan(0);
  });
});

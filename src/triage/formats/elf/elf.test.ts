import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isElf, parseElf } from './index.js';

/** Hand-made minimal big-endian 32-bit ELF (MIPS EXEC): header + one PT_LOAD covering the entry. */
function mipsBigEndian(): Buffer {
  const b = Buffer.alloc(52 + 32 + 16);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1]).copy(b);
  b.writeUInt16BE(2, 16); b.writeUInt16BE(8, 18); b.writeUInt32BE(1, 20); b.writeUInt32BE(0x400054, 24);
  b.writeUInt32BE(52, 28); b.writeUInt16BE(52, 40); b.writeUInt16BE(32, 42); b.writeUInt16BE(1, 44); b.writeUInt16BE(40, 46);
  b.writeUInt32BE(1, 52); b.writeUInt32BE(0, 56); b.writeUInt32BE(0x400000, 60); b.writeUInt32BE(0x400000, 64);
  b.writeUInt32BE(b.length, 68); b.writeUInt32BE(b.length, 72); b.writeUInt32BE(5, 76);
  return b;
}

describe('parseElf', () => {
  it('reads a system binary', () => {
    const elf = parseElf(readFileSync('/bin/ls'))!;
    expect(elf).toMatchObject({ bits: 64, endian: 'little', machine: 'x86-64' });
    expect(elf.needed).toContain('libc.so.6');
    expect(elf.sections.find((s) => s.name === '.text')?.entropy).toBeGreaterThan(4);
    expect(elf.build_id).toMatch(/^[0-9a-f]{40}$/);
    expect(elf.warnings).toEqual([]);
  });

  it('reads SONAME from a shared library', () => {
    const elf = parseElf(readFileSync('/lib/x86_64-linux-gnu/libc.so.6'))!;
    expect(elf.soname).toBe('libc.so.6');
    expect(elf.symbols.length).toBeGreaterThan(100);
  });

  it('reads big-endian 32-bit files and flags the missing section table', () => {
    const elf = parseElf(mipsBigEndian())!;
    expect(elf).toMatchObject({ bits: 32, endian: 'big', machine: 'mips', type: 'EXEC', entry: 0x400054, entry_offset: 0x54 });
    expect(elf.anomalies).toContain('no-section-headers');
    expect(elf.anomalies).not.toContain('entry-outside-load');
  });

  it('flags entry outside PT_LOAD and W+X segments', () => {
    const b = mipsBigEndian();
    b.writeUInt32BE(0x900000, 24);
    b.writeUInt32BE(7, 76);
    expect(parseElf(b)!.anomalies).toEqual(expect.arrayContaining(['entry-outside-load', 'wx-segment']));
  });

  it('caps hostile counts and never throws on truncation or garbage offsets', () => {
    const b = mipsBigEndian();
    b.writeUInt16BE(0xffff, 44);
    const elf = parseElf(b, { maxSegments: 8 })!;
    expect(elf.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['limit-segments', 'truncated']));
    const ls = readFileSync('/bin/ls');
    for (let cut = 0; cut < 4096; cut += 13) expect(() => parseElf(ls.subarray(0, cut))).not.toThrow();
    expect(parseElf(Buffer.from('not elf'))).toBeNull();
    expect(isElf(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 9, 9]))).toBe(false);
  });
});

import type { Diagnostic } from '../../../model/diagnostic.js';
import { shannonEntropy } from '../../entropy/index.js';
import { ELF_MACHINES, ELF_TYPES, PT_TYPES, PT_INTERP, PT_LOAD, SHT_NOBITS, SHT_TYPES, name } from './constants.js';
import { findAnomalies } from './anomalies.js';
import { parseDynamic, parseNotes, parseSymbols, type Ctx, type RawSection, type RawSegment } from './tables.js';
import { Reader } from './reader.js';
import { ELF_DEFAULTS, type ElfInfo, type ElfOptions, type ElfSection, type ElfSegment } from './types.js';

export type * from './types.js';
export { ELF_DEFAULTS } from './types.js';

/**
 * True when the bytes start with the ELF magic and a valid class and data byte.
 * @example isElf(readFileSync('/bin/ls')) // true
 */
export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 16 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46 &&
    (bytes[4] === 1 || bytes[4] === 2) && (bytes[5] === 1 || bytes[5] === 2);
}

/**
 * Parse an ELF file (32/64-bit, either byte order) without throwing on malformed input: damaged
 * tables are left empty and explained in `warnings`; every loop over a file-controlled count is
 * capped by `opts`. Returns null when the bytes are not ELF.
 * @example
 * const elf = parseElf(bytes);
 * if (elf) console.log(elf.machine, elf.needed, elf.build_id);
 */
export function parseElf(bytes: Uint8Array, opts: ElfOptions = {}): ElfInfo | null {
  if (!isElf(bytes)) return null;
  const limits = { ...ELF_DEFAULTS, ...opts };
  const is64 = bytes[4] === 2;
  const r = new Reader(bytes, bytes[5] === 1);
  const warnings: Diagnostic[] = [];
  const warn = (code: string, message: string, offset?: number): void => {
    if (warnings.length < 200) warnings.push(offset === undefined ? { code, message } : { code, message, offset });
  };
  const hdrSize = is64 ? 64 : 52;
  if (bytes.length < hdrSize) warn('truncated', `ELF header needs ${hdrSize} bytes, file has ${bytes.length}`);
  const w = (o32: number, o64: number): number => (is64 ? r.u64(o64) : r.u32(o32)) ?? 0;
  const h = (o32: number, o64: number): number => r.u16(is64 ? o64 : o32) ?? 0;
  const typeId = r.u16(16) ?? 0;
  const machineId = r.u16(18) ?? 0;
  const entry = w(24, 24);
  const ctx: Ctx = { r, is64, warn, limits };
  const segments = readSegments(ctx, w(28, 32), h(42, 54), h(44, 56));
  const shoff = w(32, 40);
  const sections = readSections(ctx, shoff, h(46, 58), h(48, 60), h(50, 62));
  const dyn = parseDynamic(ctx, segments, sections);
  const syms = parseSymbols(ctx, sections);
  const entryOffset = vaddrToOffset(segments, entry);
  const interp = segments.find((s) => s.type === PT_INTERP);
  const entropyOf = limits.entropy ? (limits.rangeEntropy ?? ((a: number, b: number) => shannonEntropy(bytes, a, b))) : null;
  const info: ElfInfo = {
    bits: is64 ? 64 : 32,
    endian: r.le ? 'little' : 'big',
    type: name(ELF_TYPES, typeId),
    machine: name(ELF_MACHINES, machineId),
    machine_id: machineId,
    os_abi: bytes[7] ?? 0,
    entry,
    entry_offset: entryOffset,
    interpreter: interp ? (r.cstr(interp.offset, Math.min(interp.filesz, 4096)) ?? null) : null,
    segments: segments.map(publicSegment),
    sections: sections.map((s) => publicSection(r, s, entropyOf)),
    section_header_count: shoff === 0 ? 0 : h(48, 60),
    ...dyn,
    symbols: syms.names,
    symbol_count: syms.count,
    build_id: parseNotes(ctx, segments, sections),
    anomalies: [],
    warnings,
  };
  info.anomalies = findAnomalies(info, segments, bytes.length);
  return info;
}

/**
 * File offset of a virtual address through the PT_LOAD segments, or null.
 * @example vaddrToOffset([{ type: 1, flags: 5, offset: 0, vaddr: 0x400000, filesz: 0x1000, memsz: 0x1000 }], 0x400010) // 0x10
 */
export function vaddrToOffset(segments: RawSegment[], va: number): number | null {
  for (const s of segments) {
    if (s.type === PT_LOAD && va >= s.vaddr && va < s.vaddr + s.filesz) return s.offset + (va - s.vaddr);
  }
  return null;
}

function readSegments(ctx: Ctx, off: number, entSize: number, count: number): RawSegment[] {
  const { r, is64, warn, limits } = ctx;
  const out: RawSegment[] = [];
  if (count === 0) return out;
  const need = is64 ? 56 : 32;
  if (entSize < need) {
    warn('bad-phentsize', `program header entry size ${entSize} is below ${need}`);
    return out;
  }
  if (count > limits.maxSegments) warn('limit-segments', `${count} program headers, reading ${limits.maxSegments}`);
  for (let i = 0; i < Math.min(count, limits.maxSegments); i++) {
    const p = off + i * entSize;
    if (!r.has(p, need)) {
      warn('truncated', `program header ${i} lies outside the file`, p);
      break;
    }
    out.push(is64
      ? { type: r.u32(p)!, flags: r.u32(p + 4)!, offset: r.u64(p + 8)!, vaddr: r.u64(p + 16)!, filesz: r.u64(p + 32)!, memsz: r.u64(p + 40)! }
      : { type: r.u32(p)!, offset: r.u32(p + 4)!, vaddr: r.u32(p + 8)!, filesz: r.u32(p + 16)!, memsz: r.u32(p + 20)!, flags: r.u32(p + 24)! });
  }
  return out;
}

function readSections(ctx: Ctx, off: number, entSize: number, count: number, strIndex: number): RawSection[] {
  const { r, is64, warn, limits } = ctx;
  const out: RawSection[] = [];
  if (off === 0 || count === 0) return out;
  const need = is64 ? 64 : 40;
  if (entSize < need) {
    warn('bad-shentsize', `section header entry size ${entSize} is below ${need}`);
    return out;
  }
  if (count > limits.maxSections) warn('limit-sections', `${count} section headers, reading ${limits.maxSections}`);
  for (let i = 0; i < Math.min(count, limits.maxSections); i++) {
    const p = off + i * entSize;
    if (!r.has(p, need)) {
      warn('truncated', `section header ${i} lies outside the file`, p);
      break;
    }
    out.push(is64
      ? { nameOff: r.u32(p)!, type: r.u32(p + 4)!, flags: r.u64(p + 8)!, addr: r.u64(p + 16)!, offset: r.u64(p + 24)!, size: r.u64(p + 32)!, link: r.u32(p + 40)!, entsize: r.u64(p + 56)!, name: '' }
      : { nameOff: r.u32(p)!, type: r.u32(p + 4)!, flags: r.u32(p + 8)!, addr: r.u32(p + 12)!, offset: r.u32(p + 16)!, size: r.u32(p + 20)!, link: r.u32(p + 24)!, entsize: r.u32(p + 36)!, name: '' });
  }
  const strtab = out[strIndex];
  if (strtab && strtab.type !== SHT_NOBITS) {
    for (const s of out) s.name = s.nameOff < strtab.size ? (r.cstr(strtab.offset + s.nameOff, Math.min(256, strtab.size - s.nameOff)) ?? '') : '';
  } else if (out.length > 0) warn('bad-shstrndx', `section name table index ${strIndex} is invalid`);
  return out;
}

const perms = (f: number): string => `${f & 4 ? 'r' : '-'}${f & 2 ? 'w' : '-'}${f & 1 ? 'x' : '-'}`;

function publicSegment(s: RawSegment): ElfSegment {
  return { type: name(PT_TYPES, s.type), flags: perms(s.flags), offset: s.offset, vaddr: s.vaddr, file_size: s.filesz, mem_size: s.memsz };
}

function publicSection(r: Reader, s: RawSection, entropy: ((start: number, end: number) => number) | null): ElfSection {
  const inFile = s.type !== SHT_NOBITS && r.has(s.offset, s.size);
  const flags = `${s.flags & 1 ? 'w' : '-'}${s.flags & 2 ? 'a' : '-'}${s.flags & 4 ? 'x' : '-'}`;
  return {
    name: s.name, type: name(SHT_TYPES, s.type), flags, addr: s.addr, offset: s.offset, size: s.size,
    entropy: entropy !== null && inFile ? round(entropy(s.offset, s.offset + s.size)) : null,
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

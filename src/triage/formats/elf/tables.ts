import { DT_NEEDED, DT_RPATH, DT_RUNPATH, DT_SONAME, DT_STRTAB, NT_GNU_BUILD_ID, PT_DYNAMIC, PT_LOAD, PT_NOTE, SHT_DYNAMIC, SHT_DYNSYM, SHT_NOTE, SHT_SYMTAB } from './constants.js';
import { hex, type Reader } from './reader.js';
import type { ELF_DEFAULTS } from './types.js';

export interface RawSegment { type: number; flags: number; offset: number; vaddr: number; filesz: number; memsz: number }
export interface RawSection { nameOff: number; name: string; type: number; flags: number; addr: number; offset: number; size: number; link: number; entsize: number }
export interface Ctx {
  r: Reader;
  is64: boolean;
  warn: (code: string, message: string, offset?: number) => void;
  limits: typeof ELF_DEFAULTS;
}

function toOffset(segments: RawSegment[], va: number): number | null {
  for (const s of segments) if (s.type === PT_LOAD && va >= s.vaddr && va < s.vaddr + s.filesz) return s.offset + (va - s.vaddr);
  return null;
}

/** DT_NEEDED / SONAME / RPATH / RUNPATH from the dynamic table (section first, else PT_DYNAMIC). */
export function parseDynamic(ctx: Ctx, segments: RawSegment[], sections: RawSection[]):
{ needed: string[]; soname: string | null; rpath: string | null; runpath: string | null } {
  const { r, is64, limits } = ctx;
  const out = { needed: [] as string[], soname: null as string | null, rpath: null as string | null, runpath: null as string | null };
  const sec = sections.find((s) => s.type === SHT_DYNAMIC);
  const seg = segments.find((s) => s.type === PT_DYNAMIC);
  const start = sec?.offset ?? seg?.offset;
  const size = sec?.size ?? seg?.filesz ?? 0;
  if (start === undefined) return out;
  const ent = is64 ? 16 : 8;
  const entries: [number, number][] = [];
  let strOff: number | null = sec && sections[sec.link] ? sections[sec.link]!.offset : null;
  for (let i = 0; i < Math.min(Math.floor(size / ent), limits.maxDynamic); i++) {
    const p = start + i * ent;
    const tag = is64 ? r.u64(p) : r.u32(p);
    const val = is64 ? r.u64(p + 8) : r.u32(p + 4);
    if (tag === undefined || val === undefined) {
      ctx.warn('truncated', 'dynamic table runs past the end of the file', p);
      break;
    }
    if (tag === 0) break;
    if (tag === DT_STRTAB && strOff === null) strOff = toOffset(segments, val);
    entries.push([tag, val]);
  }
  if (strOff === null) {
    if (entries.length > 0) ctx.warn('no-dynstr', 'dynamic string table not found');
    return out;
  }
  const str = (v: number): string => r.cstr(strOff! + v, 1024) ?? '';
  for (const [tag, val] of entries) {
    if (tag === DT_NEEDED && out.needed.length < 1024) out.needed.push(str(val));
    else if (tag === DT_SONAME) out.soname = str(val);
    else if (tag === DT_RPATH) out.rpath = str(val);
    else if (tag === DT_RUNPATH) out.runpath = str(val);
  }
  return out;
}

/** Symbol names from .dynsym then .symtab, deduplicated, at most `maxSymbols`. */
export function parseSymbols(ctx: Ctx, sections: RawSection[]): { names: string[]; count: number } {
  const { r, is64, limits } = ctx;
  const names = new Set<string>();
  let count = 0;
  const ent = is64 ? 24 : 16;
  for (const type of [SHT_DYNSYM, SHT_SYMTAB]) {
    for (const s of sections) {
      if (s.type !== type) continue;
      const strtab = sections[s.link];
      if (!strtab) continue;
      const n = Math.floor(s.size / ent);
      count += n;
      for (let i = 1; i < n && names.size < limits.maxSymbols; i++) {
        const nameOff = r.u32(s.offset + i * ent);
        if (nameOff === undefined) {
          ctx.warn('truncated', `symbol table ${s.name} runs past the end of the file`, s.offset);
          break;
        }
        if (nameOff === 0 || nameOff >= strtab.size) continue;
        const nm = r.cstr(strtab.offset + nameOff, 512);
        if (nm) names.add(nm);
      }
    }
  }
  if (names.size >= limits.maxSymbols) ctx.warn('limit-symbols', `more than ${limits.maxSymbols} symbols, list truncated`);
  return { names: [...names], count };
}

/** GNU build id from NOTE sections (or PT_NOTE segments when there are no sections). */
export function parseNotes(ctx: Ctx, segments: RawSegment[], sections: RawSection[]): string | null {
  const areas = sections.length > 0
    ? sections.filter((s) => s.type === SHT_NOTE).map((s) => [s.offset, s.size] as const)
    : segments.filter((s) => s.type === PT_NOTE).map((s) => [s.offset, s.filesz] as const);
  for (const [off, size] of areas.slice(0, 64)) {
    let p = off;
    const end = Math.min(off + size, ctx.r.length);
    for (let guard = 0; p + 12 <= end && guard < 256; guard++) {
      const namesz = ctx.r.u32(p)!;
      const descsz = ctx.r.u32(p + 4)!;
      const type = ctx.r.u32(p + 8)!;
      const nameStart = p + 12;
      const descStart = nameStart + align4(namesz);
      if (descStart + descsz > end) break;
      if (type === NT_GNU_BUILD_ID && ctx.r.fixed(nameStart, namesz) === 'GNU' && descsz <= 64) {
        return hex(ctx.r.buf.subarray(descStart, descStart + descsz));
      }
      p = descStart + align4(descsz);
    }
  }
  return null;
}

const align4 = (n: number): number => (n + 3) & ~3;

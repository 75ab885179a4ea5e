import type { Diagnostic } from '../../../model/diagnostic.js';
import { Bytes } from './bytes.js';
import type { PeLimits } from './types.js';

/** One raw section header, before decoration. */
export interface RawSection {
  index: number;
  name: string;
  vaddr: number;
  vsize: number;
  rawPtr: number;
  rawSize: number;
  characteristics: number;
  headerOffset: number;
}

/** Fixed facts from the DOS/COFF/optional headers that the directory parsers need. */
export interface Headers {
  peOffset: number;
  machine: number;
  numberOfSections: number;
  timestamp: number;
  sizeOfOptionalHeader: number;
  characteristics: number;
  optOffset: number;
  magic: number;
  is64: boolean;
  linker: [number, number];
  entry: number;
  imageBase: number;
  sectionAlignment: number;
  fileAlignment: number;
  osVersion: [number, number];
  imageVersion: [number, number];
  subsystemVersion: [number, number];
  sizeOfImage: number;
  sizeOfHeaders: number;
  checksum: number;
  checksumOffset: number;
  subsystem: number;
  dllCharacteristics: number;
  numberOfRvaAndSizes: number;
  directories: { rva: number; size: number }[];
}

/**
 * The parse context: input bytes, headers, sections and RVA mapping with python3-pefile's
 * semantics (alignment rounding, overlap clipping, header fallback), so that every derived fact
 * (imphash, overlay, exports) lands on the same bytes pefile reads.
 */
export class PeImage {
  readonly b: Bytes;
  readonly h: Headers;
  readonly limits: PeLimits;
  readonly warnings: Diagnostic[] = [];
  /** Sections in header order (as listed). */
  sections: RawSection[] = [];
  /** Sections sorted by VirtualAddress, with the clipped [min,max) each covers (pefile contains_rva). */
  private byVa: { s: RawSection; min: number; max: number }[] = [];
  private lastHit: { s: RawSection; min: number; max: number } | undefined;
  /**
   * Bytes that may still be hashed/entropy-scanned. Sections, resources and the overlay may all
   * claim the same bytes (2048 sections × the whole file would hang the parser), so hashing stops
   * after four times the file size.
   */
  private hashBudget: number;

  constructor(b: Bytes, h: Headers, limits: PeLimits) {
    this.b = b;
    this.h = h;
    this.limits = limits;
    this.hashBudget = limits.hashes ? Math.max(4 * b.length, 1 << 20) : 0;
  }

  /** Whether `n` more bytes may be hashed; warns once when the budget runs out. */
  measure(n: number): boolean {
    if (!this.limits.hashes) return false;
    if (n <= this.hashBudget) {
      this.hashBudget -= n;
      return true;
    }
    if (this.hashBudget >= 0) this.warn('limit-hash-bytes', 'sections, resources and overlay overlap too much; some are not hashed');
    this.hashBudget = -1;
    return false;
  }

  warn(code: string, message: string, offset?: number): void {
    if (this.warnings.length >= 200) return;
    this.warnings.push(offset === undefined ? { code, message } : { code, message, offset });
  }

  /** pefile adjust_FileAlignment: raw pointers are rounded down to 0x200 when FileAlignment ≥ 0x200. */
  adjRaw(v: number): number {
    return this.h.fileAlignment < 0x200 ? v : Math.floor(v / 0x200) * 0x200;
  }

  /** pefile adjust_SectionAlignment. */
  adjVa(v: number): number {
    let sa = this.h.sectionAlignment;
    if (sa < 0x1000) sa = this.h.fileAlignment;
    return sa && v % sa ? sa * Math.floor(v / sa) : v;
  }

  setSections(list: RawSection[]): void {
    this.sections = list;
    const sorted = [...list].sort((a, b) => a.vaddr - b.vaddr);
    this.byVa = sorted.map((s, i) => {
      const min = this.adjVa(s.vaddr);
      const truncated = this.b.length - this.adjRaw(s.rawPtr) < s.rawSize;
      let size = truncated ? s.vsize : Math.max(s.rawSize, s.vsize);
      const next = sorted[i + 1]?.vaddr;
      if (next !== undefined && next > s.vaddr && min + size > next) size = next - min;
      return { s, min, max: min + size };
    });
  }

  sectionOfRva(rva: number): RawSection | undefined {
    const last = this.lastHit;
    if (last && last.min <= rva && rva < last.max) return last.s;
    for (const e of this.byVa) {
      if (e.min <= rva && rva < e.max) {
        this.lastHit = e;
        return e.s;
      }
    }
    return undefined;
  }

  /** File offset for an RVA as pefile get_offset_from_rva; undefined where pefile raises. */
  rvaToOffset(rva: number): number | undefined {
    const s = this.sectionOfRva(rva);
    if (!s) return rva < this.b.length ? rva : undefined;
    return rva - this.adjVa(s.vaddr) + this.adjRaw(s.rawPtr);
  }

  /**
   * Bytes at an RVA as pefile get_data: within a section the read stops at the end of its raw data;
   * outside sections the RVA is taken as a file offset. Undefined where pefile raises.
   */
  dataAt(rva: number, len: number): Uint8Array | undefined {
    const s = this.sectionOfRva(rva);
    if (!s) return rva < this.b.length ? this.b.slice(rva, len) : undefined;
    const off = rva - this.adjVa(s.vaddr) + this.adjRaw(s.rawPtr);
    const end = Math.min(off + len, s.rawPtr + s.rawSize);
    if (off < 0) return new Uint8Array(0);
    return this.b.slice(off, end - off);
  }

  u16At(rva: number): number | undefined {
    const d = this.dataAt(rva, 2);
    return d && d.length === 2 ? d[0]! | (d[1]! << 8) : undefined;
  }

  u32At(rva: number): number | undefined {
    const d = this.dataAt(rva, 4);
    return d && d.length === 4 ? (d[0]! | (d[1]! << 8) | (d[2]! << 16) | (d[3]! << 24)) >>> 0 : undefined;
  }

  /** NUL-terminated string at an RVA (pefile get_string_at_rva), at most `max` bytes. */
  strAt(rva: number, max: number): string | undefined {
    const d = this.dataAt(rva, max);
    if (!d) return undefined;
    let i = 0;
    while (i < d.length && d[i] !== 0) i++;
    let s = '';
    for (let j = 0; j < i; j++) s += String.fromCharCode(d[j]!);
    return s;
  }

  /** Raw data of a section as pefile Section.get_data(). */
  sectionData(s: RawSection): Uint8Array {
    const off = this.adjRaw(s.rawPtr);
    const end = Math.min(off + s.rawSize, s.rawPtr + s.rawSize);
    return this.b.slice(off, end - off);
  }

  dir(index: number): { rva: number; size: number } | undefined {
    const d = this.h.directories[index];
    return d && d.rva !== 0 ? d : undefined;
  }
}

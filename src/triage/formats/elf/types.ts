import type { Diagnostic } from '../../../model/diagnostic.js';

export interface ElfSegment {
  /** `PT_LOAD`, `PT_DYNAMIC`… or `0x…` for unknown types. */
  type: string;
  /** `r`, `w`, `x` or `-` in that order. */
  flags: string;
  offset: number;
  vaddr: number;
  file_size: number;
  mem_size: number;
}

export interface ElfSection {
  name: string;
  type: string;
  /** `w` write, `a` alloc, `x` exec. */
  flags: string;
  addr: number;
  offset: number;
  size: number;
  /** Shannon entropy of the file bytes (null for NOBITS or out-of-file sections). */
  entropy: number | null;
}

/** Everything `parseElf` learns. Keys are snake_case for JSON output. */
export interface ElfInfo {
  bits: 32 | 64;
  endian: 'little' | 'big';
  /** `EXEC`, `DYN`, `REL`, `CORE` or `0x…`. */
  type: string;
  machine: string;
  machine_id: number;
  os_abi: number;
  entry: number;
  /** File offset of the entry point (via PT_LOAD), or null when no segment holds it. */
  entry_offset: number | null;
  interpreter: string | null;
  segments: ElfSegment[];
  sections: ElfSection[];
  /** e_shnum as declared (sections may be fewer when the table is truncated or capped). */
  section_header_count: number;
  needed: string[];
  soname: string | null;
  rpath: string | null;
  runpath: string | null;
  /** Symbol names from .dynsym then .symtab (bounded, deduplicated). */
  symbols: string[];
  symbol_count: number;
  build_id: string | null;
  /** `no-section-headers`, `entry-outside-load`, `wx-segment`, `overlapping-segments`, `pt-load-filesz-gt-memsz`… */
  anomalies: string[];
  warnings: Diagnostic[];
}

export interface ElfOptions {
  maxSegments?: number;
  maxSections?: number;
  maxSymbols?: number;
  maxDynamic?: number;
  /** Skip section entropy (faster). */
  entropy?: boolean;
  /**
   * Entropy of a range of the parsed bytes, when the caller can answer it without a pass over the
   * range (triage's entropy step: `analyzeEntropy(bytes, { ranges: true }).rangeEntropy`); must
   * equal `shannonEntropy(bytes, start, end)`. Default: that pass.
   */
  rangeEntropy?: (start: number, end: number) => number;
}

export const ELF_DEFAULTS: Required<Omit<ElfOptions, 'rangeEntropy'>> = {
  maxSegments: 256,
  maxSections: 1024,
  maxSymbols: 5000,
  maxDynamic: 4096,
  entropy: true,
};

import type { Diagnostic } from '../../../model/diagnostic.js';

export interface MachoSection { name: string; segment: string; addr: number; size: number; offset: number; entropy: number | null }
export interface MachoSegment {
  name: string;
  vmaddr: number;
  vmsize: number;
  fileoff: number;
  filesize: number;
  /** Initial protection as `rwx`/`-`. */
  prot: string;
  max_prot: string;
  sections: MachoSection[];
}

/** One thin Mach-O image. Keys are snake_case for JSON output. */
export interface MachoImage {
  /** File offset of this image (non-zero for slices of a fat file). */
  offset: number;
  bits: 32 | 64;
  endian: 'little' | 'big';
  cpu: string;
  cpu_type: number;
  /** `execute`, `dylib`, `bundle`, `object`… */
  file_type: string;
  flags: number;
  load_commands: string[];
  segments: MachoSegment[];
  dylibs: string[];
  /** Install name of a dylib (LC_ID_DYLIB). */
  id_dylib: string | null;
  rpaths: string[];
  /** LC_MAIN entry offset (file offset relative to the image), or null. */
  entry_offset: number | null;
  uuid: string | null;
  code_signature: { offset: number; size: number } | null;
  /** LC_ENCRYPTION_INFO cryptid != 0 (App Store FairPlay encryption). */
  encrypted: boolean;
  anomalies: string[];
}

export interface MachoInfo {
  fat: boolean;
  /** Architectures listed by a fat header (`x86_64`, `arm64`…), or the single image's. */
  archs: string[];
  images: MachoImage[];
  warnings: Diagnostic[];
}

export interface MachoOptions { maxLoadCommands?: number; maxSections?: number; maxArchs?: number; entropy?: boolean }

export const MACHO_DEFAULTS: Required<MachoOptions> = { maxLoadCommands: 512, maxSections: 1024, maxArchs: 16, entropy: true };

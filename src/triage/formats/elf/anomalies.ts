import { PT_LOAD } from './constants.js';
import type { RawSegment } from './tables.js';
import type { ElfInfo } from './types.js';

/**
 * Structural oddities typical of packed or hand-made ELF files (UPX and friends strip section
 * headers, map one RWX segment, and start outside any mapped code).
 */
export function findAnomalies(info: ElfInfo, segments: RawSegment[], fileSize: number): string[] {
  const out: string[] = [];
  // Declared absent (UPX and other packers strip them), not merely unreadable in a truncated file.
  if (info.section_header_count === 0 && (info.type === 'EXEC' || info.type === 'DYN')) out.push('no-section-headers');
  const loads = segments.filter((s) => s.type === PT_LOAD);
  if ((info.type === 'EXEC' || info.type === 'DYN') && info.entry !== 0 && loads.length > 0 && !loads.some((s) => info.entry >= s.vaddr && info.entry < s.vaddr + s.memsz)) {
    out.push('entry-outside-load');
  }
  if (loads.some((s) => (s.flags & 3) === 3)) out.push('wx-segment');
  if (loads.some((s) => s.filesz > s.memsz)) out.push('load-filesz-gt-memsz');
  if (loads.some((s) => s.filesz > 0 && s.offset + s.filesz > fileSize)) out.push('load-beyond-eof');
  const sorted = [...loads].sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    if (sorted[i]!.vaddr < prev.vaddr + prev.memsz) {
      out.push('overlapping-segments');
      break;
    }
  }
  if (loads.length > 0 && info.sections.length > 0 && !info.sections.some((s) => s.name === '.text')) out.push('no-text-section');
  return out;
}

import type { ElfInfo } from '../formats/elf/types.js';
import type { PeInfo } from '../formats/pe/types.js';
import type { Clue } from './types.js';

/** Imports a UPX stub needs: everything else is resolved by the stub after unpacking. */
const UPX_LOADER_IMPORTS = ['LoadLibraryA', 'GetProcAddress', 'VirtualProtect', 'ExitProcess'];

/**
 * UPX's PE layout, which survives renaming the sections and wiping `UPX!`: the first section holds
 * no file data but reserves the unpacked image (raw size 0, large virtual size), the entry point
 * sits in the second section, usually in its upper half (the stub follows the packed data), and the import
 * table keeps only the loader's functions plus one per other DLL.
 */
export function upxPeLayout(pe: PeInfo): Clue[] {
  const clues: Clue[] = [];
  const [s0, s1] = pe.sections;
  if (s0 && s1 && s0.raw_size === 0 && s0.virtual_size >= 0x1000 && pe.entry_point.section_index === 1) {
    const into = pe.entry_point.rva - s1.virtual_address;
    const upper = into >= s1.virtual_size / 2;
    clues.push({
      text: `UPX layout: empty first section ${s0.name} (virtual size 0x${s0.virtual_size.toString(16)}), entry in ${upper ? 'the upper half of ' : ''}${s1.name}`,
      weight: upper ? 0.5 : 0.4, structural: true,
    });
  }
  const direct = pe.imports.filter((i) => !i.delayed);
  const k32 = direct.find((i) => i.dll.toLowerCase() === 'kernel32.dll');
  const names = new Set(k32?.functions.map((f) => f.name) ?? []);
  const loader = UPX_LOADER_IMPORTS.filter((n) => names.has(n));
  const othersSmall = direct.every((i) => i === k32 || i.functions.length <= 2);
  if (loader.length >= 3 && (k32?.functions.length ?? 0) <= 6 && othersSmall) {
    clues.push({ text: `UPX-style imports: kernel32 ${loader.join(', ')}; other DLLs import at most 2 functions each`, weight: 0.35, structural: true });
  }
  return clues;
}

/**
 * UPX's ELF layout: no section headers, two PT_LOADs, the first r-x at file offset 0 holding stub
 * and packed data, the second a placeholder with zero file and memory size.
 */
export function upxElfLayout(elf: ElfInfo): Clue[] {
  const loads = elf.segments.filter((s) => s.type === 'PT_LOAD');
  const [a, b] = loads;
  if (elf.sections.length === 0 && loads.length === 2 && a && b && a.offset === 0 && a.flags.includes('x') && b.file_size === 0 && b.mem_size === 0) {
    return [{ text: 'UPX layout: no section headers, PT_LOAD r-x at offset 0 plus an empty PT_LOAD placeholder', weight: 0.5, structural: true }];
  }
  return [];
}

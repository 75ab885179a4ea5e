// ELF constants (System V gABI, "ELF-64 Object File Format" and the Linux elf.h names).
export const ELF_TYPES: Record<number, string> = { 0: 'NONE', 1: 'REL', 2: 'EXEC', 3: 'DYN', 4: 'CORE' };

export const ELF_MACHINES: Record<number, string> = {
  2: 'sparc', 3: 'x86', 8: 'mips', 20: 'ppc', 21: 'ppc64', 22: 's390', 40: 'arm', 42: 'superh',
  43: 'sparcv9', 50: 'ia64', 62: 'x86-64', 183: 'arm64', 243: 'riscv', 247: 'bpf', 258: 'loongarch',
};

export const PT_TYPES: Record<number, string> = {
  0: 'PT_NULL', 1: 'PT_LOAD', 2: 'PT_DYNAMIC', 3: 'PT_INTERP', 4: 'PT_NOTE', 5: 'PT_SHLIB', 6: 'PT_PHDR',
  7: 'PT_TLS', 0x6474e550: 'PT_GNU_EH_FRAME', 0x6474e551: 'PT_GNU_STACK', 0x6474e552: 'PT_GNU_RELRO',
  0x6474e553: 'PT_GNU_PROPERTY',
};

export const SHT_TYPES: Record<number, string> = {
  0: 'NULL', 1: 'PROGBITS', 2: 'SYMTAB', 3: 'STRTAB', 4: 'RELA', 5: 'HASH', 6: 'DYNAMIC', 7: 'NOTE',
  8: 'NOBITS', 9: 'REL', 11: 'DYNSYM', 14: 'INIT_ARRAY', 15: 'FINI_ARRAY', 0x6ffffff6: 'GNU_HASH',
  0x6ffffffe: 'VERNEED', 0x6fffffff: 'VERSYM',
};

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const SHT_SYMTAB = 2;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;
export const DT_NEEDED = 1;
export const DT_STRTAB = 5;
export const DT_SONAME = 14;
export const DT_RPATH = 15;
export const DT_RUNPATH = 29;
export const NT_GNU_BUILD_ID = 3;

export function name(table: Record<number, string>, v: number): string {
  return table[v] ?? `0x${v.toString(16)}`;
}

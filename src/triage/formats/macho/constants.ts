// Mach-O constants (<mach-o/loader.h>, <mach-o/fat.h>, <mach/machine.h>).
export const MH_MAGIC = 0xfeedface;
export const MH_MAGIC_64 = 0xfeedfacf;
export const MH_CIGAM = 0xcefaedfe;
export const MH_CIGAM_64 = 0xcffaedfe;
export const FAT_MAGIC = 0xcafebabe;
export const FAT_MAGIC_64 = 0xcafebabf;

export const CPU_TYPES: Record<number, string> = {
  7: 'x86', 0x01000007: 'x86_64', 12: 'arm', 0x0100000c: 'arm64', 0x0200000c: 'arm64_32', 18: 'ppc', 0x01000012: 'ppc64',
};

export const FILE_TYPES: Record<number, string> = {
  1: 'object', 2: 'execute', 3: 'fvmlib', 4: 'core', 5: 'preload', 6: 'dylib', 7: 'dylinker', 8: 'bundle',
  9: 'dylib_stub', 10: 'dsym', 11: 'kext_bundle', 12: 'fileset',
};

export const LC = {
  SEGMENT: 0x1, SYMTAB: 0x2, UNIXTHREAD: 0x5, DYSYMTAB: 0xb, LOAD_DYLIB: 0xc, ID_DYLIB: 0xd, LOAD_DYLINKER: 0xe,
  SEGMENT_64: 0x19, UUID: 0x1b, CODE_SIGNATURE: 0x1d, LAZY_LOAD_DYLIB: 0x20, ENCRYPTION_INFO: 0x21, ENCRYPTION_INFO_64: 0x2c,
  LOAD_WEAK_DYLIB: 0x80000018, RPATH: 0x8000001c, REEXPORT_DYLIB: 0x8000001f, LOAD_UPWARD_DYLIB: 0x80000023, MAIN: 0x80000028,
} as const;

export const LC_NAMES: Record<number, string> = {
  0x1: 'LC_SEGMENT', 0x2: 'LC_SYMTAB', 0x4: 'LC_THREAD', 0x5: 'LC_UNIXTHREAD', 0xb: 'LC_DYSYMTAB', 0xc: 'LC_LOAD_DYLIB',
  0xd: 'LC_ID_DYLIB', 0xe: 'LC_LOAD_DYLINKER', 0xf: 'LC_ID_DYLINKER', 0x19: 'LC_SEGMENT_64', 0x1b: 'LC_UUID',
  0x1d: 'LC_CODE_SIGNATURE', 0x1e: 'LC_SEGMENT_SPLIT_INFO', 0x20: 'LC_LAZY_LOAD_DYLIB', 0x21: 'LC_ENCRYPTION_INFO',
  0x22: 'LC_DYLD_INFO', 0x24: 'LC_VERSION_MIN_MACOSX', 0x25: 'LC_VERSION_MIN_IPHONEOS', 0x26: 'LC_FUNCTION_STARTS',
  0x27: 'LC_DYLD_ENVIRONMENT', 0x29: 'LC_DATA_IN_CODE', 0x2a: 'LC_SOURCE_VERSION', 0x2b: 'LC_DYLIB_CODE_SIGN_DRS',
  0x2c: 'LC_ENCRYPTION_INFO_64', 0x2d: 'LC_LINKER_OPTION', 0x2e: 'LC_LINKER_OPTIMIZATION_HINT', 0x32: 'LC_BUILD_VERSION',
  0x80000018: 'LC_LOAD_WEAK_DYLIB', 0x8000001c: 'LC_RPATH', 0x8000001f: 'LC_REEXPORT_DYLIB', 0x80000022: 'LC_DYLD_INFO_ONLY',
  0x80000023: 'LC_LOAD_UPWARD_DYLIB', 0x80000028: 'LC_MAIN', 0x80000033: 'LC_DYLD_EXPORTS_TRIE', 0x80000034: 'LC_DYLD_CHAINED_FIXUPS',
};

export const cpuName = (t: number): string => CPU_TYPES[t] ?? `cpu-0x${(t >>> 0).toString(16)}`;
export const prot = (p: number): string => `${p & 1 ? 'r' : '-'}${p & 2 ? 'w' : '-'}${p & 4 ? 'x' : '-'}`;

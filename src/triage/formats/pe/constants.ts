// Names from the Microsoft PE/COFF specification (§3.3.1 machine types, §3.3.2 characteristics,
// §3.4.2 subsystems, §3.4.3 DLL characteristics, §3.4.4 data directories, §4.1 section flags).

export const MACHINES: Readonly<Record<number, string>> = {
  0x14c: 'x86',
  0x8664: 'x64',
  0xaa64: 'arm64',
  0x1c0: 'arm',
  0x1c4: 'armnt',
  0x200: 'ia64',
  0xebc: 'ebc',
  0x5032: 'riscv32',
  0x5064: 'riscv64',
  0x166: 'mips',
  0x1f0: 'powerpc',
};

export const SUBSYSTEMS: Readonly<Record<number, string>> = {
  0: 'unknown',
  1: 'native',
  2: 'windows_gui',
  3: 'windows_cui',
  5: 'os2_cui',
  7: 'posix_cui',
  8: 'native_windows',
  9: 'windows_ce_gui',
  10: 'efi_application',
  11: 'efi_boot_service_driver',
  12: 'efi_runtime_driver',
  13: 'efi_rom',
  14: 'xbox',
  16: 'windows_boot_application',
};

export const FILE_FLAGS: readonly [number, string][] = [
  [0x0001, 'RELOCS_STRIPPED'],
  [0x0002, 'EXECUTABLE_IMAGE'],
  [0x0004, 'LINE_NUMS_STRIPPED'],
  [0x0008, 'LOCAL_SYMS_STRIPPED'],
  [0x0010, 'AGGRESSIVE_WS_TRIM'],
  [0x0020, 'LARGE_ADDRESS_AWARE'],
  [0x0080, 'BYTES_REVERSED_LO'],
  [0x0100, '32BIT_MACHINE'],
  [0x0200, 'DEBUG_STRIPPED'],
  [0x0400, 'REMOVABLE_RUN_FROM_SWAP'],
  [0x0800, 'NET_RUN_FROM_SWAP'],
  [0x1000, 'SYSTEM'],
  [0x2000, 'DLL'],
  [0x4000, 'UP_SYSTEM_ONLY'],
  [0x8000, 'BYTES_REVERSED_HI'],
];

export const DLL_FLAGS: readonly [number, string][] = [
  [0x0020, 'HIGH_ENTROPY_VA'],
  [0x0040, 'DYNAMIC_BASE'],
  [0x0080, 'FORCE_INTEGRITY'],
  [0x0100, 'NX_COMPAT'],
  [0x0200, 'NO_ISOLATION'],
  [0x0400, 'NO_SEH'],
  [0x0800, 'NO_BIND'],
  [0x1000, 'APPCONTAINER'],
  [0x2000, 'WDM_DRIVER'],
  [0x4000, 'GUARD_CF'],
  [0x8000, 'TERMINAL_SERVER_AWARE'],
];

export const SECTION_FLAGS: readonly [number, string][] = [
  [0x00000008, 'TYPE_NO_PAD'],
  [0x00000020, 'CNT_CODE'],
  [0x00000040, 'CNT_INITIALIZED_DATA'],
  [0x00000080, 'CNT_UNINITIALIZED_DATA'],
  [0x00000200, 'LNK_INFO'],
  [0x00000800, 'LNK_REMOVE'],
  [0x00001000, 'LNK_COMDAT'],
  [0x00008000, 'GPREL'],
  [0x01000000, 'LNK_NRELOC_OVFL'],
  [0x02000000, 'MEM_DISCARDABLE'],
  [0x04000000, 'MEM_NOT_CACHED'],
  [0x08000000, 'MEM_NOT_PAGED'],
  [0x10000000, 'MEM_SHARED'],
  [0x20000000, 'MEM_EXECUTE'],
  [0x40000000, 'MEM_READ'],
  [0x80000000, 'MEM_WRITE'],
];

export const SCN_EXECUTE = 0x20000000;
export const SCN_READ = 0x40000000;
export const SCN_WRITE = 0x80000000;
export const SCN_CODE = 0x20;

export const DIRECTORY_NAMES: readonly string[] = [
  'EXPORT',
  'IMPORT',
  'RESOURCE',
  'EXCEPTION',
  'SECURITY',
  'BASERELOC',
  'DEBUG',
  'ARCHITECTURE',
  'GLOBALPTR',
  'TLS',
  'LOAD_CONFIG',
  'BOUND_IMPORT',
  'IAT',
  'DELAY_IMPORT',
  'COM_DESCRIPTOR',
  'RESERVED',
];

export const DIR = {
  EXPORT: 0,
  IMPORT: 1,
  RESOURCE: 2,
  SECURITY: 4,
  BASERELOC: 5,
  DEBUG: 6,
  TLS: 9,
  DELAY_IMPORT: 13,
  COM_DESCRIPTOR: 14,
} as const;

/** Resource type ids (winuser.h RT_*). */
export const RESOURCE_TYPES: Readonly<Record<number, string>> = {
  1: 'RT_CURSOR',
  2: 'RT_BITMAP',
  3: 'RT_ICON',
  4: 'RT_MENU',
  5: 'RT_DIALOG',
  6: 'RT_STRING',
  7: 'RT_FONTDIR',
  8: 'RT_FONT',
  9: 'RT_ACCELERATOR',
  10: 'RT_RCDATA',
  11: 'RT_MESSAGETABLE',
  12: 'RT_GROUP_CURSOR',
  14: 'RT_GROUP_ICON',
  16: 'RT_VERSION',
  17: 'RT_DLGINCLUDE',
  19: 'RT_PLUGPLAY',
  20: 'RT_VXD',
  21: 'RT_ANICURSOR',
  22: 'RT_ANIICON',
  23: 'RT_HTML',
  24: 'RT_MANIFEST',
};

export const DEBUG_TYPES: Readonly<Record<number, string>> = {
  0: 'unknown',
  1: 'coff',
  2: 'codeview',
  3: 'fpo',
  4: 'misc',
  5: 'exception',
  6: 'fixup',
  9: 'borland',
  10: 'reserved10',
  11: 'clsid',
  12: 'vc_feature',
  13: 'pogo',
  14: 'iltcg',
  16: 'repro',
  20: 'ex_dllcharacteristics',
};

/** Decode a flag word against a table. */
export function decodeFlags(value: number, table: readonly [number, string][]): string[] {
  const out: string[] = [];
  for (const [bit, name] of table) if ((value & bit) >>> 0 === bit) out.push(name);
  return out;
}

import type { Diagnostic } from '../../../model/diagnostic.js';
import { Reader } from '../elf/reader.js';
import { CPU_TYPES, FAT_MAGIC, FAT_MAGIC_64, MH_CIGAM, MH_CIGAM_64, MH_MAGIC, MH_MAGIC_64, cpuName } from './constants.js';
import { parseImage } from './image.js';
import { MACHO_DEFAULTS, type MachoImage, type MachoInfo, type MachoOptions } from './types.js';

export type * from './types.js';
export { MACHO_DEFAULTS } from './types.js';

const THIN = new Set([MH_MAGIC, MH_MAGIC_64, MH_CIGAM, MH_CIGAM_64]);

interface FatArch { cpu: number; offset: number; size: number }

/**
 * Fat header arch table, or null when the bytes are not a plausible universal binary. Java class
 * files share 0xCAFEBABE; their next word is the class version (≥ 45), so a fat file is only
 * accepted with 1–20 archs whose CPU types are known and whose slices lie inside the file.
 */
function fatArchs(r: Reader, maxArchs: number): FatArch[] | null {
  const magic = r.u32(0);
  if (magic !== FAT_MAGIC && magic !== FAT_MAGIC_64) return null;
  const n = r.u32(4) ?? 0;
  if (n === 0 || n > 20) return null;
  const is64 = magic === FAT_MAGIC_64;
  const out: FatArch[] = [];
  for (let i = 0; i < Math.min(n, maxArchs); i++) {
    const p = 8 + i * (is64 ? 32 : 20);
    const cpu = r.u32(p);
    const offset = is64 ? r.u64(p + 8) : r.u32(p + 8);
    const size = is64 ? r.u64(p + 16) : r.u32(p + 12);
    if (cpu === undefined || offset === undefined || size === undefined) return null;
    if (!(cpu in CPU_TYPES)) return null;
    out.push({ cpu, offset, size });
  }
  return out;
}

/**
 * True for thin Mach-O (either byte order, 32/64-bit) and plausible fat/universal files.
 * @example isMacho(readFileSync('a.out')) // true
 */
export function isMacho(bytes: Uint8Array): boolean {
  const r = new Reader(bytes, false);
  const m = r.u32(0);
  if (m === undefined) return false;
  if (THIN.has(m)) return true;
  const archs = fatArchs(r, MACHO_DEFAULTS.maxArchs);
  return archs !== null && archs.some((a) => a.offset < bytes.length);
}

/**
 * Parse a thin or fat Mach-O file; each fat slice is parsed with the same limits. Never throws on
 * malformed input; returns null when the bytes are not Mach-O.
 * @example
 * const m = parseMacho(bytes);
 * if (m) console.log(m.archs, m.images[0]?.dylibs);
 */
export function parseMacho(bytes: Uint8Array, opts: MachoOptions = {}): MachoInfo | null {
  const limits = { ...MACHO_DEFAULTS, ...opts };
  const warnings: Diagnostic[] = [];
  const warn = (code: string, message: string, offset?: number): void => {
    if (warnings.length < 200) warnings.push(offset === undefined ? { code, message } : { code, message, offset });
  };
  const be = new Reader(bytes, false);
  const magic = be.u32(0);
  if (magic === undefined) return null;
  if (THIN.has(magic)) {
    const img = parseImage(bytes, 0, limits, warn);
    return img ? { fat: false, archs: [img.cpu], images: [img], warnings } : null;
  }
  const archs = fatArchs(be, limits.maxArchs);
  if (!archs) return null;
  const images: MachoImage[] = [];
  for (const a of archs) {
    if (a.offset >= bytes.length) {
      warn('truncated', `fat slice for ${cpuName(a.cpu)} starts past the end of the file`, a.offset);
      continue;
    }
    if (a.offset + a.size > bytes.length) warn('truncated', `fat slice for ${cpuName(a.cpu)} runs past the end of the file`, a.offset);
    const slice = bytes.subarray(a.offset, Math.min(bytes.length, a.offset + a.size));
    const img = parseImage(slice, a.offset, limits, warn);
    if (img) images.push(img);
    else warn('bad-slice', `fat slice for ${cpuName(a.cpu)} is not a Mach-O image`, a.offset);
  }
  return { fat: true, archs: archs.map((a) => cpuName(a.cpu)), images, warnings };
}

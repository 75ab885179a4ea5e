import type { Diagnostic } from '../../../model/diagnostic.js';
import { Reader } from '../elf/reader.js';
import { readFat } from './cfb.js';

export interface OleEntry { name: string; type: 'storage' | 'stream' | 'root' | 'other'; size: number }
export interface OleInfo {
  /** `doc`, `xls`, `ppt`, `msi`, `msg` or `ole`. */
  kind: string;
  major_version: number;
  sector_size: number;
  entries: OleEntry[];
  vba: boolean;
  warnings: Diagnostic[];
}

export const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END = 0xfffffffe;
const MAX_SECTORS = 1 << 20;

/** True for the OLE2 compound-file signature (MS-CFB §2.2). */
export function isOle(b: Uint8Array): boolean {
  return b.length >= 512 && OLE_MAGIC.every((v, i) => b[i] === v);
}

/**
 * OLE2 compound file: header, FAT, and directory entry names (MS-CFB). Chains are followed with a
 * visited set and a step cap, so looping FATs end with a warning.
 * @example parseOle(bytes)?.vba // true for a .doc with macros
 */
export function parseOle(bytes: Uint8Array, maxEntries = 4096): OleInfo | null {
  if (!isOle(bytes)) return null;
  const r = new Reader(bytes);
  const warnings: Diagnostic[] = [];
  const shift = r.u16(30) ?? 9;
  const sector = shift === 12 ? 4096 : 512;
  if (shift !== 9 && shift !== 12) warnings.push({ code: 'bad-sector-shift', message: `sector shift ${shift}; assuming 512-byte sectors` });
  const at = (s: number): number => (s + 1) * sector;
  const fat = readFat(r, sector, at, warnings, MAX_SECTORS, { code: 'difat-loop', message: 'DIFAT chain loops' });
  const entries: OleEntry[] = [];
  const seen = new Set<number>();
  for (let s = r.u32(48) ?? END; s < END && entries.length < maxEntries; s = fat[s] ?? END) {
    if (seen.has(s) || seen.size > MAX_SECTORS) {
      warnings.push({ code: 'fat-loop', message: 'directory chain loops' });
      break;
    }
    seen.add(s);
    const base = at(s);
    if (!r.has(base, sector)) {
      warnings.push({ code: 'truncated', message: 'directory sector past the end of the file', offset: base });
      break;
    }
    for (let e = base; e < base + sector && entries.length < maxEntries; e += 128) {
      const type = r.u8(e + 66) ?? 0;
      if (type === 0) continue;
      const len = Math.min(64, r.u16(e + 64) ?? 0);
      const name = Buffer.from(bytes.subarray(e, e + Math.max(0, len - 2))).toString('utf16le');
      entries.push({ name, type: type === 1 ? 'storage' : type === 2 ? 'stream' : type === 5 ? 'root' : 'other', size: r.u32(e + 120) ?? 0 });
    }
  }
  const names = new Set(entries.map((e) => e.name));
  return {
    kind: names.has('WordDocument') ? 'doc' : names.has('Workbook') || names.has('Book') ? 'xls' : names.has('PowerPoint Document') ? 'ppt'
      : names.has('__properties_version1.0') ? 'msg' : 'ole',
    major_version: r.u16(26) ?? 0,
    sector_size: sector,
    entries,
    vba: names.has('_VBA_PROJECT') || names.has('VBA') || names.has('Macros') || names.has('_VBA_PROJECT_CUR'),
    warnings,
  };
}

import type { PeImage } from './image.js';
import type { PeExportedFunction, PeExports } from './types.js';
import { DIR } from './constants.js';

// Export directory (PE/COFF spec §6.3). Named exports first in name-table order, then the
// ordinal-only ones, with python3-pefile's bounds and corruption heuristics so that export
// lists compare equal with pefile's.

const MAX_NAME = 0x200;
const EXPORT_NAME_CHARS = /^[A-Za-z0-9!"#$%&'()*+,\-./:<>?[\\\]^_`{|}~@]*$/;

interface ExportDir {
  rva: number;
  size: number;
  timestamp: number;
  nameRva: number;
  base: number;
  nFunctions: number;
  nNames: number;
  functionsRva: number;
  namesRva: number;
  functions: Uint8Array;
  names: Uint8Array;
  ordinals: Uint8Array;
}

export function parseExports(img: PeImage): PeExports | null {
  const d = img.dir(DIR.EXPORT);
  if (!d) return null;
  const ed = readDirectory(img, d.rva, d.size);
  if (!ed) return null;
  const named = namedExports(img, ed);
  if (named === null) return null;
  const ordinalOnly = unnamedExports(img, ed, new Set(named.map((e) => e.ordinal)));
  if (ordinalOnly === null) return null;
  const functions = [...named, ...ordinalOnly];
  const raw = img.dataAt(d.rva, 40);
  if (functions.length === 0 && raw && raw.every((x) => x === 0)) return null;
  return { dll_name: ed.nameRva ? (img.strAt(ed.nameRva, MAX_NAME) ?? null) : null, timestamp: ed.timestamp, functions };
}

function readDirectory(img: PeImage, rva: number, size: number): ExportDir | undefined {
  const raw = img.dataAt(rva, 40);
  if (!raw || raw.length < 40) {
    img.warn('pe-exports', `export directory at RVA 0x${rva.toString(16)} is unreadable`);
    return undefined;
  }
  const dv = new DataView(raw.buffer, raw.byteOffset, 40);
  const u = (o: number): number => dv.getUint32(o, true);
  const untilEof = (r: number): number => img.b.length - (img.rvaToOffset(r) ?? img.b.length);
  const nFunctions = u(20);
  const nNames = u(24);
  const fRva = u(28);
  const nRva = u(32);
  const oRva = u(36);
  const functions = img.dataAt(fRva, Math.min(untilEof(fRva), nFunctions * 4));
  const names = img.dataAt(nRva, Math.min(untilEof(nRva), nNames * 4));
  const ordinals = img.dataAt(oRva, Math.min(untilEof(oRva), nNames * 4));
  if (!functions || !names || !ordinals) {
    img.warn('pe-exports', `export directory at RVA 0x${rva.toString(16)} points outside the file`);
    return undefined;
  }
  return { rva, size, timestamp: u(4), nameRva: u(12), base: u(16), nFunctions, nNames, functionsRva: fRva, namesRva: nRva, functions, names, ordinals };
}

function word(a: Uint8Array, i: number): number | undefined {
  return 2 * i + 2 <= a.length ? a[2 * i]! | (a[2 * i + 1]! << 8) : undefined;
}

function dword(a: Uint8Array, i: number): number | undefined {
  return 4 * i + 4 <= a.length ? (a[4 * i]! | (a[4 * i + 1]! << 8) | (a[4 * i + 2]! << 16) | (a[4 * i + 3]! << 24)) >>> 0 : undefined;
}

function safetyBoundary(img: PeImage, tableRva: number): number {
  const s = img.sectionOfRva(tableRva);
  return s ? s.vaddr + img.sectionData(s).length - tableRva : img.b.length;
}

function forwarderOf(img: PeImage, ed: ExportDir, addr: number): string | null {
  return addr >= ed.rva && addr < ed.rva + ed.size ? (img.strAt(addr, 0x1000) ?? null) : null;
}

/** Named exports; null where pefile gives up on the whole directory. */
function namedExports(img: PeImage, ed: ExportDir): PeExportedFunction[] | null {
  const out: PeExportedFunction[] = [];
  const counts = new Map<string, number>();
  const n = Math.min(ed.nNames, Math.floor(safetyBoundary(img, ed.namesRva) / 4), img.limits.maxExports * 4);
  for (let i = 0; i < n; i++) {
    const ord = word(ed.ordinals, i);
    if (ord === undefined || ord * 4 >= ed.functions.length) return null;
    const addr = dword(ed.functions, ord);
    if (!addr) continue;
    const nameRva = dword(ed.names, i);
    const name = nameRva === undefined ? undefined : img.strAt(nameRva, MAX_NAME);
    if (name === undefined || !EXPORT_NAME_CHARS.test(name)) {
      img.warn('pe-exports', 'export name table holds an invalid name');
      break;
    }
    const key = `${name}\u0000${addr}`;
    const c = (counts.get(key) ?? 0) + 1;
    counts.set(key, c);
    if (c > 10 || counts.size > img.limits.maxExports) {
      img.warn('limit-exports', 'export directory looks corrupt (repeated or too many entries)');
      break;
    }
    out.push({ name, ordinal: ed.base + ord, rva: addr, forwarder: forwarderOf(img, ed, addr) });
  }
  return out;
}

/** Exports reachable only by ordinal; null where pefile drops the directory. */
function unnamedExports(img: PeImage, ed: ExportDir, named: Set<number>): PeExportedFunction[] | null {
  const out: PeExportedFunction[] = [];
  // Ordinals are 16-bit, so no table needs more than 65536 slots (pefile has no cap here).
  const n = Math.min(ed.nFunctions, Math.floor(safetyBoundary(img, ed.functionsRva) / 4), 0x10000);
  const counts = new Map<number, number>();
  let failures = 10;
  for (let idx = 0; idx < n; idx++) {
    if (named.has(idx + ed.base)) continue;
    const addr = dword(ed.functions, idx);
    if (addr === undefined) {
      if (--failures <= 0) {
        img.warn('pe-exports', 'export address table points outside the file');
        return null;
      }
      continue;
    }
    if (addr === 0) continue;
    const c = (counts.get(addr) ?? 0) + 1;
    counts.set(addr, c);
    if (c > 120 || counts.size > img.limits.maxExports) {
      img.warn('limit-exports', 'export address table looks corrupt (repeated or too many entries)');
      break;
    }
    out.push({ name: null, ordinal: ed.base + idx, rva: addr, forwarder: forwarderOf(img, ed, addr) });
  }
  return out;
}

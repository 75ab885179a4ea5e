import { createHash } from 'node:crypto';
import type { PeImage } from './image.js';
import type { PeImport, PeImportedFunction } from './types.js';
import { DIR } from './constants.js';
import { lookupOrdinal } from './ordinals.js';

// Import directory (PE/COFF spec §6.4). The walk mirrors python3-pefile 2023.2.7
// (parse_import_directory / parse_imports / get_import_table), heuristics included, because
// imphash is only useful when it equals the value every other tool computes.

const MAX_NAME = 0x200;
const MAX_ADDRESS_SPREAD = 128 * 2 ** 20;
const MAX_REPEATED = 15;
const DOS_NAME_CHARS = /^[A-Za-z0-9!#$%&'()\-@^_`{}~+,.;=[\]\\/]*$/;
const FUNC_NAME_CHARS = /^[A-Za-z0-9._?@$()<>]*$/;

/** A thunk: `ordinal` set when the ordinal flag bit is set, else `value` is the hint/name RVA. */
interface Thunk {
  value: number;
  ordinal: number | null;
}

/** Running state shared by every thunk table of one file (pefile's __total_import_symbols). */
interface Budget {
  symbols: number;
}

/** Parse the import directory; returns [] when there is none. */
export function parseImports(img: PeImage): PeImport[] {
  const d = img.dir(DIR.IMPORT);
  if (!d) return [];
  const out: PeImport[] = [];
  const budget: Budget = { symbols: 0 };
  let rva = d.rva;
  let errors = 0;
  for (let n = 0; n < img.limits.maxImportDlls; n++) {
    const desc = img.dataAt(rva, 20);
    if (!desc) {
      img.warn('pe-imports', `import descriptor at RVA 0x${rva.toString(16)} is unreadable`);
      return out;
    }
    if (desc.every((x) => x === 0)) return out;
    const dv = new DataView(desc.buffer, desc.byteOffset, desc.byteLength);
    const get = (o: number): number => (o + 4 <= desc.length ? dv.getUint32(o, true) : 0);
    const oft = get(0);
    const nameRva = get(12);
    const ft = get(16);
    const fileOffset = img.rvaToOffset(rva) ?? 0;
    rva += 20;
    let maxLen = img.b.length - fileOffset;
    if (rva > oft || rva > ft) maxLen = Math.max(rva - oft, rva - ft);
    const functions = importedFunctions(img, oft, ft, maxLen, budget);
    if (errors > 5) {
      img.warn('pe-imports', 'too many errors in the import directory');
      return out;
    }
    if (functions === undefined || functions.length === 0) {
      errors++;
      continue;
    }
    let dll = img.strAt(nameRva, MAX_NAME);
    if (dll === undefined || !DOS_NAME_CHARS.test(dll)) dll = '*invalid*';
    if (!dll) continue;
    for (const f of functions) if (f.name === null && f.ordinal !== null) f.name = lookupOrdinal(dll, f.ordinal, false);
    out.push({ dll, functions, delayed: false });
  }
  img.warn('limit-imports', `more than ${img.limits.maxImportDlls} import descriptors`);
  return out;
}

/** Symbols of one descriptor; undefined where pefile's parse_imports raises (the DLL is dropped). */
function importedFunctions(img: PeImage, oft: number, ft: number, maxLen: number, budget: Budget): PeImportedFunction[] | undefined {
  const ilt = thunkTable(img, oft, maxLen, budget);
  const iat = thunkTable(img, ft, maxLen, budget);
  const table = ilt && ilt.length ? ilt : iat;
  if (!table || table.length === 0) return [];
  const out: PeImportedFunction[] = [];
  let invalid = 0;
  for (const [idx, t] of table.entries()) {
    if (t.ordinal !== null) {
      if (t.ordinal) out.push({ name: null, ordinal: t.ordinal, hint: null });
      continue;
    }
    const addr = img.h.is64 ? t.value : t.value & 0x7fffffff;
    // pefile aborts the whole DLL when the hint cannot be read at all.
    const hintData = img.dataAt(addr, 2);
    if (!hintData) return undefined;
    const hint = hintData.length === 2 ? hintData[0]! | (hintData[1]! << 8) : null;
    const name = img.strAt(t.value + 2, MAX_NAME) ?? '';
    if (!FUNC_NAME_CHARS.test(name)) {
      if (invalid > 1000 && invalid === idx) return undefined;
      invalid++;
      continue;
    }
    if (name) out.push({ name, ordinal: null, hint });
  }
  return out;
}

/** pefile get_import_table: thunks until a zero one, with its bogus-table heuristics. */
function thunkTable(img: PeImage, start: number, maxLen: number, budget: Budget): Thunk[] | undefined {
  const size = img.h.is64 ? 8 : 4;
  const table: Thunk[] = [];
  const seen32 = new AddressSet();
  const seen64 = new AddressSet();
  let repeated = 0;
  for (let rva = start; rva; rva += size) {
    if (rva >= start + maxLen) {
      img.warn('pe-imports', 'import thunks run past their bounds');
      break;
    }
    if (budget.symbols > img.limits.maxImportFunctions) {
      img.warn('limit-imports', `more than ${img.limits.maxImportFunctions} imported symbols`);
      break;
    }
    budget.symbols++;
    if (repeated >= MAX_REPEATED) return [];
    if (seen32.diff() > MAX_ADDRESS_SPREAD || seen64.diff() > MAX_ADDRESS_SPREAD) return [];
    const d = img.dataAt(rva, size);
    if (!d || d.length !== size) {
      img.warn('pe-imports', `import thunk at RVA 0x${rva.toString(16)} is unreadable`);
      return undefined;
    }
    const dv = new DataView(d.buffer, d.byteOffset, size);
    const lo = dv.getUint32(0, true);
    const hi = size === 8 ? dv.getUint32(4, true) : 0;
    // 64-bit values above 2^53 lose low bits as numbers, so the ordinal flag and number come from the words.
    const byOrdinal = ((size === 8 ? hi : lo) & 0x80000000) !== 0;
    const value = hi * 0x1_0000_0000 + lo;
    if (value >= start && value <= rva) {
      img.warn('pe-imports', `import thunk at RVA 0x${rva.toString(16)} points into its own table`);
      break;
    }
    if (value) {
      if (byOrdinal) {
        if ((lo & 0x7fffffff) > 0xffff) return [];
      } else {
        const set = value >= 2 ** 32 ? seen64 : seen32;
        if (set.has(value)) repeated++;
        set.add(value);
      }
    }
    if (value === 0) break;
    table.push({ value, ordinal: byOrdinal ? lo & 0xffff : null });
  }
  return table;
}

/** pefile AddressSet: remembers addresses and their spread. */
class AddressSet {
  private readonly items = new Set<number>();
  private min = Infinity;
  private max = -Infinity;
  has(v: number): boolean {
    return this.items.has(v);
  }
  add(v: number): void {
    this.items.add(v);
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }
  diff(): number {
    return this.items.size ? this.max - this.min : 0;
  }
}

/**
 * imphash exactly as python3-pefile's get_imphash: `lib.func` pairs, lower-cased, the extension
 * stripped when it is dll/ocx/sys, ordinals resolved through pefile's ordinal tables, joined with
 * commas, MD5. Empty string when there are no imports (pefile returns '' too).
 * @example computeImphash(parsePe(bytes)!.imports) // same as parsePe(bytes)!.imphash
 */
export function computeImphash(imports: PeImport[]): string {
  const parts: string[] = [];
  let any = false;
  for (const imp of imports) {
    if (imp.delayed) continue;
    any = true;
    let lib = imp.dll.toLowerCase();
    const dot = lib.lastIndexOf('.');
    if (dot >= 0 && ['ocx', 'sys', 'dll'].includes(lib.slice(dot + 1))) lib = lib.slice(0, dot);
    for (const f of imp.functions) {
      const name = f.name ?? (f.ordinal !== null ? lookupOrdinal(imp.dll, f.ordinal, true) : null);
      if (name) parts.push(`${lib}.${name.toLowerCase()}`);
    }
  }
  if (!any) return '';
  return createHash('md5').update(parts.join(','), 'latin1').digest('hex');
}

/** Delay-load imports (PE/COFF spec §5.8): listed for analysts, excluded from imphash as in pefile. */
export function parseDelayImports(img: PeImage): PeImport[] {
  const d = img.dir(DIR.DELAY_IMPORT);
  if (!d) return [];
  const out: PeImport[] = [];
  const budget: Budget = { symbols: 0 };
  for (let n = 0, rva = d.rva; n < img.limits.maxImportDlls; n++, rva += 32) {
    const desc = img.dataAt(rva, 32);
    if (!desc || desc.length < 32 || desc.every((x) => x === 0)) break;
    const dv = new DataView(desc.buffer, desc.byteOffset, 32);
    // Attribute bit 0 clear: the old format stores VAs instead of RVAs.
    const fix = (v: number): number => (dv.getUint32(0, true) & 1 || v < img.h.imageBase ? v : v - img.h.imageBase);
    const nameRva = fix(dv.getUint32(4, true));
    const intRva = fix(dv.getUint32(16, true));
    const functions = importedFunctions(img, intRva, intRva, img.b.length, budget) ?? [];
    const dll = img.strAt(nameRva, MAX_NAME);
    if (!dll || !DOS_NAME_CHARS.test(dll)) continue;
    for (const f of functions) if (f.name === null && f.ordinal !== null) f.name = lookupOrdinal(dll, f.ordinal, false);
    out.push({ dll, functions, delayed: true });
  }
  return out;
}

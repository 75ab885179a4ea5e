// Compound File Binary (MS-CFB) with stream contents: the container of Outlook .msg messages and
// of Office 97-2003 files. ole.ts lists a file's entry names for triage; this reads the directory
// as a tree and the bytes of its streams (FAT chains, and the mini stream for small ones).
// Hand-written by policy (a parser that must survive hostile input): every chain is followed with
// a visited set and stops at the stream's declared size, the directory tree is walked without
// recursion and visits each entry once, and a stream is never read past `maxStreamSize`; the npm
// .msg readers tried follow chains with `while (next != END)` and loop forever on a looping FAT.
import type { Diagnostic } from '../../../model/diagnostic.js';
import { Reader } from '../elf/reader.js';

const END = 0xfffffffe;
const FREE = 0xffffffff;
const NOSTREAM = 0xffffffff;
/** Most sectors of a table (FAT, mini FAT) read. */
const MAX_SECTORS = 1 << 22;
/** Most directory entries read. */
const MAX_ENTRIES = 1 << 16;

export interface CfbEntry {
  name: string;
  type: 'storage' | 'stream' | 'root';
  size: number;
  /** Child entries (storages and the root). */
  children: CfbEntry[];
  /** Directory index. */
  id: number;
}

export interface Cfb {
  root: CfbEntry;
  /** The bytes of a stream entry (truncated to what the file holds, with a warning). */
  read(entry: CfbEntry): Uint8Array;
  warnings: Diagnostic[];
}

interface RawEntry { name: string; type: number; left: number; right: number; child: number; start: number; size: number }

/** Reads a compound file, or returns null when `bytes` is none (wrong signature, no readable root). */
export function readCfb(bytes: Uint8Array, maxStreamSize = 64 * 1024 * 1024): Cfb | null {
  if (bytes.length < 512 || bytes[0] !== 0xd0 || bytes[1] !== 0xcf || bytes[2] !== 0x11 || bytes[3] !== 0xe0) return null;
  const r = new Reader(bytes);
  const warnings: Diagnostic[] = [];
  const shift = r.u16(30) ?? 9;
  const sector = shift === 12 ? 4096 : 512;
  const at = (s: number): number => (s + 1) * sector;
  const fat = readFat(r, sector, at, warnings);
  const chain = (start: number, table: Uint32Array, limit: number): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let s = start; s < END && s < table.length && out.length < limit; s = table[s]!) {
      if (seen.has(s)) {
        warnings.push({ code: 'cfb-loop', message: 'a sector chain loops; read up to the loop' });
        break;
      }
      seen.add(s);
      out.push(s);
    }
    return out;
  };
  // The directory: 128-byte entries in the chain starting at header offset 48.
  const dirSectors = chain(r.u32(48) ?? END, fat, MAX_ENTRIES / (sector / 128));
  const raw: RawEntry[] = [];
  for (const s of dirSectors) {
    for (let e = at(s); e < at(s) + sector && raw.length < MAX_ENTRIES; e += 128) {
      if (!r.has(e, 128)) break;
      const len = Math.min(64, r.u16(e + 64) ?? 0);
      raw.push({
        name: Buffer.from(bytes.subarray(e, e + Math.max(0, len - 2))).toString('utf16le'),
        type: r.u8(e + 66) ?? 0, left: r.u32(e + 68)!, right: r.u32(e + 72)!, child: r.u32(e + 76)!,
        start: r.u32(e + 116)!, size: r.u32(e + 120)!,
      });
    }
  }
  if (raw.length === 0 || raw[0]!.type !== 5) return null;
  // Mini stream (in the root entry's chain) and mini FAT (header offsets 60 and 64).
  const miniFatSectors = chain(r.u32(60) ?? END, fat, MAX_SECTORS / (sector / 4));
  const miniFat = new Uint32Array(miniFatSectors.length * (sector / 4)).fill(END);
  miniFatSectors.forEach((s, k) => {
    for (let i = 0; i < sector / 4; i++) miniFat[k * (sector / 4) + i] = r.u32(at(s) + i * 4) ?? END;
  });
  const rootEntry = raw[0]!;
  const miniStreamSectors = chain(rootEntry.start, fat, Math.ceil(Math.min(rootEntry.size, maxStreamSize * 4) / sector) + 1);
  const cutoff = r.u32(56) ?? 4096;

  const entries = new Map<number, CfbEntry>();
  const node = (id: number): CfbEntry => {
    let e = entries.get(id);
    if (!e) {
      const x = raw[id]!;
      e = { name: x.name, type: x.type === 5 ? 'root' : x.type === 1 ? 'storage' : 'stream', size: x.size, children: [], id };
      entries.set(id, e);
    }
    return e;
  };
  // Each storage's children are the red-black tree under its `child`, walked through left/right.
  // Every entry is placed once: a tree that points back into itself ends with a warning.
  const placed = new Set<number>([0]);
  const storages: number[] = [0];
  let looped = false;
  while (storages.length > 0) {
    const parentId = storages.pop()!;
    const parent = node(parentId);
    const stack = [raw[parentId]!.child];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === NOSTREAM || id >= raw.length) continue;
      if (placed.has(id)) {
        looped = true;
        continue;
      }
      placed.add(id);
      const x = raw[id]!;
      if (x.type !== 1 && x.type !== 2) continue;
      parent.children.push(node(id));
      if (x.type === 1) storages.push(id);
      stack.push(x.right, x.left);
    }
  }
  if (looped) warnings.push({ code: 'cfb-directory-loop', message: 'the directory tree points back into itself; each entry was read once' });
  for (const e of entries.values()) e.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const read = (entry: CfbEntry): Uint8Array => {
    const x = raw[entry.id]!;
    // No stream holds more than the file does: a hostile size field allocates nothing more.
    const size = Math.min(x.size, maxStreamSize, bytes.length);
    if (x.size > maxStreamSize && maxStreamSize < bytes.length) warnings.push({ code: 'cfb-stream-limit', message: `stream ${x.name} is over ${maxStreamSize} bytes; read in part` });
    const out = new Uint8Array(size);
    let got = 0;
    if (x.size < cutoff && entry.type === 'stream') {
      // Mini stream: 64-byte mini sectors inside the root entry's stream.
      for (const m of chain(x.start, miniFat, Math.ceil(size / 64) + 1)) {
        if (got >= size) break;
        const off = m * 64;
        const s = miniStreamSectors[Math.floor(off / sector)];
        if (s === undefined) break;
        const from = at(s) + (off % sector);
        const n = Math.min(64, size - got, Math.max(0, bytes.length - from));
        if (n <= 0) break;
        out.set(bytes.subarray(from, from + n), got);
        got += n;
      }
    } else {
      for (const s of chain(x.start, fat, Math.ceil(size / sector) + 1)) {
        if (got >= size) break;
        const from = at(s);
        const n = Math.min(sector, size - got, Math.max(0, bytes.length - from));
        if (n <= 0) break;
        out.set(bytes.subarray(from, from + n), got);
        got += n;
      }
    }
    if (got < size) {
      warnings.push({ code: 'cfb-stream-truncated', message: `stream ${x.name}: ${got} of ${size} bytes could be read` });
      return out.subarray(0, got);
    }
    return out;
  };
  return { root: node(0), read, warnings };
}

/**
 * The FAT: sectors listed in the header's 109 DIFAT slots and the DIFAT chain, at most `maxSectors`
 * entries; a looping DIFAT chain ends with `loop` as a warning. Shared with ole.ts (entry listing).
 */
export function readFat(r: Reader, sector: number, at: (s: number) => number, warnings: Diagnostic[], maxSectors = MAX_SECTORS, loop: Diagnostic = { code: 'cfb-loop', message: 'the DIFAT chain loops' }): Uint32Array {
  const perSector = sector / 4;
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = r.u32(76 + i * 4) ?? FREE;
    if (s < END) fatSectors.push(s);
  }
  const seen = new Set<number>();
  for (let d = r.u32(68) ?? END; d < END && fatSectors.length * perSector < maxSectors; ) {
    if (seen.has(d)) {
      warnings.push(loop);
      break;
    }
    seen.add(d);
    const base = at(d);
    if (!r.has(base, sector)) break;
    for (let i = 0; i < perSector - 1; i++) {
      const s = r.u32(base + i * 4)!;
      if (s < END) fatSectors.push(s);
    }
    d = r.u32(base + sector - 4)!;
  }
  const fat = new Uint32Array(Math.min(fatSectors.length * perSector, maxSectors)).fill(END);
  fatSectors.forEach((s, k) => {
    const base = at(s);
    for (let i = 0; i < perSector && k * perSector + i < fat.length; i++) {
      const v = r.u32(base + i * 4);
      if (v === undefined) return;
      fat[k * perSector + i] = v;
    }
  });
  return fat;
}

// Prebuilt lookup tables for the bundled warninglists (data/warninglists/index/, written with the lists
// by scripts/knowledge/10-warninglists.ts). Compiling the lists at run time (parsing, sorting and
// merging 62k resolver ranges, a map of ~65k host names) cost ~110 ms of CPU in every fresh process
// and worker, before the first answer. These files are read as they are: typed arrays over the file's
// bytes, plus the lists' own .txt files as the text the tables point into.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { Benign } from '../../model/indicator.js';
import { forEachLine, sourceBytes, v4KeyAt } from './bytes.js';
import type { WarninglistKind, WarninglistSource } from './lookup.js';

/** Bumped when the layout changes: an index of another version is not used (the lists are compiled). */
const VERSION = 2;
const BITMAP_BYTES = 1 << 17;
/** The kinds looked up by exact key (after lower-casing) in a hash table. */
export type KeyKind = Exclude<WarninglistKind, 'cidr'>;
const KEY_KINDS: readonly KeyKind[] = ['host', 'popular', 'hash'];

/** One cidr list's merged IPv4 ranges. */
export interface V4Ranges { source: number; starts: Uint32Array; ends: Uint32Array }

/** FNV-1a over bytes. */
function fnv(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

let lastKey = '';
let lastHash = fnv(new Uint8Array(0), 0, 0);

/**
 * FNV-1a over a string's UTF-8 bytes, without encoding it when it is ASCII. A host is looked up in
 * the host table, then in the popular one: the last key's hash is kept for the second lookup.
 */
function fnvString(key: string): number {
  if (key === lastKey) return lastHash;
  lastKey = key;
  lastHash = fnvUncached(key);
  return lastHash;
}

function fnvUncached(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c > 127) { const b = Buffer.from(key); return fnv(b, 0, b.length); }
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/** Merged, sorted IPv4 ranges of one list's lines. */
export function mergedV4(bytes: Uint8Array): { starts: number[]; ends: number[] } {
  const keys: number[] = [];
  forEachLine(bytes, (s, e) => {
    const k = v4KeyAt(bytes, s, e);
    if (k >= 0) keys.push(k);
  });
  const sorted = Float64Array.from(keys).sort();
  const starts: number[] = [], ends: number[] = [];
  for (const k of sorted) {
    const bits = k % 64, start = (k - bits) / 64, end = start + 2 ** (32 - bits) - 1;
    const last = ends.length - 1;
    if (last >= 0 && start <= ends[last]! + 1) ends[last] = Math.max(ends[last]!, end);
    else { starts.push(start); ends.push(end); }
  }
  return { starts, ends };
}

/**
 * One bit per 4096-address block (address >>> 12) that some list's range touches: 128 KB, prebuilt into v4.bin
 * (compiled lists build it in one walk over their merged ranges). An address in an
 * unmarked block is in no list: one bit test instead of a binary search per list.
 */
export function blockBitmap(lists: readonly { starts: ArrayLike<number>; ends: ArrayLike<number> }[]): Uint8Array {
  const bits = new Uint8Array(BITMAP_BYTES);
  for (const l of lists) {
    for (let i = 0; i < l.starts.length; i++) {
      let b = l.starts[i]! >>> 12;
      const last = l.ends[i]! >>> 12;
      // Whole bytes of blocks at once: the special-use /4s alone span 131k blocks.
      for (; b <= last && (b & 7) !== 0; b++) bits[b >>> 3]! |= 1 << (b & 7);
      if (last - b >= 8) {
        const full = (last + 1) >>> 3;
        bits.fill(0xff, b >>> 3, full);
        b = full << 3;
      }
      for (; b <= last; b++) bits[b >>> 3]! |= 1 << (b & 7);
    }
  }
  return bits;
}

const u32 = (values: readonly number[]): Buffer => Buffer.from(Uint32Array.from(values).buffer);

/**
 * Writes the index of `sources` (the bundled lists, in manifest order) into `dir`: `v4.bin` (each cidr
 * list's merged ranges), `v6.json` (the IPv6 entries, a few hundred), and one hash table per key kind
 * (`host.bin`, `popular.bin`, `hash.bin`). Deterministic: the same lists give the same bytes.
 * Throws on a value that is not lower case (the build lower-cases them; the tables compare bytes).
 */
export function writeWarninglistIndex(dir: string, sources: readonly WarninglistSource[]): void {
  mkdirSync(dir, { recursive: true });
  const v4: Buffer[] = [];
  const ranges: { starts: number[]; ends: number[] }[] = [];
  const v6: Record<string, string[]> = {};
  sources.forEach((src, i) => {
    if (src.kind !== 'cidr') return;
    const bytes = sourceBytes(src);
    const { starts, ends } = mergedV4(bytes);
    if (starts.length > 0) {
      v4.push(u32([i, starts.length]), u32(starts), u32(ends));
      ranges.push({ starts, ends });
    }
    const six = bytes.toString('utf8').split('\n').filter((l) => l.includes(':'));
    if (six.length > 0) v6[src.id] = six;
  });
  writeFileSync(join(dir, 'v4.bin'), Buffer.concat([u32([VERSION, v4.length / 3]), Buffer.from(blockBitmap(ranges)), ...v4]));
  writeFileSync(join(dir, 'v6.json'), `${JSON.stringify({ version: VERSION, lists: v6 })}\n`);
  for (const kind of KEY_KINDS) writeFileSync(join(dir, `${kind}.bin`), keyTable(sources, kind));
}

/**
 * Open-addressing table over every value of the lists of `kind`: header (version, slot count, entry
 * count), slots (entry + 1, 0 when empty), then per entry its list and byte offset in that list's text.
 * The first list naming a value owns it, as in the compiled maps.
 */
function keyTable(sources: readonly WarninglistSource[], kind: KeyKind): Buffer {
  const lists: number[] = [], offsets: number[] = [], hashes: number[] = [];
  const seen = new Set<string>();
  sources.forEach((src, i) => {
    if (src.kind !== kind) return;
    const bytes = sourceBytes(src);
    forEachLine(bytes, (s, e) => {
      const v = bytes.toString('utf8', s, e);
      if (v !== v.toLowerCase()) throw new Error(`warninglist ${src.id}: value not in lower case: ${v}`);
      if (seen.has(v)) return;
      seen.add(v);
      lists.push(i);
      offsets.push(s);
      hashes.push(fnv(bytes, s, e));
    });
  });
  let size = 16;
  while (size < hashes.length * 1.5) size *= 2;
  const slots = new Uint32Array(size);
  hashes.forEach((h, entry) => {
    let j = h & (size - 1);
    while (slots[j] !== 0) j = (j + 1) & (size - 1);
    slots[j] = entry + 1;
  });
  return Buffer.concat([u32([VERSION, size, hashes.length]), Buffer.from(slots.buffer), u32(offsets), u32(lists)]);
}

/** Uint32 words of a file (copied when the buffer is not 4-byte aligned). */
const wordsOf = new Map<string, Uint32Array>();

function words(file: string): Uint32Array {
  let w = wordsOf.get(file);
  if (w === undefined) {
    w = readWords(file);
    wordsOf.set(file, w);
  }
  return w;
}

function readWords(file: string): Uint32Array {
  let b = readFileSync(file);
  if (b.byteOffset % 4 !== 0) b = Buffer.from(b);
  return new Uint32Array(b.buffer, b.byteOffset, b.length >>> 2);
}

/**
 * True when `dir` holds an index this code can read: the machine is little-endian (as the files), and
 * every file is of this version with the sizes its header announces. Otherwise (a damaged or foreign
 * install) the lists are compiled instead.
 */
export function hasWarninglistIndex(dir: string): boolean {
  if (endianness() !== 'LE') return false;
  try {
    const v4 = words(join(dir, 'v4.bin'));
    if (v4[0] !== VERSION) return false;
    let p = 2 + BITMAP_BYTES / 4;
    for (let k = 0; k < v4[1]!; k++) p += 2 + 2 * (v4[p + 1] ?? Infinity);
    if (p !== v4.length) return false;
    for (const kind of KEY_KINDS) {
      const w = words(join(dir, `${kind}.bin`));
      if (w[0] !== VERSION || w.length !== 3 + w[1]! + 2 * w[2]!) return false;
    }
    readV6Index(dir);
    return true;
  } catch {
    return false;
  }
}

/** The cidr lists' merged IPv4 ranges, in list order, and the blocks they touch (see blockBitmap). */
export function readV4Index(dir: string): { lists: V4Ranges[]; blocks: Uint8Array } {
  const w = words(join(dir, 'v4.bin'));
  const blocks = new Uint8Array(w.buffer, w.byteOffset + 8, BITMAP_BYTES);
  const lists: V4Ranges[] = [];
  let p = 2 + BITMAP_BYTES / 4;
  for (let k = 0; k < w[1]!; k++) {
    const source = w[p]!, n = w[p + 1]!;
    lists.push({ source, starts: w.subarray(p + 2, p + 2 + n), ends: w.subarray(p + 2 + n, p + 2 + 2 * n) });
    p += 2 + 2 * n;
  }
  return { lists, blocks };
}

/** The IPv6 entries of each cidr list, by list id. */
export function readV6Index(dir: string): Record<string, string[]> {
  return (JSON.parse(readFileSync(join(dir, 'v6.json'), 'utf8')) as { lists: Record<string, string[]> }).lists;
}

/** A prebuilt key table: `get(key)` answers as the compiled map of that kind would. */
export interface KeyLookup { get(key: string): Benign | undefined }

/** The table of `kind`; `benign(i)` gives source i's Benign. */
export function readKeyIndex(dir: string, kind: KeyKind, sources: readonly WarninglistSource[], benign: (i: number) => Benign): KeyLookup {
  const w = words(join(dir, `${kind}.bin`));
  const size = w[1]!, n = w[2]!;
  const slots = w.subarray(3, 3 + size);
  const offsets = w.subarray(3 + size, 3 + size + n);
  const lists = w.subarray(3 + size + n, 3 + size + 2 * n);
  const texts = sources.map((s) => (s.kind === kind ? sourceBytes(s) : null));
  const mask = size - 1;
  return {
    get(key: string): Benign | undefined {
      let j = fnvString(key) & mask;
      for (let slot = slots[j]!; slot !== 0; j = (j + 1) & mask, slot = slots[j]!) {
        const list = lists[slot - 1]!;
        if (sameKey(texts[list]!, offsets[slot - 1]!, key)) return benign(list);
      }
      return undefined;
    },
  };
}

/** Whether the line of `text` at `at` is `key` (compared as UTF-8 bytes). */
function sameKey(text: Buffer, at: number, key: string): boolean {
  let ascii = true;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c > 127) { ascii = false; break; }
    if (text[at + i] !== c) return false;
  }
  if (ascii) return at + key.length === text.length || text[at + key.length] === 10;
  const end = text.indexOf(10, at);
  return text.toString('utf8', at, end === -1 ? text.length : end) === key;
}

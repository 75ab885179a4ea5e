import type { PeImage } from './image.js';
import type { PeAuthenticode, PeDebugEntry, PeRelocations, PeTls } from './types.js';
import { DEBUG_TYPES, DIR } from './constants.js';

/** TLS directory (PE/COFF spec §6.7): callback VAs from the zero-terminated AddressOfCallBacks array. */
export function parseTls(img: PeImage): PeTls | null {
  const d = img.dir(DIR.TLS);
  if (!d) return null;
  const ptrSize = img.h.is64 ? 8 : 4;
  const raw = img.dataAt(d.rva, ptrSize * 4);
  if (!raw || raw.length < ptrSize * 4) {
    img.warn('pe-tls', 'TLS directory is unreadable', img.rvaToOffset(d.rva));
    return null;
  }
  const address = readPtr(raw, 3 * ptrSize, ptrSize);
  const callbacks: number[] = [];
  if (address !== 0) {
    const rva = address - img.h.imageBase;
    for (let i = 0; ; i++) {
      if (i >= img.limits.maxTlsCallbacks) {
        img.warn('limit-tls', `more than ${img.limits.maxTlsCallbacks} TLS callbacks`);
        break;
      }
      const p = rva >= 0 ? img.dataAt(rva + i * ptrSize, ptrSize) : undefined;
      if (!p || p.length < ptrSize) break;
      const va = readPtr(p, 0, ptrSize);
      if (va === 0) break;
      callbacks.push(va);
    }
  }
  return { callbacks, address_of_callbacks: address };
}

function readPtr(a: Uint8Array, off: number, size: number): number {
  const dv = new DataView(a.buffer, a.byteOffset + off, size);
  return size === 8 ? dv.getUint32(4, true) * 0x1_0000_0000 + dv.getUint32(0, true) : dv.getUint32(0, true);
}

/** Certificate table (§4.7 "Attribute Certificate Table"): its address is a file offset, not an RVA. */
export function parseAuthenticode(img: PeImage): PeAuthenticode | null {
  const d = img.h.directories[DIR.SECURITY];
  if (!d || d.rva === 0 || d.size === 0) return null;
  const inFile = d.rva + d.size <= img.b.length;
  if (!inFile) img.warn('pe-certificate', 'certificate table runs past the end of the file', d.rva);
  return { offset: d.rva, size: d.size, revision: img.b.u16(d.rva + 4) ?? null, type: img.b.u16(d.rva + 6) ?? null, in_file: inFile };
}

/** Debug directory (§6.1.1), with CodeView RSDS/NB10 records decoded for the PDB path. */
export function parseDebug(img: PeImage): PeDebugEntry[] {
  const d = img.dir(DIR.DEBUG);
  if (!d) return [];
  const out: PeDebugEntry[] = [];
  const n = Math.min(Math.floor(d.size / 28), img.limits.maxDebugEntries);
  for (let i = 0; i < n; i++) {
    const raw = img.dataAt(d.rva + 28 * i, 28);
    if (!raw || raw.length < 28) {
      img.warn('truncated', 'debug directory is cut short');
      break;
    }
    const dv = new DataView(raw.buffer, raw.byteOffset, 28);
    const type = dv.getUint32(12, true);
    const entry: PeDebugEntry = {
      type,
      type_name: DEBUG_TYPES[type] ?? `#${type}`,
      timestamp: dv.getUint32(4, true),
      size: dv.getUint32(16, true),
      offset: dv.getUint32(24, true),
    };
    if (type === 2) decodeCodeView(img, entry);
    out.push(entry);
  }
  return out;
}

function decodeCodeView(img: PeImage, e: PeDebugEntry): void {
  const { b } = img;
  const sig = b.u32(e.offset);
  const max = Math.min(e.size, 1024);
  if (sig === 0x53445352 /* RSDS */ && b.has(e.offset, 24)) {
    e.guid = guidAt(b.buf, e.offset + 4);
    e.age = b.u32(e.offset + 20)!;
    e.pdb = utf8(b.slice(e.offset + 24, Math.max(0, max - 24)));
  } else if (sig === 0x3031424e /* NB10 */ && b.has(e.offset, 16)) {
    e.age = b.u32(e.offset + 12)!;
    e.pdb = utf8(b.slice(e.offset + 16, Math.max(0, max - 16)));
  }
}

function utf8(a: Uint8Array): string {
  const z = a.indexOf(0);
  return new TextDecoder().decode(z >= 0 ? a.subarray(0, z) : a);
}

/** GUID in its registry text form (Data1-3 little-endian), lower-case, without braces. */
export function guidAt(buf: Uint8Array, off: number): string {
  const h = (i: number): string => buf[off + i]!.toString(16).padStart(2, '0');
  const seq = (idx: number[]): string => idx.map(h).join('');
  return `${seq([3, 2, 1, 0])}-${seq([5, 4])}-${seq([7, 6])}-${seq([8, 9])}-${seq([10, 11, 12, 13, 14, 15])}`;
}

/** The PE checksum as imagehlp's CheckSumMappedFile (and pefile generate_checksum) compute it. */
export function computeChecksum(buf: Uint8Array, checksumOffset: number): number {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const whole = buf.length - (buf.length % 4);
  const skip = checksumOffset - (checksumOffset % 4) === checksumOffset ? checksumOffset : -1;
  let sum = 0;
  for (let i = 0; i < whole; i += 4) {
    if (i === skip) continue;
    sum += dv.getUint32(i, true);
    if (sum >= 0x1_0000_0000) sum = (sum % 0x1_0000_0000) + 1;
  }
  if (whole < buf.length) {
    let last = 0;
    for (let i = whole; i < buf.length; i++) last |= buf[i]! << (8 * (i - whole));
    sum += last >>> 0;
    if (sum >= 0x1_0000_0000) sum = (sum % 0x1_0000_0000) + 1;
  }
  sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  sum = sum + (sum >>> 16);
  return ((sum & 0xffff) + buf.length) >>> 0;
}

const RELOC_TYPES: Readonly<Record<number, string>> = { 0: 'absolute', 1: 'high', 2: 'low', 3: 'highlow', 4: 'highadj', 10: 'dir64' };

/**
 * Base relocation summary (§6.6): block and entry counts by type. Walks blocks until the directory
 * size is used up or a block is malformed (size < 8 would never advance); capped at `maxRelocations`.
 */
export function parseRelocations(img: PeImage): PeRelocations | null {
  const d = img.dir(DIR.BASERELOC);
  if (!d) return null;
  const out: PeRelocations = { blocks: 0, entries: 0, types: {} };
  let pos = 0;
  while (pos + 8 <= d.size) {
    const size = img.u32At(d.rva + pos + 4);
    if (size === undefined || size < 8 || pos + size > d.size) {
      if (size !== 0) img.warn('pe-relocations', 'malformed base relocation block', img.rvaToOffset(d.rva + pos));
      break;
    }
    const n = (size - 8) >> 1;
    if (out.entries + n > img.limits.maxRelocations) {
      img.warn('limit-relocations', `more than ${img.limits.maxRelocations} relocations`);
      break;
    }
    const data = img.dataAt(d.rva + pos + 8, n * 2) ?? new Uint8Array(0);
    for (let i = 0; i + 1 < data.length; i += 2) {
      const type = data[i + 1]! >> 4;
      const name = RELOC_TYPES[type] ?? `#${type}`;
      out.types[name] = (out.types[name] ?? 0) + 1;
    }
    out.blocks++;
    out.entries += n;
    pos += size;
  }
  return out;
}

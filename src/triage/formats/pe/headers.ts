import type { Bytes } from './bytes.js';
import type { Headers, RawSection } from './image.js';
import { latin1 } from './bytes.js';

const MZ = 0x5a4d;
const PE_SIG = 0x00004550;

/** Offset of the `PE\0\0` signature when the bytes start like a PE image, else undefined. */
export function peHeaderOffset(b: Bytes): number | undefined {
  if (b.u16(0) !== MZ) return undefined;
  const lfanew = b.u32(0x3c);
  if (lfanew === undefined || b.u32(lfanew) !== PE_SIG) return undefined;
  return lfanew;
}

/**
 * DOS, COFF and optional headers (PE/COFF spec §3.2–3.4). Fields past the end of the file read as 0,
 * as the loader and pefile both treat a short optional header.
 */
export function parseHeaders(b: Bytes, peOffset: number, warn: (code: string, msg: string, off?: number) => void): Headers {
  const z = (v: number | undefined): number => v ?? 0;
  const coff = peOffset + 4;
  const optOffset = coff + 20;
  const magic = z(b.u16(optOffset));
  const is64 = magic === 0x20b;
  if (magic !== 0x10b && magic !== 0x20b) warn('pe-bad-magic', `optional header magic 0x${magic.toString(16)}, read as PE32`, optOffset);
  const o = optOffset;
  const dirBase = o + (is64 ? 112 : 96);
  if (!b.has(o, is64 ? 112 : 96)) warn('truncated', 'optional header is cut short', o);
  const rvaCount = z(b.u32(o + (is64 ? 108 : 92)));
  if (rvaCount > 16) warn('pe-rva-count', `NumberOfRvaAndSizes is ${rvaCount}, read 16`, o);
  const directories: { rva: number; size: number }[] = [];
  for (let i = 0; i < Math.min(rvaCount & 0x7fffffff, 16); i++) {
    directories.push({ rva: z(b.u32(dirBase + 8 * i)), size: z(b.u32(dirBase + 8 * i + 4)) });
  }
  const ver = (off: number): [number, number] => [z(b.u16(off)), z(b.u16(off + 2))];
  return {
    peOffset,
    machine: z(b.u16(coff)),
    numberOfSections: z(b.u16(coff + 2)),
    timestamp: z(b.u32(coff + 4)),
    sizeOfOptionalHeader: z(b.u16(coff + 16)),
    characteristics: z(b.u16(coff + 18)),
    optOffset,
    magic,
    is64,
    linker: [z(b.u8(o + 2)), z(b.u8(o + 3))],
    entry: z(b.u32(o + 16)),
    imageBase: is64 ? z(b.u64(o + 24)) : z(b.u32(o + 28)),
    sectionAlignment: z(b.u32(o + 32)),
    fileAlignment: z(b.u32(o + 36)),
    osVersion: ver(o + 40),
    imageVersion: ver(o + 44),
    subsystemVersion: ver(o + 48),
    sizeOfImage: z(b.u32(o + 56)),
    sizeOfHeaders: z(b.u32(o + 60)),
    checksum: z(b.u32(o + 64)),
    checksumOffset: o + 64,
    subsystem: z(b.u16(o + 68)),
    dllCharacteristics: z(b.u16(o + 70)),
    numberOfRvaAndSizes: rvaCount,
    directories,
  };
}

/**
 * The section table (§4). Stops, like pefile, at an all-zero or missing header, and at `max`.
 * Name is the 8-byte field up to its first NUL, Latin-1 decoded.
 */
export function parseSectionTable(
  b: Bytes,
  h: Headers,
  max: number,
  warn: (code: string, msg: string, off?: number) => void,
): RawSection[] {
  const start = h.optOffset + h.sizeOfOptionalHeader;
  const out: RawSection[] = [];
  const count = h.numberOfSections;
  if (count > max) warn('limit-sections', `${count} sections declared, reading ${max}`, start);
  for (let i = 0; i < Math.min(count, max); i++) {
    const off = start + 40 * i;
    if (!b.has(off, 40)) {
      warn('truncated', `section header ${i} lies past the end of the file`, off);
      break;
    }
    if (isZero(b.buf, off, 40)) {
      warn('pe-null-section', `section header ${i} is all zero bytes`, off);
      break;
    }
    let n = 0;
    while (n < 8 && b.buf[off + n] !== 0) n++;
    out.push({
      index: i,
      name: latin1(b.buf, off, off + n),
      vsize: b.u32(off + 8)!,
      vaddr: b.u32(off + 12)!,
      rawSize: b.u32(off + 16)!,
      rawPtr: b.u32(off + 20)!,
      characteristics: b.u32(off + 36)!,
      headerOffset: off,
    });
  }
  return out;
}

function isZero(buf: Uint8Array, off: number, len: number): boolean {
  for (let i = off; i < off + len; i++) if (buf[i] !== 0) return false;
  return true;
}

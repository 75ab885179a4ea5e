// A ZIP among the hunt targets too big to hold (a triage collection of several GB): read from its
// central directory, each member streamed from the file through inflate, so that memory stays
// bounded whatever its size. Smaller ZIPs are held and listed by triage's reader (archive.ts), which
// also runs YARA on members. Hand-written by policy (a parser that must survive hostile input): every
// offset and size is checked against the file, ZIP64 fields are read where the 32-bit ones are
// saturated, and a member that inflates far past its compressed size is cut (decompression bomb).
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { IndicatorMatcher } from '../match/matcher.js';
import type { ArchiveSweep } from './archive.js';
import type { FileScanOptions } from './file.js';
import { sweepStreamedMember, type NestedSweep } from './member-stream.js';

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const LOCATOR64 = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_U32 = 0xffffffff;
/** Largest central directory read, and most members swept. */
const MAX_DIRECTORY = 64 * 1024 * 1024;
const MAX_MEMBERS = 100_000;

export interface ZipStreamLimits {
  /** A member stops after inflating to this many times its compressed size (and at least `minCap` bytes). */
  ratio: number;
  minCap: number;
}
const LIMITS: ZipStreamLimits = { ratio: 1000, minCap: 1024 * 1024 * 1024 };

interface Member { name: string; method: number; flags: number; comp: number; size: number; offset: number }

/** Sweeps a ZIP file member by member, streaming each from the file. */
export async function sweepZipStream(path: string, m: IndicatorMatcher, opts: FileScanOptions, nested: NestedSweep, limits = LIMITS): Promise<ArchiveSweep> {
  const out: ArchiveSweep = { hits: [], unlisted: [], lines: 0, warnings: [] };
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
    const size = (await fh.stat()).size;
    const members = await centralDirectory(fh, size, path, out);
    let encrypted = 0;
    const skipped = new Map<number, number>();
    for (const e of members) {
      if (opts.stopped?.()) break;
      if (e.name.endsWith('/')) continue;
      if (e.flags & 1) {
        encrypted++;
        continue;
      }
      if (e.method !== 0 && e.method !== 8) {
        skipped.set(e.method, (skipped.get(e.method) ?? 0) + 1);
        continue;
      }
      const start = await dataStart(fh, e, size);
      if (start === null || start + e.comp > size) {
        out.warnings.push({ code: 'archive-partial', message: `${path}!/${e.name}: its data lies past the end of the file; not swept` });
        continue;
      }
      const cap = Math.max(limits.minCap, e.comp * limits.ratio);
      try {
        await sweepStreamedMember(`${path}!/${e.name}`, e.name, e.size, memberData(path, start, e.comp, e.method, cap, () => {
          out.warnings.push({ code: 'archive-partial', message: `${path}!/${e.name}: inflates past ${cap} bytes (${limits.ratio}× its compressed size): a decompression bomb? the rest is not swept` });
        }), m, opts, out, nested);
      } catch (err) {
        out.warnings.push({ code: 'archive-partial', message: `${path}!/${e.name}: ${(err as Error).message}; the rest of it is not swept` });
      }
    }
    if (encrypted > 0) out.warnings.push({ code: 'archive-encrypted', message: `${path}: ${encrypted} encrypted member(s) not swept (password unknown)` });
    for (const [method, n] of skipped) out.warnings.push({ code: 'archive-partial', message: `${path}: ${n} member(s) compressed with method ${method}, which is not read` });
  } catch (e) {
    out.warnings.push({ code: 'unreadable', message: `${path}: ${(e as Error).message}` });
  } finally {
    await fh?.close();
  }
  return out;
}

/**
 * The declared inflated size of a ZIP's members, in all and the largest (from its central directory),
 * or null when the directory cannot be read: tells a ZIP to hold from one to stream.
 */
export async function zipInflatedSizes(path: string): Promise<{ total: number; largest: number } | null> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
    const out: ArchiveSweep = { hits: [], unlisted: [], lines: 0, warnings: [] };
    const members = await centralDirectory(fh, (await fh.stat()).size, path, out);
    if (members.length === 0) return null;
    let total = 0;
    let largest = 0;
    for (const e of members) {
      total += e.size;
      largest = Math.max(largest, e.size);
    }
    return { total, largest };
  } catch {
    return null;
  } finally {
    await fh?.close();
  }
}

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const b = Buffer.alloc(len);
  const { bytesRead } = await fh.read(b, 0, len, pos);
  return b.subarray(0, bytesRead);
}

/** The central directory's members (ZIP64 aware), or none with a warning. */
async function centralDirectory(fh: FileHandle, size: number, path: string, out: ArchiveSweep): Promise<Member[]> {
  const tailLen = Math.min(size, 65535 + 22);
  const tail = await readAt(fh, size - tailLen, tailLen);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at === -1) {
    out.warnings.push({ code: 'archive-partial', message: `${path}: no end of central directory (a cut ZIP?); its members are not swept` });
    return [];
  }
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if ((count === 0xffff || cdSize === MAX_U32 || cdOffset === MAX_U32) && at >= 20 && tail.readUInt32LE(at - 20) === LOCATOR64) {
    const rec = Number(tail.readBigUInt64LE(at - 20 + 8));
    const z = rec + 56 <= size ? await readAt(fh, rec, 56) : Buffer.alloc(0);
    if (z.length === 56 && z.readUInt32LE(0) === EOCD64) {
      count = Number(z.readBigUInt64LE(32));
      cdSize = Number(z.readBigUInt64LE(40));
      cdOffset = Number(z.readBigUInt64LE(48));
    }
  }
  if (cdOffset + cdSize > size || cdSize > MAX_DIRECTORY) {
    out.warnings.push({ code: 'archive-partial', message: `${path}: its central directory (${cdSize} bytes at ${cdOffset}) does not fit; its members are not swept` });
    return [];
  }
  const cd = await readAt(fh, cdOffset, cdSize);
  const members: Member[] = [];
  for (let p = 0; p + 46 <= cd.length && members.length < Math.min(count, MAX_MEMBERS); ) {
    if (cd.readUInt32LE(p) !== CENTRAL) break;
    const flags = cd.readUInt16LE(p + 8);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length) break;
    const rawName = cd.subarray(p + 46, p + 46 + nameLen);
    const e: Member = {
      name: flags & 0x800 ? rawName.toString('utf8') : rawName.toString('latin1'),
      method: cd.readUInt16LE(p + 10), flags, comp: cd.readUInt32LE(p + 20), size: cd.readUInt32LE(p + 24), offset: cd.readUInt32LE(p + 42),
    };
    zip64Fields(cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e);
    members.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (members.length < count) out.warnings.push({ code: 'archive-partial', message: `${path}: ${members.length} of ${count} members listed (a damaged directory, or over ${MAX_MEMBERS})` });
  return members;
}

/** ZIP64 extended information (extra field 0x0001): the 64-bit values of the saturated 32-bit fields, in order. */
function zip64Fields(extra: Buffer, e: Member): void {
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let r = q + 4;
      const next = (): number | null => (r + 8 <= q + 4 + len && r + 8 <= extra.length ? Number(extra.readBigUInt64LE((r += 8) - 8)) : null);
      if (e.size === MAX_U32) e.size = next() ?? e.size;
      if (e.comp === MAX_U32) e.comp = next() ?? e.comp;
      if (e.offset === MAX_U32) e.offset = next() ?? e.offset;
      return;
    }
    q += 4 + len;
  }
}

/** Where a member's data starts (after its local header), or null when the header is not there. */
async function dataStart(fh: FileHandle, e: Member, size: number): Promise<number | null> {
  if (e.offset + 30 > size) return null;
  const h = await readAt(fh, e.offset, 30);
  if (h.length < 30 || h.readUInt32LE(0) !== LOCAL) return null;
  return e.offset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
}

/** A member's bytes, inflated when deflated, cut at `cap` bytes (then `onCap`). */
async function* memberData(path: string, start: number, comp: number, method: number, cap: number, onCap: () => void): AsyncGenerator<Buffer> {
  if (comp === 0) return;
  const raw = createReadStream(path, { start, end: start + comp - 1, highWaterMark: 1 << 20 });
  const inflate = method === 8 ? createInflateRaw({ chunkSize: 256 * 1024 }) : null;
  const src: AsyncIterable<Buffer> = inflate ? (pipeline(raw, inflate, () => undefined) as unknown as AsyncIterable<Buffer>) : (raw as AsyncIterable<Buffer>);
  let total = 0;
  try {
    for await (const b of src) {
      total += b.length;
      if (total > cap) {
        onCap();
        return;
      }
      yield b;
    }
  } finally {
    raw.destroy();
    inflate?.destroy();
  }
}

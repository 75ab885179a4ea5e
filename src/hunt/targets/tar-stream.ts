// A TAR among the hunt targets (plain or gzipped: the `logs.tar.gz` of a server), read as a stream,
// member by member, so that a bundle of any size is swept with bounded memory: a member's lines go
// to the log reader as they arrive, its bytes through the hashers, and only its first 64 KiB are held
// (to tell text from binary). A ZIP, ISO or TAR inside it, up to ARCHIVE_MAX_SIZE, is opened in
// memory by the same sweep as a top-level one. Hand-written by policy (a parser that must survive
// hostile input): every header is checksummed, sizes are checked, names are bounded.
import { createReadStream } from 'node:fs';
import { paxPath, tarChecksumOk, tarNumber } from '../../triage/formats/archive/tar.js';
import { decodedChunks } from '../logs/reader.js';
import type { IndicatorMatcher } from '../match/matcher.js';
import type { ArchiveSweep } from './archive.js';
import { sweepStreamedMember, type NestedSweep } from './member-stream.js';
import type { FileScanOptions } from './file.js';

const BLOCK = 512;
/** Longest GNU long name or pax record read. */
const MAX_META = 65536;

/** Pull-based reads over a stream of chunks: exact byte counts across chunk boundaries. */
class ByteSource {
  private buf: Buffer = Buffer.alloc(0);
  private done = false;
  private readonly it: AsyncIterator<Buffer>;
  constructor(src: AsyncIterable<Buffer>) {
    this.it = src[Symbol.asyncIterator]();
  }

  /** Buffers at least `n` bytes (fewer at the end of the stream); returns how many are buffered. */
  async fill(n: number): Promise<number> {
    while (this.buf.length < n && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else this.buf = this.buf.length === 0 ? r.value : Buffer.concat([this.buf, r.value]);
    }
    return this.buf.length;
  }

  take(n: number): Buffer {
    const b = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return b;
  }

  /** The next `n` bytes, chunk by chunk (fewer when the stream ends first). */
  async *read(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && (await this.fill(1)) === 0) return;
      const b = this.take(Math.min(left, this.buf.length));
      left -= b.length;
      yield b;
    }
  }

  async skip(n: number): Promise<number> {
    let got = 0;
    for await (const b of this.read(n)) got += b.length;
    return got;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/** Sweeps a TAR file member by member. `nested` sweeps an archive found inside, held in memory. */
export async function sweepTarStream(path: string, m: IndicatorMatcher, opts: FileScanOptions, nested: NestedSweep): Promise<ArchiveSweep> {
  const out: ArchiveSweep = { hits: [], unlisted: [], lines: 0, warnings: [] };
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const src = new ByteSource(decodedChunks(file as AsyncIterable<Buffer>));
  let longName: string | null = null;
  let badChecksums = 0;
  try {
    for (;;) {
      if (opts.stopped?.()) break;
      const avail = await src.fill(BLOCK);
      if (avail < BLOCK) {
        if (avail > 0) out.warnings.push({ code: 'archive-partial', message: `${path}: the archive is cut inside a TAR header` });
        break;
      }
      const h = src.take(BLOCK);
      if (h.every((b) => b === 0)) break;
      if (!tarChecksumOk(h)) {
        // A header that fails its checksum is no header: the rest cannot be told from data.
        badChecksums++;
        out.warnings.push({ code: 'archive-partial', message: `${path}: a TAR header fails its checksum; members after it are not swept` });
        break;
      }
      const size = tarNumber(h.subarray(124, 136));
      if (size === null) {
        out.warnings.push({ code: 'archive-partial', message: `${path}: a TAR header has no readable size; members after it are not swept` });
        break;
      }
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      const type = h[156] === 0 ? '0' : String.fromCharCode(h[156]!);
      if (type === 'L' || type === 'x') {
        const meta = Buffer.concat(await collect(src.read(Math.min(size, MAX_META))));
        await src.skip(padded - meta.length);
        if (type === 'L') longName = meta.toString('utf8').replace(/\0.*$/s, '');
        else longName = paxPath(meta) ?? longName;
        continue;
      }
      const prefix = h[257] === 0x75 && h[258] === 0x73 && h[259] === 0x74 ? cstr(h.subarray(345, 500)) : '';
      const base = cstr(h.subarray(0, 100));
      const name = longName ?? (prefix ? `${prefix}/${base}` : base);
      longName = null;
      if (type !== '0' && type !== '7') {
        await src.skip(padded);
        continue;
      }
      // The member's bytes, counted: what the sweep leaves unread (it was stopped) is skipped, so the next
      // header is where it should be.
      let read = 0;
      async function* data(): AsyncGenerator<Buffer> {
        for await (const b of src.read(size!)) {
          read += b.length;
          yield b;
        }
      }
      await sweepStreamedMember(`${path}!/${name}`, name, size, data(), m, opts, out, nested);
      if (read < size && !opts.stopped?.() && (await src.skip(size - read)) < size - read) {
        out.warnings.push({ code: 'archive-partial', message: `${path}!/${name}: the archive is cut inside this member (${read} of ${size} bytes)` });
        break;
      }
      await src.skip(padded - size);
    }
  } catch (e) {
    out.warnings.push({ code: 'read-error', message: `${path}: ${(e as Error).message}` });
  } finally {
    await src.close();
    file.destroy();
  }
  if (badChecksums > 0 && out.hits.length === 0 && out.lines === 0) out.warnings.push({ code: 'archive-unread', message: `${path}: no member could be read` });
  return out;
}

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  for await (const b of it) parts.push(b);
  return parts;
}

/** A NUL-terminated field as UTF-8. */
function cstr(b: Uint8Array): string {
  const e = b.indexOf(0);
  return Buffer.from(b.subarray(0, e === -1 ? b.length : e)).toString('utf8');
}

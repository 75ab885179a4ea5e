import { open, type FileHandle } from 'node:fs/promises';

/** Bytes read at a time: big enough that the per-read cost is lost in the scan. */
const CHUNK = 1 << 20;

/**
 * Reads [start, end) of a file in chunks of `CHUNK` bytes through TWO buffers used in turn (reused by
 * the next file once this one is done: see `spare`): the next
 * chunk is read (on the thread pool) while the consumer scans the one just yielded, so the scanning
 * thread does not sit idle for each read. A chunk's memory is overwritten by the read after next: a
 * consumer must copy what it keeps past its next `next()` call (the log reader copies its carried
 * partial line; hashers copy into their state). A stream allocates a fresh buffer per chunk, and the
 * page faults and collection of a gigabyte of short-lived buffers cost more CPU than the reads. Every
 * chunk but the last is full, so a consumer that waits for more bytes (format detection) only ever
 * holds the last one. Not for gzip input: the decompressor keeps the chunks it is given.
 */
export async function* readChunks(path: string, start = 0, end = Infinity): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  const bufs = [spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK), spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK)] as const;
  const at = { pos: start };
  let pending: Promise<number> = fill(fh, bufs[0], at, end);
  // A read that fails while the consumer is busy is reported when the consumer asks for its chunk.
  pending.catch(() => undefined);
  try {
    for (let k = 0; ; k ^= 1) {
      const n = await pending;
      if (n === 0) return;
      const buf = bufs[k] as Buffer;
      const full = n === buf.length;
      pending = full ? fill(fh, bufs[k ^ 1] as Buffer, at, end) : Promise.resolve(0);
      pending.catch(() => undefined);
      yield buf.subarray(0, n);
      if (!full) return;
    }
  } finally {
    // Never close the file under a read still in flight (the consumer may stop early).
    await pending.catch(() => undefined);
    await fh.close();
    if (spare.length < MAX_SPARE) spare.push(...bufs);
  }
}

/**
 * Buffers of finished reads, for the next file: a sweep cut into many ranges would otherwise fault in
 * 2 MiB of fresh memory per range. A buffer is taken out while a read uses it, so reads that overlap
 * on one thread never share one.
 */
const spare: Buffer[] = [];
const MAX_SPARE = 4;

/** Fills `buf` from `at.pos` (a read may return less than asked before the end of the file); returns the byte count. */
async function fill(fh: FileHandle, buf: Buffer, at: { pos: number }, end: number): Promise<number> {
  let n = 0;
  while (n < buf.length && at.pos < end) {
    const { bytesRead } = await fh.read(buf, n, Math.min(buf.length - n, end - at.pos), at.pos);
    if (bytesRead === 0) break;
    n += bytesRead;
    at.pos += bytesRead;
  }
  return n;
}

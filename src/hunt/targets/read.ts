import { open } from 'node:fs/promises';

/** Bytes read at a time: big enough that the per-read cost is lost in the scan. */
const CHUNK = 1 << 20;

/**
 * Reads [start, end) of a file in chunks of `CHUNK` bytes through ONE buffer: every chunk yielded is
 * the same memory, overwritten by the next read. A stream allocates a fresh buffer per chunk, and
 * the page faults and collection of a gigabyte of short-lived buffers cost more CPU than the reads.
 * Consumers must copy what they keep (the log reader copies its carried partial line; hashers copy
 * into their state). Every chunk but the last is full, so a consumer that waits for more bytes
 * (format detection) only ever holds the last one. Not for gzip input: the decompressor keeps the
 * chunks it is given.
 */
export async function* readChunks(path: string, start = 0, end = Infinity): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafeSlow(CHUNK);
    let pos = start;
    for (;;) {
      let n = 0;
      // Fill the buffer (a read may return less than asked before the end of the file).
      while (n < buf.length && pos < end) {
        const { bytesRead } = await fh.read(buf, n, Math.min(buf.length - n, end - pos), pos);
        if (bytesRead === 0) break;
        n += bytesRead;
        pos += bytesRead;
      }
      if (n === 0) return;
      yield buf.subarray(0, n);
      if (n < buf.length) return;
    }
  } finally {
    await fh.close();
  }
}

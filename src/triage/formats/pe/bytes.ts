/**
 * Bounds-checked little-endian reads over the input. Every read returns `undefined` past the end
 * instead of throwing, so parsers degrade to partial results on truncated or hostile files.
 */
export class Bytes {
  readonly buf: Uint8Array;
  readonly view: DataView;
  readonly length: number;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.length = buf.byteLength;
  }

  has(off: number, len: number): boolean {
    return off >= 0 && len >= 0 && off + len <= this.length && Number.isSafeInteger(off);
  }

  u8(off: number): number | undefined {
    return this.has(off, 1) ? this.buf[off] : undefined;
  }

  u16(off: number): number | undefined {
    return this.has(off, 2) ? this.view.getUint16(off, true) : undefined;
  }

  u32(off: number): number | undefined {
    return this.has(off, 4) ? this.view.getUint32(off, true) : undefined;
  }

  /** 64-bit value as a JS number; values above 2^53 lose low bits (only used for addresses). */
  u64(off: number): number | undefined {
    if (!this.has(off, 8)) return undefined;
    return this.view.getUint32(off + 4, true) * 0x1_0000_0000 + this.view.getUint32(off, true);
  }

  /** A view (no copy) clipped to the buffer. */
  slice(off: number, len: number): Uint8Array {
    if (off < 0 || off >= this.length || len <= 0) return new Uint8Array(0);
    return this.buf.subarray(off, Math.min(this.length, off + len));
  }

  /** NUL-terminated single-byte string, at most `max` bytes; `undefined` when `off` is outside. */
  cstr(off: number, max: number): string | undefined {
    if (off < 0 || off >= this.length || !Number.isSafeInteger(off)) return undefined;
    const end = Math.min(this.length, off + max);
    let i = off;
    while (i < end && this.buf[i] !== 0) i++;
    return latin1(this.buf, off, i);
  }

  /** Index of the first `needle` at or after `from` and before `to`, or -1. */
  indexOf(needle: Uint8Array, from: number, to: number): number {
    const last = Math.min(to, this.length) - needle.length;
    const first = needle[0];
    for (let i = Math.max(0, from); i <= last; i++) {
      if (this.buf[i] !== first) continue;
      let j = 1;
      while (j < needle.length && this.buf[i + j] === needle[j]) j++;
      if (j === needle.length) return i;
    }
    return -1;
  }
}

/** Bytes [start, end) as a Latin-1 string (one char per byte, so nothing is lost or rejected). */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}

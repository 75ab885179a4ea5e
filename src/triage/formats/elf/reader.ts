/**
 * Bounds-checked little/big-endian reader shared by the ELF and Mach-O parsers. Reads past the end
 * return undefined instead of throwing, so hostile offsets degrade into warnings.
 */
export class Reader {
  readonly view: DataView;
  constructor(readonly buf: Uint8Array, public le = true) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  get length(): number {
    return this.buf.length;
  }
  has(off: number, len: number): boolean {
    return Number.isSafeInteger(off) && off >= 0 && len >= 0 && off + len <= this.buf.length;
  }
  u8(off: number): number | undefined {
    return this.has(off, 1) ? this.buf[off] : undefined;
  }
  u16(off: number): number | undefined {
    return this.has(off, 2) ? this.view.getUint16(off, this.le) : undefined;
  }
  u32(off: number): number | undefined {
    return this.has(off, 4) ? this.view.getUint32(off, this.le) : undefined;
  }
  i32(off: number): number | undefined {
    return this.has(off, 4) ? this.view.getInt32(off, this.le) : undefined;
  }
  /** 64-bit value as a JS number; values above 2^53 are clamped to MAX_SAFE_INTEGER (offsets that large are bogus anyway). */
  u64(off: number): number | undefined {
    if (!this.has(off, 8)) return undefined;
    const v = this.view.getBigUint64(off, this.le);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  }
  /** Word of the given size (4 or 8 bytes). */
  word(off: number, is64: boolean): number | undefined {
    return is64 ? this.u64(off) : this.u32(off);
  }
  /** NUL-terminated Latin-1 string, at most `max` bytes. */
  cstr(off: number, max = 256): string | undefined {
    if (!this.has(off, 1)) return undefined;
    const end = Math.min(this.buf.length, off + max);
    let i = off;
    while (i < end && this.buf[i] !== 0) i++;
    return latin1(this.buf.subarray(off, i));
  }
  /** Fixed-size field, trailing NULs removed. */
  fixed(off: number, len: number): string | undefined {
    if (!this.has(off, len)) return undefined;
    const s = this.buf.subarray(off, off + len);
    const z = s.indexOf(0);
    return latin1(z < 0 ? s : s.subarray(0, z));
  }
}

export function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

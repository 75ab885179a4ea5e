import type { Bytes } from '../bytes.js';
import { guidAt } from '../extras.js';

const utf8 = new TextDecoder('utf-8');
const utf16 = new TextDecoder('utf-16le');

/** A heap stream's extent in the file. */
export interface Heap {
  offset: number;
  size: number;
}

/** The metadata heaps (ECMA-335 II.24.2.3–24.2.5); every read is bounded by its heap. */
export class Heaps {
  private readonly b: Bytes;
  readonly strings: Heap | undefined;
  readonly us: Heap | undefined;
  readonly guid: Heap | undefined;
  readonly blob: Heap | undefined;
  private readonly cache = new Map<number, string>();

  constructor(b: Bytes, heaps: { strings?: Heap; us?: Heap; guid?: Heap; blob?: Heap }) {
    this.b = b;
    this.strings = heaps.strings;
    this.us = heaps.us;
    this.guid = heaps.guid;
    this.blob = heaps.blob;
  }

  /** #Strings entry: UTF-8 up to NUL, at most 1024 bytes. */
  string(index: number | undefined): string {
    const h = this.strings;
    if (!h || index === undefined || index >= h.size) return '';
    const hit = this.cache.get(index);
    if (hit !== undefined) return hit;
    const start = h.offset + index;
    const end = Math.min(h.offset + h.size, start + 1024, this.b.length);
    let i = start;
    while (i < end && this.b.buf[i] !== 0) i++;
    const s = utf8.decode(this.b.buf.subarray(start, i));
    if (this.cache.size < 100_000) this.cache.set(index, s);
    return s;
  }

  /** #GUID entry (1-based index of 16-byte GUIDs). */
  guidText(index: number | undefined): string | null {
    const h = this.guid;
    if (!h || !index) return null;
    const off = h.offset + (index - 1) * 16;
    return index * 16 <= h.size && this.b.has(off, 16) ? guidAt(this.b.buf, off) : null;
  }

  /** The #Blob entry at `index` (a view, clipped to the heap). */
  blobAt(index: number | undefined): Uint8Array {
    const h = this.blob;
    if (!h || index === undefined || index >= h.size) return new Uint8Array(0);
    const c = readCompressed(this.b, h.offset + index);
    if (!c) return new Uint8Array(0);
    const end = Math.min(h.offset + h.size, c[1] + c[0], this.b.length);
    return this.b.buf.subarray(c[1], Math.max(c[1], end));
  }

  /**
   * Every #US string in heap order (II.24.2.4: compressed length, UTF-16LE, one trailing flag byte),
   * stopping after `max` strings or at the first entry that runs past the heap.
   */
  userStrings(max: number): string[] {
    const h = this.us;
    const out: string[] = [];
    if (!h) return out;
    const end = Math.min(h.offset + h.size, this.b.length);
    let p = h.offset + 1;
    while (p < end && out.length < max) {
      const c = readCompressed(this.b, p);
      if (!c || c[1] + c[0] > end) break;
      const [len, dataAt] = c;
      if (len > 1) out.push(utf16.decode(this.b.buf.subarray(dataAt, dataAt + ((len - 1) & ~1))));
      p = dataAt + len;
    }
    return out;
  }
}

/** ECMA-335 II.23.2 compressed unsigned integer: [value, offset just after it]. */
export function readCompressed(b: Bytes, off: number): [number, number] | undefined {
  const b0 = b.u8(off);
  if (b0 === undefined) return undefined;
  if ((b0 & 0x80) === 0) return [b0, off + 1];
  if ((b0 & 0xc0) === 0x80) {
    const b1 = b.u8(off + 1);
    return b1 === undefined ? undefined : [((b0 & 0x3f) << 8) | b1, off + 2];
  }
  if ((b0 & 0xe0) === 0xc0 && b.has(off, 4)) {
    return [(((b0 & 0x1f) << 24) | (b.u8(off + 1)! << 16) | (b.u8(off + 2)! << 8) | b.u8(off + 3)!) >>> 0, off + 4];
  }
  return undefined;
}

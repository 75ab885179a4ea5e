import { createHash } from 'node:crypto';
import type { Bytes } from './bytes.js';
import type { PeRich, PeRichEntry } from './types.js';

const DANS = 0x536e6144;
const RICH = 0x68636952;
const RICH_BYTES = new Uint8Array([0x52, 0x69, 0x63, 0x68]);
const MAX_RICH_BYTES = 0x10000;

/**
 * The undocumented Rich header between the DOS stub and the PE header, read as python3-pefile's
 * parse_rich_header does: `DanS` must sit at 0x80 and the checksum must repeat three times, and
 * the hash is the MD5 of the XOR-decoded bytes from 0x80 up to `Rich` (get_rich_header_hash).
 */
export function parseRich(b: Bytes, optOffset: number): PeRich | null {
  // Real Rich headers are a few hundred bytes; looking further only costs memory on hostile files.
  const at = b.indexOf(RICH_BYTES, 0x80, Math.min(optOffset, 0x80 + MAX_RICH_BYTES));
  if (at < 0) return null;
  const end = Math.min(b.length, at + 8);
  const n = Math.floor((end - 0x80) / 4);
  const words: number[] = [];
  for (let i = 0; i < n; i++) words.push(b.u32(0x80 + 4 * i)!);
  const ri = words.indexOf(RICH);
  const key = words[ri + 1];
  if (ri < 0 || key === undefined) return null;
  const checksum = words[1];
  if (checksum === undefined || ((words[0]! ^ checksum) >>> 0) !== DANS || words[2] !== checksum || words[3] !== checksum) return null;
  const raw = b.slice(0x80, at - 0x80);
  const clear = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) clear[i] = raw[i]! ^ ((key >>> (8 * (i % 4))) & 0xff);
  const entries: PeRichEntry[] = [];
  for (let i = 4; i + 1 < words.length; i += 2) {
    if (words[i] === RICH) break;
    const compId = (words[i]! ^ checksum) >>> 0;
    entries.push({ product: compId >>> 16, build: compId & 0xffff, count: (words[i + 1]! ^ checksum) >>> 0, comp_id: compId });
  }
  return {
    offset: 0x80,
    key,
    checksum_valid: richChecksum(b.buf, 0x80, entries) === key,
    entries,
    hash: createHash('md5').update(clear).digest('hex'),
  };
}

/**
 * The value link.exe stores as the XOR key: the DanS offset, plus every DOS-header/stub byte before
 * it rotated left by its position (e_lfanew excluded), plus each comp id rotated left by its count.
 * A mismatch means the Rich data or the DOS stub was edited after linking.
 */
export function richChecksum(buf: Uint8Array, start: number, entries: PeRichEntry[]): number {
  let cs = start;
  for (let i = 0; i < start; i++) {
    if (i >= 0x3c && i < 0x40) continue;
    cs = (cs + rol(buf[i] ?? 0, i)) >>> 0;
  }
  for (const e of entries) cs = (cs + rol(e.comp_id, e.count & 0x1f)) >>> 0;
  return cs;
}

function rol(v: number, n: number): number {
  const r = n & 31;
  return r === 0 ? v >>> 0 : ((v << r) | (v >>> (32 - r))) >>> 0;
}

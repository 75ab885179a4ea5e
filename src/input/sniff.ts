/**
 * Content sniffing on the first bytes of a source: PDF, UTF-16 (with or without BOM) or a binary file
 * that is not a text document at all. Detection is by content; a file name only breaks ties later.
 */

/** How many leading bytes the binary/UTF-16 heuristics look at. */
export const SNIFF_BYTES = 8192;

export type ByteKind = 'pdf' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'text' | 'binary';

export interface Sniffed {
  kind: ByteKind;
  /** True when the UTF-16 decision came from a byte-order mark rather than NUL patterns. */
  bom: boolean;
}

/** Classifies a source by its leading bytes. */
export function sniffBytes(bytes: Uint8Array): Sniffed {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return { kind: 'utf-8-bom', bom: true };
  if (b0 === 0xff && b1 === 0xfe) return { kind: 'utf-16le', bom: true };
  if (b0 === 0xfe && b1 === 0xff) return { kind: 'utf-16be', bom: true };
  if (isPdf(bytes)) return { kind: 'pdf', bom: false };
  const head = bytes.subarray(0, SNIFF_BYTES);
  const utf16 = guessBomlessUtf16(head);
  if (utf16) return { kind: utf16, bom: false };
  return { kind: looksBinary(head) ? 'binary' : 'text', bom: false };
}

/** PDF 1.7 §7.5.2: readers accept the `%PDF-` header anywhere in the first 1024 bytes. */
export function isPdf(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length - 5, 1024);
  for (let i = 0; i <= limit; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return true;
  }
  return false;
}

/**
 * BOM-less UTF-16: mostly-ASCII text encoded as UTF-16 has a NUL in every other byte. We call it
 * UTF-16 when at least 40% of one parity is NUL and almost none of the other is.
 */
function guessBomlessUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (head.length < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  const pairs = head.length >> 1;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const guess = oddNul >= pairs * 0.4 && evenNul <= pairs * 0.02 ? 'utf-16le' : evenNul >= pairs * 0.4 && oddNul <= pairs * 0.02 ? 'utf-16be' : null;
  return guess !== null && printableUtf16(head, guess) ? guess : null;
}

/** The NUL pattern alone also fits binary headers (`MZ\x90\0\x03\0`): the decoded text must read as text. */
function printableUtf16(head: Uint8Array, enc: 'utf-16le' | 'utf-16be'): boolean {
  let control = 0;
  let units = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    const u = enc === 'utf-16le' ? (head[i] as number) | ((head[i + 1] as number) << 8) : ((head[i] as number) << 8) | (head[i + 1] as number);
    units++;
    if (u === 0 || (u < 0x20 && u !== 0x09 && u !== 0x0a && u !== 0x0d && u !== 0x0c) || (u >= 0x7f && u < 0xa0)) control++;
  }
  return units >= 4 && control / units <= 0.02;
}

/**
 * A binary file has NUL bytes, or many C0 control characters other than tab, CR, LF, FF and ESC.
 * Bytes ≥ 0x80 are not counted against the file: they are UTF-8 or Latin-1 letters.
 */
export function looksBinary(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i] as number;
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) control++;
    else if (c === 0x7f) control++;
  }
  return control / head.length > 0.05;
}

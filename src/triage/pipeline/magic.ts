/**
 * Content sniffing used by the pipeline until C3's `detectFormat` (src/triage/detect.ts) is wired in:
 * magic numbers only, a bounded look at the first bytes, never a full parse.
 */
import type { TriageFormat } from '../../model/triage-result.js';

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const MACHO = new Set([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe]);

/** The coarse format of `bytes` from magic numbers and a printable-text check of the first 4 KiB. */
export function sniffFormat(b: Uint8Array): TriageFormat {
  if (b.length === 0) return 'empty';
  if (startsWith(b, [0x4d, 0x5a])) return 'pe'; // confirmed by parsePe, else downgraded to data
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return 'elf';
  if (b.length >= 4) {
    const be = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (MACHO.has(be)) return 'macho';
  }
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(b, [0x1f, 0x8b])) return 'gzip';
  if (b.length >= 262 && ascii(b, 257, 262) === 'ustar') return 'tar';
  if (ascii(b, 0, 1024).includes('%PDF-')) return 'pdf';
  if (startsWith(b, OLE)) return 'office';
  if (startsWith(b, [0x23, 0x21])) return 'script';
  return looksLikeText(b) ? 'text' : 'data';
}

/** Mostly printable ASCII/UTF-8 in the first 4 KiB, no NUL: text rather than data. */
function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32)) odd++;
  }
  return odd * 100 < n;
}

// Reading warninglists as bytes: the lists' files are newline-separated values, and the checks walk
// them line by line without making a string per value (public-dns-v4 alone has 62k entries).
import { readFileSync } from 'node:fs';
import type { WarninglistSource } from './lookup.js';

const fileBytes = new Map<string, Buffer>();

/** A list's values as newline-separated bytes: its file when it has one (read once), else its values joined. */
export function sourceBytes(src: WarninglistSource): Buffer {
  if (src.file === undefined) return Buffer.from(src.values.join('\n'));
  let b = fileBytes.get(src.file);
  if (b === undefined) {
    b = readFileSync(src.file);
    fileBytes.set(src.file, b);
  }
  return b;
}

/** Calls `fn(start, end)` for every non-empty line of `b` (split on `\n` only, as the string path splits). */
export function forEachLine(b: Uint8Array, fn: (s: number, e: number) => void): void {
  const n = b.length;
  let s = 0;
  while (s < n) {
    let e = b.indexOf(10, s);
    if (e === -1) e = n;
    if (e > s) fn(s, e);
    s = e + 1;
  }
}

/**
 * `a.b.c.d` or `a.b.c.d/n` in b[s, e), packed as block start·64 + n (one float64: start < 2^32 stays
 * exact), or -1. Hand-parsed in place: 62k public-resolver entries made slicing and Number() the cost.
 */
export function v4KeyAt(b: Uint8Array, s: number, e: number): number {
  let ip = 0, octet = 0, digits = 0, dots = 0, i = s;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + c - 48;
      if (++digits > 3 || octet > 255) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) { ip = ip * 256 + octet; octet = 0; digits = 0; dots++; }
    else break;
  }
  if (dots !== 3 || digits === 0) return -1;
  ip = ip * 256 + octet;
  let bits = 32;
  if (i < e) {
    if (b[i] !== 47 || i + 1 === e || e - i > 3) return -1;
    bits = 0;
    for (let k = i + 1; k < e; k++) {
      const c = b[k]!;
      if (c < 48 || c > 57) return -1;
      bits = bits * 10 + c - 48;
    }
    if (bits > 32) return -1;
  }
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) * size * 64 + bits;
}

import type { Diagnostic } from '../model/diagnostic.js';
import type { Sniffed } from './sniff.js';

export interface Decoded {
  text: string;
  /** `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`. */
  encoding: string;
  warnings: Diagnostic[];
}

/**
 * Decodes text bytes. UTF-8 is tried strictly first; invalid UTF-8 is decoded as Windows-1252 (the
 * superset of Latin-1 that browsers use for the `latin1` label) with a warning, so nothing is mangled
 * silently. A `charset` from an HTTP header is honoured when the bytes are not valid UTF-8.
 */
export function decodeText(bytes: Uint8Array, sniffed: Sniffed, charset?: string): Decoded {
  const warnings: Diagnostic[] = [];
  if (sniffed.kind === 'utf-16le' || sniffed.kind === 'utf-16be') {
    const body = sniffed.bom ? bytes.subarray(2) : bytes;
    if (!sniffed.bom) warnings.push({ code: 'encoding-guessed', message: `no byte-order mark; decoded as ${sniffed.kind.toUpperCase()} from its NUL pattern` });
    if (body.length % 2 === 1) warnings.push({ code: 'encoding-truncated', message: 'UTF-16 input has an odd number of bytes; the last byte was dropped' });
    const text = new TextDecoder(sniffed.kind).decode(body.subarray(0, body.length - (body.length % 2)));
    return { text, encoding: sniffed.kind, warnings };
  }
  const body = sniffed.kind === 'utf-8-bom' ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8', warnings };
  } catch {
    const label = fallbackLabel(charset);
    const at = firstInvalidUtf8(body);
    warnings.push({
      code: 'encoding-fallback',
      message: `input is not valid UTF-8 (first bad byte at offset ${at}); decoded as ${label}`,
      offset: at,
    });
    const text = label === 'windows-1252' ? decodeWindows1252(body) : new TextDecoder(label).decode(body);
    return { text, encoding: label, warnings };
  }
}

/** A declared non-UTF-8 charset the runtime can decode, else Windows-1252. */
function fallbackLabel(charset: string | undefined): string {
  if (charset) {
    try {
      const enc = new TextDecoder(charset.trim().toLowerCase()).encoding;
      if (enc !== 'utf-8' && !enc.startsWith('utf-16')) return enc;
    } catch {
      // unknown label: fall through to the default
    }
  }
  return 'windows-1252';
}

/** Offset of the first byte that breaks UTF-8 (for the warning); a single linear pass. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    let need = 0;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) need = 2;
    else if (c >= 0xf0 && c <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return b.length;
}

/** Windows-1252 code points of bytes 0x80–0x9F (undefined bytes keep their C1 code point). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Windows-1252 by hand: Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as ISO-8859-1 C1
 * controls instead of the curly quotes and dashes vendor reports are full of.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] as number));
}

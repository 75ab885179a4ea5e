import { latin1 } from '../elf/reader.js';

export interface PdfInfo {
  version: string | null;
  /** Count of `N G obj` headers seen (an estimate: object streams hide more). */
  objects: number;
  /** Counts of risky names: `/JavaScript`, `/JS`, `/OpenAction`, `/AA`, `/Launch`, `/EmbeddedFile`, `/URI`, `/AcroForm`, `/XFA`, `/ObjStm`, `/RichMedia`. */
  markers: Record<string, number>;
  encrypted: boolean;
  /** Names written with `#xx` escapes (e.g. `/J#61vaScript`), a classic evasion. */
  hex_escaped_names: boolean;
  eof_markers: number;
}

const MARKERS = ['/JavaScript', '/JS', '/OpenAction', '/AA', '/Launch', '/EmbeddedFile', '/URI', '/AcroForm', '/XFA', '/ObjStm', '/RichMedia', '/Encrypt'];
const MAX_SCAN = 64 * 1024 * 1024;

/** True when `%PDF-` appears in the first 1024 bytes (readers accept a leading junk prefix). */
export function isPdf(b: Uint8Array): boolean {
  return pdfHeader(b) >= 0;
}

function pdfHeader(b: Uint8Array): number {
  const n = Math.min(b.length - 5, 1024);
  for (let i = 0; i < n; i++) if (b[i] === 0x25 && b[i + 1] === 0x50 && b[i + 2] === 0x44 && b[i + 3] === 0x46 && b[i + 4] === 0x2d) return i;
  return -1;
}

/**
 * Structural facts of a PDF from a linear scan (no object parsing: hostile PDFs are full of broken
 * xref tables, and the risky names are what an analyst needs first).
 * @example parsePdf(bytes)?.markers['/JavaScript']
 */
export function parsePdf(bytes: Uint8Array): PdfInfo | null {
  const start = pdfHeader(bytes);
  if (start < 0) return null;
  const text = latin1(bytes.subarray(0, Math.min(bytes.length, MAX_SCAN)));
  const markers: Record<string, number> = {};
  for (const m of MARKERS) {
    const n = countName(text, m);
    if (n > 0) markers[m] = n;
  }
  // Decode #xx escapes in names and recount, so /J#61vaScript still counts as /JavaScript.
  const escaped = /\/[A-Za-z]*#[0-9A-Fa-f]{2}/.test(text);
  if (escaped) {
    const decoded = text.replace(/\/[A-Za-z0-9#]{1,64}/g, (n) => n.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    for (const m of MARKERS) {
      const n = countName(decoded, m);
      if (n > (markers[m] ?? 0)) markers[m] = n;
    }
  }
  const version = /^%PDF-(\d\.\d)/.exec(text.slice(start, start + 16))?.[1] ?? null;
  return {
    version, objects: countObjects(text), markers, encrypted: (markers['/Encrypt'] ?? 0) > 0, hex_escaped_names: escaped,
    eof_markers: countName(text, '%%EOF', false),
  };
}

/** Occurrences of a name not followed by another name character (so `/JS` does not count `/JSON`). */
function countName(text: string, name: string, delimited = true): number {
  let n = 0;
  for (let i = text.indexOf(name); i >= 0 && n < 100000; i = text.indexOf(name, i + name.length)) {
    const next = text.charCodeAt(i + name.length);
    const isNameChar = (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122);
    if (!delimited || !isNameChar) n++;
  }
  return n;
}

/** ` obj` preceded by `<digits> <digits>`. */
function countObjects(text: string): number {
  let n = 0;
  for (let i = text.indexOf(' obj'); i >= 0 && n < 10_000_000; i = text.indexOf(' obj', i + 4)) {
    let j = i - 1;
    while (j >= 0 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j--;
    if (j < i - 1 && text[j] === ' ' && j > 0 && /[0-9]/.test(text[j - 1] ?? '')) n++;
  }
  return n;
}

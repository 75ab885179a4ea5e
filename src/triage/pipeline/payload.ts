/**
 * Payload hunting: embedded PE/ELF files carved at offsets > 0, validated by their parsers (a bare
 * `MZ` or `\x7fELF` is too common in data to count on its own).
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { isElf, parseElf } from '../formats/elf/index.js';
import { isPe, parsePe } from '../formats/pe/index.js';

export interface Embedded {
  offset: number;
  format: string;
  size: number | null;
}

const MZ = Buffer.from('MZ');
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
/** Candidates examined before giving up (a file full of `MZ` must not cost a parse each). */
const MAX_CANDIDATES = 4096;

/** Embedded PE and ELF images after offset 0, lowest offsets first, at most `max`. */
export function carveEmbedded(bytes: Uint8Array, max: number, warnings: Diagnostic[]): Embedded[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: Embedded[] = [];
  let tried = 0;
  for (const [magic, check] of [[MZ, carvePe], [ELF, carveElf]] as const) {
    let at = buf.indexOf(magic, 1);
    while (at > 0 && found.length < max) {
      if (++tried > MAX_CANDIDATES) {
        warnings.push({ code: 'limit-embedded-candidates', message: `stopped carving after ${MAX_CANDIDATES} candidate headers` });
        return sort(found);
      }
      const hit = check(bytes.subarray(at));
      if (hit) found.push({ offset: at, ...hit });
      at = buf.indexOf(magic, at + 1);
    }
    if (found.length >= max) {
      warnings.push({ code: 'limit-embedded', message: `more than ${max} embedded files; the rest are not listed` });
      break;
    }
  }
  return sort(found);
}

const sort = (list: Embedded[]): Embedded[] => list.sort((a, b) => a.offset - b.offset);

function carvePe(b: Uint8Array): Omit<Embedded, 'offset'> | null {
  if (!isPe(b)) return null;
  const pe = parsePe(b, { hashes: false, maxImportDlls: 0, maxResources: 0, maxExports: 0, maxMetadataRows: 0 });
  if (!pe || pe.sections.length === 0) return null;
  let end = pe.size_of_headers;
  for (const s of pe.sections) end = Math.max(end, s.raw_offset + s.raw_size);
  return { format: pe.format, size: Math.min(end, b.length) };
}

function carveElf(b: Uint8Array): Omit<Embedded, 'offset'> | null {
  if (!isElf(b)) return null;
  const elf = parseElf(b, { entropy: false, maxSymbols: 0, maxDynamic: 0 });
  if (!elf || (elf.segments.length === 0 && elf.sections.length === 0)) return null;
  let end = 0;
  for (const s of elf.segments) end = Math.max(end, s.offset + s.file_size);
  for (const s of elf.sections) if (s.type !== 'NOBITS') end = Math.max(end, s.offset + s.size);
  return { format: `elf${elf.bits}`, size: end > 0 ? Math.min(end, b.length) : null };
}

import { createHash } from 'node:crypto';
import type { PeImage, RawSection } from './image.js';
import type { PeEntryPoint, PeSection, PeTimestamp } from './types.js';
import { SCN_EXECUTE, SCN_READ, SCN_WRITE, SECTION_FLAGS, decodeFlags } from './constants.js';
import { byteEntropy } from './entropy.js';

const DELPHI_STAMP = 0x2a425e19;
const Y1995 = Date.UTC(1995, 0, 1) / 1000;

/**
 * COFF TimeDateStamp with the flags analysts look for. Reproducible builds (and wine) store a
 * hash rather than a time; values past `now` are flagged only when the caller passes `now`.
 */
export function describeTimestamp(value: number, now: number | undefined): PeTimestamp {
  const anomalies: string[] = [];
  if (value === 0) anomalies.push('zero');
  else if (value === DELPHI_STAMP) anomalies.push('delphi-fixed');
  else if (value < Y1995) anomalies.push('before-1995');
  if (now !== undefined && value * 1000 > now) anomalies.push('future');
  return { value, iso: value === 0 ? null : new Date(value * 1000).toISOString(), anomalies };
}

export function permsOf(ch: number): string {
  return `${ch & SCN_READ ? 'r' : '-'}${ch & SCN_WRITE ? 'w' : '-'}${ch & SCN_EXECUTE ? 'x' : '-'}`;
}

export function describeSection(img: PeImage, s: RawSection): PeSection {
  const raw = img.sectionData(s);
  const data = img.measure(raw.length) ? raw : undefined;
  return {
    name: s.name,
    virtual_address: s.vaddr,
    virtual_size: s.vsize,
    raw_offset: s.rawPtr,
    raw_size: s.rawSize,
    characteristics: { value: s.characteristics, flags: decodeFlags(s.characteristics, SECTION_FLAGS) },
    perms: permsOf(s.characteristics),
    entropy: data ? byteEntropy(data) : null,
    md5: data ? createHash('md5').update(data).digest('hex') : null,
  };
}

export function describeEntry(img: PeImage): PeEntryPoint {
  const rva = img.h.entry;
  const s = img.sectionOfRva(rva);
  const off = s ? img.rvaToOffset(rva) : rva < img.h.sizeOfHeaders ? rva : undefined;
  return {
    rva,
    va: img.h.imageBase + rva,
    offset: off !== undefined && off < img.b.length ? off : null,
    section: s ? s.name : null,
    section_index: s ? s.index : null,
  };
}

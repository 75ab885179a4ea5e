import type { PeImage } from './image.js';
import type { PeEntryPoint } from './types.js';
import { SCN_CODE, SCN_EXECUTE, SCN_WRITE } from './constants.js';

/**
 * Structural oddities, as stable codes:
 * - `entry-outside-sections`, `entry-in-last-section`, `entry-in-writable-section`,
 *   `entry-not-in-first-code-section`, `entry-zero` (EXE only)
 * - `section-wx:<name>`, `section-overlap:<a>/<b>`, `section-raw-past-eof:<name>`,
 *   `section-virtual-only:<name>` (no raw data, large virtual size)
 * - `no-sections`, `size-of-image-mismatch`, `size-of-headers-mismatch`, `checksum-mismatch`
 */
export function findAnomalies(img: PeImage, ep: PeEntryPoint, dll: boolean, computedChecksum: number | null): string[] {
  const out: string[] = [];
  const secs = img.sections;
  if (secs.length === 0) out.push('no-sections');
  entryAnomalies(img, ep, dll, out);
  for (const s of secs) {
    const wx = (s.characteristics & SCN_WRITE) !== 0 && (s.characteristics & SCN_EXECUTE) !== 0;
    if (wx) out.push(`section-wx:${s.name}`);
    if (s.rawSize > 0 && s.rawPtr + s.rawSize > img.b.length) out.push(`section-raw-past-eof:${s.name}`);
    if (s.rawSize === 0 && s.vsize >= 0x10000) out.push(`section-virtual-only:${s.name}`);
  }
  const sorted = [...secs].sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a.vaddr + Math.max(a.vsize, 1) > b.vaddr) out.push(`section-overlap:${a.name}/${b.name}`);
  }
  const last = sorted[sorted.length - 1];
  if (last && img.h.sectionAlignment > 0) {
    const end = alignUp(last.vaddr + Math.max(last.vsize, last.rawSize), img.h.sectionAlignment);
    if (end !== img.h.sizeOfImage) out.push('size-of-image-mismatch');
  }
  const firstRaw = Math.min(...secs.filter((s) => s.rawSize > 0).map((s) => s.rawPtr));
  if (Number.isFinite(firstRaw) && img.h.sizeOfHeaders > firstRaw) out.push('size-of-headers-mismatch');
  if (computedChecksum !== null && img.h.checksum !== 0 && computedChecksum !== img.h.checksum) out.push('checksum-mismatch');
  return out;
}

function entryAnomalies(img: PeImage, ep: PeEntryPoint, dll: boolean, out: string[]): void {
  if (ep.rva === 0) {
    if (!dll) out.push('entry-zero');
    return;
  }
  if (ep.section_index === null) {
    out.push('entry-outside-sections');
    return;
  }
  const s = img.sections[ep.section_index]!;
  const firstCode = img.sections.find((x) => (x.characteristics & (SCN_CODE | SCN_EXECUTE)) !== 0);
  if (firstCode && firstCode !== s) out.push('entry-not-in-first-code-section');
  if (img.sections.length > 1 && s === img.sections[img.sections.length - 1]) out.push('entry-in-last-section');
  if (s.characteristics & SCN_WRITE) out.push('entry-in-writable-section');
}

function alignUp(v: number, a: number): number {
  return Math.ceil(v / a) * a;
}

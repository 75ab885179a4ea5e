import type { PeImage } from './image.js';
import type { PeRegion } from './types.js';
import { DIR } from './constants.js';
import { byteEntropy } from './entropy.js';

/**
 * Data appended past everything the headers describe, as python3-pefile's
 * get_overlay_data_start_offset: the largest end of (optional header, section raw data,
 * data directories other than the certificate table) that still fits in the file.
 */
export function overlayStart(img: PeImage): number | null {
  const size = img.b.length;
  let best = 0;
  const consider = (off: number, len: number): void => {
    const end = off + len;
    if (end <= size && end > best) best = end;
  };
  consider(img.h.optOffset, img.h.sizeOfOptionalHeader);
  for (const s of img.sections) consider(s.rawPtr, s.rawSize);
  img.h.directories.forEach((d, i) => {
    if (i === DIR.SECURITY) return;
    const off = img.rvaToOffset(d.rva);
    if (off !== undefined) consider(off, d.size);
  });
  return size > best ? best : null;
}

export function parseOverlay(img: PeImage): PeRegion | null {
  const start = overlayStart(img);
  if (start === null) return null;
  const data = img.b.slice(start, img.b.length - start);
  return { offset: start, size: data.length, entropy: img.measure(data.length) ? byteEntropy(data) : null };
}

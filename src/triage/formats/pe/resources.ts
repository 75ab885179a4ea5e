import type { PeImage } from './image.js';
import type { PeResource } from './types.js';
import { DIR, RESOURCE_TYPES } from './constants.js';
import { byteEntropy } from './entropy.js';

// Resource tree (PE/COFF spec §6.9): directory → entries → sub-directories or data entries.
// Offsets inside the tree are relative to the section start, so a hostile file can point a
// sub-directory back at an ancestor; every directory is visited at most once.

interface Walk {
  img: PeImage;
  base: number;
  out: PeResource[];
  visited: Set<number>;
  entries: number;
}

export function parseResources(img: PeImage): PeResource[] {
  const d = img.dir(DIR.RESOURCE);
  if (!d) return [];
  const base = img.rvaToOffset(d.rva);
  if (base === undefined || !img.b.has(base, 16)) {
    img.warn('pe-resources', 'resource directory lies outside the file');
    return [];
  }
  const w: Walk = { img, base, out: [], visited: new Set(), entries: 0 };
  walkDirectory(w, 0, []);
  return w.out;
}

function walkDirectory(w: Walk, rel: number, path: (string | number)[]): void {
  const { img } = w;
  if (path.length >= img.limits.maxResourceDepth) {
    img.warn('limit-resource-depth', `resource tree deeper than ${img.limits.maxResourceDepth}`, w.base + rel);
    return;
  }
  if (w.visited.has(rel)) {
    img.warn('pe-resource-loop', 'resource directory refers back to one already visited', w.base + rel);
    return;
  }
  w.visited.add(rel);
  const off = w.base + rel;
  const named = img.b.u16(off + 12);
  const ids = img.b.u16(off + 14);
  if (named === undefined || ids === undefined) {
    img.warn('truncated', 'resource directory is cut short', off);
    return;
  }
  for (let i = 0; i < named + ids; i++) {
    if (++w.entries > img.limits.maxResources) {
      if (w.entries === img.limits.maxResources + 1) img.warn('limit-resources', `more than ${img.limits.maxResources} resource entries`, off);
      return;
    }
    const e = off + 16 + 8 * i;
    const nameField = img.b.u32(e);
    const target = img.b.u32(e + 4);
    if (nameField === undefined || target === undefined) {
      img.warn('truncated', 'resource entry is cut short', e);
      return;
    }
    const label = nameField >= 0x80000000 ? resourceName(w, nameField & 0x7fffffff) : nameField;
    if (target >= 0x80000000) walkDirectory(w, target & 0x7fffffff, [...path, label]);
    else addLeaf(w, target, [...path, label]);
  }
}

/** IMAGE_RESOURCE_DIR_STRING_U: u16 length then UTF-16LE characters, relative to the section. */
function resourceName(w: Walk, rel: number): string {
  const off = w.base + rel;
  const len = w.img.b.u16(off);
  if (len === undefined) return '';
  const bytes = w.img.b.slice(off + 2, Math.min(len, 256) * 2);
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return s;
}

function addLeaf(w: Walk, rel: number, path: (string | number)[]): void {
  const { img } = w;
  const off = w.base + rel;
  const rva = img.b.u32(off);
  const size = img.b.u32(off + 4);
  if (rva === undefined || size === undefined) {
    img.warn('truncated', 'resource data entry is cut short', off);
    return;
  }
  const fileOff = img.rvaToOffset(rva);
  const data = fileOff === undefined ? new Uint8Array(0) : img.b.slice(fileOff, size);
  if (fileOff === undefined || data.length < size) img.warn('pe-resource-data', `resource data (${size} bytes) runs past the file`, fileOff);
  const [t, n, l] = path;
  w.out.push({
    type: typeof t === 'number' ? (RESOURCE_TYPES[t] ?? `#${t}`) : (t ?? ''),
    name: typeof n === 'number' ? `#${n}` : (n ?? ''),
    lang: typeof l === 'number' ? l : 0,
    rva,
    offset: fileOff ?? null,
    size,
    entropy: img.measure(data.length) ? byteEntropy(data) : null,
  });
}

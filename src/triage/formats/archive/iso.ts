// ISO 9660 disc images (.iso, .img): a container that phishing delivers to carry a shortcut and a
// DLL past mark-of-the-web. Listed like the other archives: every file with its bytes (a disc image
// stores them whole, so nothing is inflated), Joliet names when the image has them (long, Unicode).
// Hand-written by policy (a parser that must survive hostile input): directory extents are visited
// once each, records and extents are checked against the image, and the walk is bounded by the
// member limit and the nesting depth of the directory tree.
import { Reader } from '../elf/reader.js';
import { addEntry, budget, hitLimit, warn, type ListCtx } from './context.js';

const SECTOR = 2048;
/** Directory levels read at most (ISO 9660 allows 8; Rock Ridge and Joliet images go deeper). */
const MAX_DIR_DEPTH = 32;

/** True when sector 16 holds a volume descriptor (`CD001`). */
export function isIso(b: Uint8Array): boolean {
  const o = 16 * SECTOR + 1;
  return b.length >= o + 5 && b[o] === 0x43 && b[o + 1] === 0x44 && b[o + 2] === 0x30 && b[o + 3] === 0x30 && b[o + 4] === 0x31;
}

interface Root { extent: number; size: number; joliet: boolean }

/** The root directory of the Joliet descriptor when there is one, else of the primary descriptor. */
function rootOf(ctx: ListCtx, r: Reader): Root | null {
  let primary: Root | null = null;
  for (let s = 16; s < 16 + 64; s++) {
    const at = s * SECTOR;
    if (!r.has(at, SECTOR) || r.fixed(at + 1, 5) !== 'CD001') break;
    const type = r.u8(at)!;
    if (type === 255) break;
    const root: Root = { extent: r.u32(at + 156 + 2)!, size: r.u32(at + 156 + 10)!, joliet: false };
    if (type === 1) primary ??= root;
    else if (type === 2) {
      // A supplementary descriptor with a UCS-2 escape sequence (%/@, %/C, %/E) is Joliet.
      const esc = r.fixed(at + 88, 3) ?? '';
      if (/^%\/[@CE]/.test(esc)) return { ...root, joliet: true };
    }
  }
  if (primary === null) warn(ctx, 'iso-no-volume', 'no primary volume descriptor: the image cannot be listed');
  return primary;
}

/** Lists the files of an ISO 9660 image. */
export function listIso(ctx: ListCtx, bytes: Uint8Array, depth: number, prefix: string): void {
  const r = new Reader(bytes);
  const root = rootOf(ctx, r);
  if (root === null) return;
  const seen = new Set<number>();
  const queue: { extent: number; size: number; path: string; level: number }[] = [{ extent: root.extent, size: root.size, path: '', level: 0 }];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    if (seen.has(dir.extent)) {
      warn(ctx, 'iso-directory-loop', `${dir.path || '/'}: a directory points back to one already listed`);
      continue;
    }
    seen.add(dir.extent);
    const start = dir.extent * SECTOR;
    const end = Math.min(start + dir.size, bytes.length);
    if (start >= bytes.length) {
      warn(ctx, 'truncated', `${dir.path || '/'}: directory past the end of the image`, start);
      continue;
    }
    for (let p = start; p < end; ) {
      const len = r.u8(p) ?? 0;
      if (len === 0) {
        // Records never cross a sector: a zero length pads to the next one.
        p = (Math.floor(p / SECTOR) + 1) * SECTOR;
        continue;
      }
      if (len < 34 || p + len > end) {
        warn(ctx, 'iso-bad-record', `${dir.path || '/'}: a directory record of ${len} bytes does not fit; the rest of the directory is skipped`, p);
        break;
      }
      const extent = r.u32(p + 2)!;
      const size = r.u32(p + 10)!;
      const flags = r.u8(p + 25)!;
      const nameLen = r.u8(p + 32)!;
      const raw = bytes.subarray(p + 33, p + 33 + Math.min(nameLen, len - 33));
      p += len;
      if (nameLen === 1 && (raw[0] === 0 || raw[0] === 1)) continue; // `.` and `..`
      const name = isoName(raw, root.joliet);
      const path = dir.path ? `${dir.path}/${name}` : name;
      if (flags & 2) {
        if (dir.level + 1 >= MAX_DIR_DEPTH) hitLimit(ctx, 'depth', `directories nested deeper than ${MAX_DIR_DEPTH} are not listed`);
        else queue.push({ extent, size, path, level: dir.level + 1 });
        addEntry(ctx, { name: path, path: prefix + path, depth, container: 'iso', size: null, compressed_size: null, method: 'stored', directory: true, encrypted: false, encryption: null, password: null, integrity_ok: null }, null);
        continue;
      }
      const from = extent * SECTOR;
      let content: Uint8Array | null = null;
      if (from + size > bytes.length) warn(ctx, 'truncated', `${path}: its data runs past the end of the image`, from);
      else if (size > budget(ctx)) hitLimit(ctx, 'entry-size', `${path} is larger than the remaining size budget`);
      else {
        content = bytes.subarray(from, from + size);
        ctx.info.total_uncompressed += size;
      }
      addEntry(ctx, { name: path, path: prefix + path, depth, container: 'iso', size, compressed_size: size, method: 'stored', directory: false, encrypted: false, encryption: null, password: null, integrity_ok: null }, content);
      if (ctx.info.limits_hit.includes('entries')) return;
    }
  }
}

/** A record's name: UCS-2 big-endian in Joliet, else d-characters; the `;1` version dropped. */
function isoName(raw: Uint8Array, joliet: boolean): string {
  let s = '';
  if (joliet) for (let i = 0; i + 1 < raw.length; i += 2) s += String.fromCharCode((raw[i]! << 8) | raw[i + 1]!);
  else s = Buffer.from(raw).toString('latin1');
  return s.replace(/;\d+$/, '').replace(/\.$/, '') || '?';
}

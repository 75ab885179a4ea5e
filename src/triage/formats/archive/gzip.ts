import { Reader } from '../elf/reader.js';
import { addEntry, inflateBounded, warn, type ListCtx } from './context.js';

const OS: Record<number, string> = { 0: 'fat', 3: 'unix', 7: 'macintosh', 10: 'ntfs', 11: 'ntfs', 255: 'unknown' };

/**
 * What gunzip names the output of `path` (its last component): `x.tar.gz`/`x.tgz` → `x.tar`,
 * `app.log.gz` → `app.log`; null when the name does not end in a gzip suffix.
 */
export function gunzippedName(path: string): string | null {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1);
  if (/^.+\.tgz$/i.test(base)) return `${base.slice(0, -4)}.tar`;
  const m = /^(.+)\.(?:gz|z)$/i.exec(base);
  return m ? m[1]! : null;
}

/** GZIP (RFC 1952): header fields, then the member inflated within the size budget. */
export function listGzip(ctx: ListCtx, bytes: Uint8Array, depth: number, prefix: string): void {
  const r = new Reader(bytes);
  const flags = r.u8(3) ?? 0;
  let p = 10;
  if (flags & 4) p += 2 + (r.u16(p) ?? 0);
  let name: string | null = null;
  if (flags & 8) {
    name = r.cstr(p, 1024) ?? null;
    p += (name?.length ?? 0) + 1;
  }
  if (flags & 16) p += (r.cstr(p, 65536)?.length ?? 0) + 1;
  const mtime = r.u32(4) ?? 0;
  if (depth === 0) Object.assign(ctx.info.header, { name, mtime, os: OS[r.u8(9) ?? 255] ?? `os-${r.u8(9)}` });
  const isize = bytes.length >= 18 ? r.u32(bytes.length - 4)! : null;
  if (p >= bytes.length) warn(ctx, 'truncated', 'GZIP header runs past the end of the file');
  const content = inflateBounded(ctx, bytes, true, `${prefix}gzip member`);
  const entryName = name ?? gunzippedName(depth === 0 ? ctx.opts.name : prefix.slice(0, -2)) ?? 'data';
  addEntry(ctx, {
    name: entryName, path: prefix + entryName, depth, container: 'gzip', size: content?.length ?? isize, compressed_size: bytes.length,
    method: 'deflate', directory: false, encrypted: false, encryption: null, password: null, integrity_ok: content ? true : null,
  }, content);
}

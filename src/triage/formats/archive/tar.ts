import { Reader } from '../elf/reader.js';
import { addEntry, budget, hitLimit, warn, type ListCtx } from './context.js';

/** Octal numeric field, or GNU base-256 when the high bit of the first byte is set. */
export function tarNumber(b: Uint8Array): number | null {
  if (b.length === 0) return null;
  if ((b[0]! & 0x80) !== 0) {
    let v = b[0]! & 0x7f;
    for (let i = 1; i < b.length; i++) v = v * 256 + b[i]!;
    return Number.isSafeInteger(v) ? v : null;
  }
  let v = 0, seen = false;
  for (const c of b) {
    if (c === 0 || c === 0x20) { if (seen) break; continue; }
    if (c < 0x30 || c > 0x37) return null;
    v = v * 8 + (c - 0x30);
    seen = true;
  }
  return seen ? v : 0;
}

/**
 * True when the 512-byte header's checksum (chksum field read as spaces) matches.
 * @example tarChecksumOk(tarBytes.subarray(0, 512)) // true for an intact header
 */
export function tarChecksumOk(h: Uint8Array): boolean {
  if (h.length < 512) return false;
  const stored = tarNumber(h.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return stored !== null && stored === sum;
}

/** TAR (POSIX ustar, GNU long names, pax path records): members with checksums verified. */
export function listTar(ctx: ListCtx, bytes: Uint8Array, depth: number, prefix: string): void {
  const r = new Reader(bytes);
  let p = 0;
  let longName: string | null = null;
  for (let guard = 0; p + 512 <= bytes.length && guard < ctx.opts.maxEntries * 3; guard++) {
    const h = bytes.subarray(p, p + 512);
    if (h.every((b) => b === 0)) break;
    const ok = tarChecksumOk(h);
    if (!ok) warn(ctx, 'bad-checksum', 'TAR header checksum mismatch', p);
    const size = tarNumber(h.subarray(124, 136));
    if (size === null) {
      warn(ctx, 'bad-header', 'TAR header size field is not a number; listing stops', p);
      return;
    }
    const type = String.fromCharCode(h[156] || 0x30);
    const dataStart = p + 512;
    const data = r.has(dataStart, size) ? bytes.subarray(dataStart, dataStart + size) : null;
    if (!data) warn(ctx, 'truncated', 'TAR member runs past the end of the file', dataStart);
    const next = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L' && data) longName = (r.cstr(dataStart, Math.min(size, 4096)) ?? '');
    else if (type === 'x' && data) longName = paxPath(data) ?? longName;
    else if (type !== 'g') {
      const prefixField = r.fixed(p + 345, 155) ?? '';
      const ustar = r.fixed(p + 257, 5) === 'ustar';
      const base = r.fixed(p, 100) ?? '';
      const name = longName ?? (ustar && prefixField ? `${prefixField}/${base}` : base);
      longName = null;
      const file = type === '0' || type === '7' || h[156] === 0;
      let content = file ? data : null;
      if (content && content.length > budget(ctx)) { hitLimit(ctx, 'entry-size', `${name} is larger than the remaining size budget`); content = null; }
      if (content) ctx.info.total_uncompressed += content.length;
      addEntry(ctx, {
        name, path: prefix + name, depth, container: 'tar', size, compressed_size: size, method: file ? 'stored' : `type-${type}`,
        directory: type === '5', encrypted: false, encryption: null, password: null, integrity_ok: ok,
      }, content);
    }
    if (data === null) return;
    p = next;
  }
}

/** `path=` record of a pax extended header (records are `<len> key=value\n`). */
export function paxPath(data: Uint8Array): string | null {
  const text = new TextDecoder().decode(data.subarray(0, 65536));
  for (const line of text.split('\n')) {
    const i = line.indexOf(' path=');
    if (i >= 0) return line.slice(i + 6);
  }
  return null;
}

import { Reader } from '../elf/reader.js';
import { crc32 } from './crc32.js';
import { addEntry, budget, hitLimit, inflateBounded, warn, type ListCtx } from './context.js';
import { winZipAesDecrypt, zipCryptoDecrypt } from './zip-crypto.js';

interface CdEntry { name: string; flags: number; method: number; time: number; crc: number; csize: number; usize: number; local: number; extra: Uint8Array }

const METHODS: Record<number, string> = { 0: 'stored', 8: 'deflate', 9: 'deflate64', 12: 'bzip2', 14: 'lzma', 93: 'zstd', 95: 'xz', 99: 'aes' };

/** End-of-central-directory record offset, scanning back over at most a 64 KiB comment. */
function findEocd(r: Reader): number | null {
  const stop = Math.max(0, r.length - 22 - 0xffff);
  for (let p = r.length - 22; p >= stop; p--) if (r.u32(p) === 0x06054b50) return p;
  return null;
}

/** ZIP64 extra field (0x0001) replaces 0xFFFFFFFF sizes/offsets, in APPNOTE §4.5.3 order. */
function applyZip64(e: CdEntry): void {
  const x = new Reader(e.extra);
  for (let p = 0; p + 4 <= x.length;) {
    const id = x.u16(p)!, len = x.u16(p + 2)!;
    if (id === 0x0001) {
      let q = p + 4;
      const next = (): number | undefined => { const v = x.u64(q); q += 8; return v; };
      if (e.usize === 0xffffffff) e.usize = next() ?? e.usize;
      if (e.csize === 0xffffffff) e.csize = next() ?? e.csize;
      if (e.local === 0xffffffff) e.local = next() ?? e.local;
    }
    p += 4 + len;
  }
}

function aesExtra(extra: Uint8Array): { strength: number; method: number } | null {
  const x = new Reader(extra);
  for (let p = 0; p + 4 <= x.length;) {
    const id = x.u16(p)!, len = x.u16(p + 2)!;
    if (id === 0x9901 && len >= 7) return { strength: x.u8(p + 8) ?? 0, method: x.u16(p + 9) ?? 0 };
    p += 4 + len;
  }
  return null;
}

function readCentral(ctx: ListCtx, r: Reader, depth: number): CdEntry[] {
  const eocd = findEocd(r);
  if (eocd === null) {
    warn(ctx, 'no-eocd', 'ZIP end-of-central-directory record not found (truncated archive?): listing from local headers');
    return scanLocalHeaders(ctx, r);
  }
  let count = r.u16(eocd + 10)!;
  let cdOff = r.u32(eocd + 16)!;
  // ZIP64 (APPNOTE §4.3.14-15): saturated fields point to the ZIP64 end record through its locator.
  if ((count === 0xffff || cdOff === 0xffffffff) && eocd >= 20 && r.u32(eocd - 20) === 0x07064b50) {
    const rec = r.u64(eocd - 20 + 8);
    if (rec !== undefined && r.u32(rec) === 0x06064b50) {
      count = Math.min(r.u64(rec + 32) ?? count, Number.MAX_SAFE_INTEGER);
      cdOff = r.u64(rec + 48) ?? cdOff;
    }
  }
  const commentLen = r.u16(eocd + 20)!;
  if (depth === 0) ctx.info.header['comment'] = r.fixed(eocd + 22, Math.min(commentLen, r.length - eocd - 22)) ?? null;
  const out: CdEntry[] = [];
  let p = cdOff;
  for (let i = 0; i < Math.min(count === 0xffff ? ctx.opts.maxEntries : count, ctx.opts.maxEntries + 1); i++) {
    if (r.u32(p) !== 0x02014b50) {
      if (i < count) warn(ctx, 'bad-central-directory', `central directory entry ${i} has no signature`, p);
      break;
    }
    const nlen = r.u16(p + 28)!, elen = r.u16(p + 30)!, clen = r.u16(p + 32)!;
    const e: CdEntry = {
      flags: r.u16(p + 8)!, method: r.u16(p + 10)!, time: r.u16(p + 12)!, crc: r.u32(p + 16)!, csize: r.u32(p + 20)!,
      usize: r.u32(p + 24)!, local: r.u32(p + 42)!, name: new TextDecoder().decode(r.buf.subarray(p + 46, p + 46 + nlen)),
      extra: r.buf.subarray(p + 46 + nlen, p + 46 + nlen + elen),
    };
    applyZip64(e);
    out.push(e);
    p += 46 + nlen + elen + clen;
  }
  return out;
}

/**
 * Fallback for archives cut before their central directory: walk local headers from the start.
 * Stops at a member whose sizes live in a trailing data descriptor (bit 3), since its end is unknown.
 */
function scanLocalHeaders(ctx: ListCtx, r: Reader): CdEntry[] {
  const out: CdEntry[] = [];
  for (let p = 0; r.u32(p) === 0x04034b50 && out.length <= ctx.opts.maxEntries;) {
    const flags = r.u16(p + 6)!, csize = r.u32(p + 18) ?? 0, nlen = r.u16(p + 26) ?? 0, elen = r.u16(p + 28) ?? 0;
    out.push({
      flags, method: r.u16(p + 8)!, time: r.u16(p + 10) ?? 0, crc: r.u32(p + 14) ?? 0, csize, usize: r.u32(p + 22) ?? 0, local: p,
      name: new TextDecoder().decode(r.buf.subarray(p + 30, p + 30 + nlen)), extra: r.buf.subarray(p + 30 + nlen, p + 30 + nlen + elen),
    });
    if (flags & 8 && csize === 0) break;
    p += 30 + nlen + elen + csize;
  }
  return out;
}

/** List a ZIP archive (central directory, then each member's local header and data). */
export function listZip(ctx: ListCtx, bytes: Uint8Array, depth: number, prefix: string): void {
  const r = new Reader(bytes);
  for (const e of readCentral(ctx, r, depth)) {
    if (ctx.info.entries.length >= ctx.opts.maxEntries) {
      hitLimit(ctx, 'entries', `more than ${ctx.opts.maxEntries} archive members; the rest are not listed`);
      return;
    }
    const encrypted = (e.flags & 1) !== 0;
    const aes = e.method === 99 ? aesExtra(e.extra) : null;
    if (encrypted) ctx.info.encrypted_entries++;
    const base = {
      name: e.name, path: prefix + e.name, depth, container: 'zip' as const, size: e.usize, compressed_size: e.csize,
      method: METHODS[e.method] ?? `method-${e.method}`, directory: e.name.endsWith('/'), encrypted,
      encryption: encrypted ? (aes ? 'aes' as const : 'zipcrypto' as const) : null, password: null as string | null, integrity_ok: null as boolean | null,
    };
    const data = memberData(ctx, r, e);
    if (!data || base.directory) {
      addEntry(ctx, base, null);
      continue;
    }
    let payload: Uint8Array | null = data;
    let method = e.method;
    if (encrypted) {
      payload = null;
      for (const pw of ctx.opts.passwords) {
        if (aes) {
          const d = winZipAesDecrypt(data, pw, aes.strength);
          if (d) { payload = d.plain; method = aes.method; base.password = pw; base.integrity_ok = d.authentic; break; }
        } else {
          const check = e.flags & 8 ? (e.time >>> 8) & 0xff : e.crc >>> 24;
          const d = zipCryptoDecrypt(data, pw, check);
          if (d) { payload = d; base.password = pw; break; }
        }
      }
      if (!payload) warn(ctx, 'encrypted', `${base.path}: encrypted and no known password fits`);
    }
    const content = payload ? decompress(ctx, payload, method, e.usize, base.path) : null;
    // ZipCrypto's check byte gives a 1/256 false positive; the CRC settles it. AE-2 stores CRC 0.
    if (content && !(aes && e.crc === 0)) base.integrity_ok = crc32(content) === e.crc;
    if (content && base.password && base.integrity_ok === false) base.password = null;
    addEntry(ctx, base, base.integrity_ok === false && encrypted ? null : content);
  }
}

function memberData(ctx: ListCtx, r: Reader, e: CdEntry): Uint8Array | null {
  if (r.u32(e.local) !== 0x04034b50) {
    warn(ctx, 'bad-local-header', `${e.name}: local header missing`, e.local);
    return null;
  }
  const start = e.local + 30 + r.u16(e.local + 26)! + r.u16(e.local + 28)!;
  if (!r.has(start, e.csize)) {
    warn(ctx, 'truncated', `${e.name}: data runs past the end of the archive`, start);
    return null;
  }
  return r.buf.subarray(start, start + e.csize);
}

function decompress(ctx: ListCtx, data: Uint8Array, method: number, declared: number, what: string): Uint8Array | null {
  if (method === 0) {
    if (data.length > budget(ctx)) { hitLimit(ctx, 'entry-size', `${what} is larger than the per-entry limit`); return null; }
    ctx.info.total_uncompressed += data.length;
    return data;
  }
  if (method === 8) {
    if (declared > ctx.opts.maxEntrySize) warn(ctx, 'bomb-suspect', `${what} declares ${declared} bytes uncompressed from ${data.length}`);
    return inflateBounded(ctx, data, false, what);
  }
  warn(ctx, 'unsupported-method', `${what}: compression method ${method} not inflated`);
  return null;
}

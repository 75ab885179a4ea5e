import { inflateRawSync, gunzipSync } from 'node:zlib';
import type { Diagnostic } from '../../../model/diagnostic.js';
import { detectFormat } from '../../detect.js';
import type { ArchiveEntry, ArchiveFormat, ArchiveInfo, ArchiveOptions } from './types.js';

/** Shared state of one listing: budgets and the flattened entry list across nesting levels. */
export interface ListCtx {
  opts: Required<ArchiveOptions>;
  info: ArchiveInfo;
  included: number;
  /** Recursion hook (set by index.ts to avoid an import cycle). */
  recurse: (bytes: Uint8Array, format: ArchiveFormat, depth: number, prefix: string) => void;
}

export function warn(ctx: ListCtx, code: string, message: string, offset?: number): void {
  const w: Diagnostic = offset === undefined ? { code, message } : { code, message, offset };
  if (ctx.info.warnings.length < 500) ctx.info.warnings.push(w);
}

export function hitLimit(ctx: ListCtx, which: string, message: string): void {
  if (!ctx.info.limits_hit.includes(which)) {
    ctx.info.limits_hit.push(which);
    warn(ctx, `limit-${which}`, message);
  }
}

/** Bytes still allowed for one member: the smaller of the per-entry and remaining total budget. */
export function budget(ctx: ListCtx): number {
  return Math.max(0, Math.min(ctx.opts.maxEntrySize, ctx.opts.maxTotalSize - ctx.info.total_uncompressed));
}

/**
 * Inflate within the budget; `maxOutputLength` makes zlib stop instead of allocating a bomb.
 * Returns null (and records the limit) when the output would exceed it or the stream is corrupt.
 */
export function inflateBounded(ctx: ListCtx, data: Uint8Array, gzip: boolean, what: string): Uint8Array | null {
  const max = budget(ctx);
  if (max === 0) {
    hitLimit(ctx, 'total-size', `decompressed-size budget of ${ctx.opts.maxTotalSize} bytes used up`);
    return null;
  }
  try {
    const out = gzip ? gunzipSync(data, { maxOutputLength: max }) : inflateRawSync(data, { maxOutputLength: max });
    ctx.info.total_uncompressed += out.length;
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      const which = max < ctx.opts.maxEntrySize ? 'total-size' : 'entry-size';
      hitLimit(ctx, which, `${what} inflates past the ${which === 'total-size' ? 'total' : 'per-entry'} limit (${max} bytes): possible decompression bomb`);
    } else warn(ctx, 'bad-deflate', `${what}: ${(e as Error).message}`);
    return null;
  }
}

/**
 * True for a member name that an unpacker would write outside its target folder: absolute (`/x`,
 * `C:\x`, `\\host\x`) or climbing with a `..` segment (either slash).
 */
export function escapesFolder(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.startsWith('/') || /^[A-Za-z]:/.test(n) || n.split('/').includes('..');
}

/** Record a member; detect its inner format and recurse into nested archives within the depth limit. */
export function addEntry(ctx: ListCtx, e: Omit<ArchiveEntry, 'format' | 'description'>, bytes: Uint8Array | null): void {
  if (ctx.info.entries.length >= ctx.opts.maxEntries) {
    hitLimit(ctx, 'entries', `more than ${ctx.opts.maxEntries} archive members; the rest are not listed`);
    return;
  }
  const entry: ArchiveEntry = { ...e, format: null, description: null };
  if (escapesFolder(e.name)) warn(ctx, 'archive-path-traversal', `${e.path}: the member's name leaves the folder it is extracted into (absolute, or with '..'): a path-traversal ("zip slip") name`);
  if (bytes && !e.directory) {
    const d = detectFormat(bytes);
    entry.format = d.format;
    entry.description = d.description;
    if (ctx.opts.includeBytes) {
      if (ctx.included + bytes.length <= ctx.opts.maxIncludedBytes) {
        entry.bytes = bytes;
        ctx.included += bytes.length;
      } else hitLimit(ctx, 'included-bytes', `member bytes beyond ${ctx.opts.maxIncludedBytes} are not kept`);
    }
  }
  ctx.info.entries.push(entry);
  if (bytes && (entry.format === 'zip' || entry.format === 'gzip' || entry.format === 'tar' || entry.format === 'iso')) {
    if (e.depth + 1 > ctx.opts.maxDepth) hitLimit(ctx, 'depth', `archive nesting deeper than ${ctx.opts.maxDepth} is not listed`);
    else ctx.recurse(bytes, entry.format, e.depth + 1, `${e.path}!/`);
  }
}

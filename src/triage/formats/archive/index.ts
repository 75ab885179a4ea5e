import { listGzip } from './gzip.js';
import { listTar } from './tar.js';
import { isIso, listIso } from './iso.js';
import { listZip } from './zip.js';
import type { ListCtx } from './context.js';
import { ARCHIVE_DEFAULTS, type ArchiveFormat, type ArchiveInfo, type ArchiveOptions } from './types.js';

export type * from './types.js';
export { ARCHIVE_DEFAULTS } from './types.js';
export { tarChecksumOk } from './tar.js';
export { zipCryptoDecrypt, winZipAesDecrypt } from './zip-crypto.js';
export { crc32 } from './crc32.js';

/**
 * List a ZIP, GZIP or TAR archive recursively within limits (depth, member count, total and
 * per-member inflated size: `maxOutputLength` stops zip bombs). Encrypted ZIP members are reported,
 * and decrypted with `opts.passwords` (default `infected`) for analysis only: nothing is written
 * to disk or executed. Each member carries its own `detectFormat` result, and its bytes when
 * `includeBytes` is set. The format comes from `opts.format` or the magic (`PK`, `1F 8B`, else TAR,
 * whose checksum warnings then tell non-archives apart). Never throws on malformed input.
 * @example
 * const a = listArchive(bytes, { includeBytes: true });
 * for (const e of a.entries) console.log(e.path, e.format, e.encrypted, e.password);
 */
export function listArchive(bytes: Uint8Array, opts: ArchiveOptions & { format?: ArchiveFormat } = {}): ArchiveInfo {
  const format = opts.format ?? archiveFormatOf(bytes);
  const info: ArchiveInfo = { format, entries: [], total_uncompressed: 0, encrypted_entries: 0, limits_hit: [], header: {}, warnings: [] };
  const ctx: ListCtx = {
    opts: { ...ARCHIVE_DEFAULTS, ...opts },
    info,
    included: 0,
    recurse: (b, f, depth, prefix) => LISTERS[f](ctx, b, depth, prefix),
  };
  LISTERS[format](ctx, bytes, 0, '');
  return info;
}

const LISTERS: Record<ArchiveFormat, (ctx: ListCtx, bytes: Uint8Array, depth: number, prefix: string) => void> = {
  zip: listZip,
  gzip: listGzip,
  tar: listTar,
  iso: listIso,
};

/** ZIP by `PK\x03\x04`/`PK\x05\x06`, GZIP by `1F 8B`, ISO 9660 by `CD001` in sector 16, anything else is tried as TAR. */
function archiveFormatOf(b: Uint8Array): ArchiveFormat {
  if (b[0] === 0x50 && b[1] === 0x4b) return 'zip';
  if (isIso(b)) return 'iso';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  return 'tar';
}

import { constants, gunzipSync } from 'node:zlib';

/** How a target file is treated. */
export type FileClass = 'text' | 'binary' | 'empty';

/**
 * Decides whether a file is swept as a log (text) or only hashed, named and YARA-scanned (binary),
 * from its first 64 KiB (decompressed when gzip): text has no NUL byte and at most 5% control bytes
 * other than tab, CR, LF, FF and ESC. UTF-8 and Latin-1 logs are text; UTF-16 files (NUL bytes) and
 * executables, images and archives are binary.
 */
export function classifyHead(head: Buffer): FileClass {
  if (head.length === 0) return 'empty';
  const body = contentHead(head);
  if (body === null || body.length === 0) return 'binary';
  let ctrl = 0;
  const n = Math.min(body.length, 65536);
  for (let i = 0; i < n; i++) {
    const c = body[i] as number;
    if (c === 0) return 'binary';
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) ctrl++;
  }
  return ctrl * 20 > n ? 'binary' : 'text';
}

/** The first bytes of the content: gunzipped (as far as the head goes) when gzip; null when corrupt. */
export function contentHead(head: Buffer): Buffer | null {
  if (head[0] !== 0x1f || head[1] !== 0x8b) return head;
  try {
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return null;
  }
}

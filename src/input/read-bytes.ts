import { open, stat } from 'node:fs/promises';
import { PillboxError } from '../errors.js';

/** Default size limit of one source (file, stdin or URL body). `--max-size` changes it. */
export const DEFAULT_MAX_SIZE = 64 * 1024 * 1024;

/**
 * Reads a file whole, refusing (before reading) anything over `maxSize`. Non-regular files such as
 * pipes (`<(cmd)`) are streamed with the same limit counted as bytes arrive.
 */
export async function readFileLimited(path: string, maxSize: number): Promise<Uint8Array> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    throw fsError(path, e);
  }
  if (st.isDirectory()) throw new PillboxError('E_INPUT_UNREADABLE', `${path}: is a directory, not a document`);
  if (st.isFile() && st.size > maxSize) throw tooLarge(path, st.size, maxSize);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw fsError(path, e);
  }
  try {
    if (st.isFile()) return await fh.readFile();
    return await readStreamLimited(fh.createReadStream({ autoClose: false }), maxSize, path);
  } catch (e) {
    if (e instanceof PillboxError) throw e;
    throw fsError(path, e);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** Collects a byte stream, failing as soon as more than `maxSize` bytes have arrived. */
export async function readStreamLimited(stream: AsyncIterable<Uint8Array | string>, maxSize: number, name: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > maxSize) throw tooLarge(name, undefined, maxSize);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

export function tooLarge(name: string, size: number | undefined, maxSize: number): PillboxError {
  const what = size === undefined ? `more than ${formatBytes(maxSize)}` : formatBytes(size);
  return new PillboxError('E_INPUT_TOO_LARGE', `${name}: ${what} is over the ${formatBytes(maxSize)} limit (raise it with --max-size)`, {
    details: { size, maxSize },
  });
}

function fsError(path: string, e: unknown): PillboxError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file' :
    code === 'EACCES' || code === 'EPERM' ? 'permission denied' :
    code === 'EISDIR' ? 'is a directory, not a document' :
    code === 'ENOTDIR' ? 'a parent of this path is not a directory' :
    ((e as Error).message ?? String(e));
  return new PillboxError('E_INPUT_UNREADABLE', `${path}: ${why}`, { cause: e });
}

/** `1536` → `1.5 KiB`. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${n} bytes` : `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

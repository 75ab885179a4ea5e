/**
 * Input edge of `extract`: turns a file path, `-` (stdin), an http(s) URL or in-memory bytes into
 * text, detecting PDF, HTML, Markdown and plain text by content and decoding UTF-8, UTF-16 and
 * Windows-1252. All file and network I/O of the extract pipeline happens here.
 */
import { fileURLToPath } from 'node:url';
import { PillboxError } from '../errors.js';
import { bytesToDocument, type InputDocument } from './document.js';
import { fetchUrl } from './fetch.js';
import { DEFAULT_MAX_SIZE, readFileLimited, readStreamLimited } from './read-bytes.js';

export type { InputDocument } from './document.js';
export { bytesToDocument, documentFromText } from './document.js';
export type { PageHints } from './html.js';
export { DEFAULT_MAX_SIZE, formatBytes } from './read-bytes.js';

export interface ReadOptions {
  /** Largest source accepted, in bytes (files are checked with stat before reading). */
  maxSize?: number;
  /** Timeout of a URL fetch, headers and body together, in milliseconds. */
  timeoutMs?: number;
  /** Redirects followed before giving up. */
  maxRedirects?: number;
  /** Stream read for `-`; defaults to process.stdin. */
  stdin?: AsyncIterable<Uint8Array | string>;
}

export const READ_DEFAULTS = { maxSize: DEFAULT_MAX_SIZE, timeoutMs: 30_000, maxRedirects: 5 } as const satisfies ReadOptions;

/** True when the source argument is an http(s) URL rather than a path. */
export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

/**
 * Reads a source into a document. Throws PillboxError `E_INPUT_UNREADABLE` (missing file, directory,
 * unreadable PDF), `E_INPUT_UNSUPPORTED` (binary data), `E_INPUT_TOO_LARGE` or `E_FETCH`.
 *
 * @example
 * const doc = await readSource('examples/keyplug-report.md');
 * doc.source.media_type; // 'text/markdown'
 */
export async function readSource(spec: string, opts: ReadOptions = {}): Promise<InputDocument> {
  const o = { ...READ_DEFAULTS, ...opts };
  if (spec === '-') {
    const bytes = await readStreamLimited(opts.stdin ?? process.stdin, o.maxSize, 'stdin');
    return bytesToDocument(bytes, { name: '-', kind: 'stdin' });
  }
  if (isUrl(spec)) {
    const got = await fetchUrl(spec, o);
    const doc = await bytesToDocument(got.bytes, { name: got.url, kind: 'url', contentType: got.contentType, charset: got.charset });
    if (got.url !== new URL(spec).href) doc.warnings.unshift({ code: 'redirected', message: `${spec} redirected to ${got.url}` });
    return doc;
  }
  if (/^file:\/\//i.test(spec)) {
    const path = filePathOf(spec);
    return bytesToDocument(await readFileLimited(path, o.maxSize), { name: path, kind: 'file' });
  }
  const bytes = await readFileLimited(spec, o.maxSize).catch((e: unknown) => {
    // `ftp://host/x` and the like: not a file here (as a path it would name nested folders), and not fetched.
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(spec);
    if (scheme && e instanceof PillboxError && e.code === 'E_INPUT_UNREADABLE') {
      throw new PillboxError('E_INPUT_UNREADABLE', `${spec}: ${scheme[1]!.toLowerCase()}: URLs are not fetched; give a file path, '-' for stdin, or an http(s) URL`, { cause: e });
    }
    throw e;
  });
  return bytesToDocument(bytes, { name: spec, kind: 'file' });
}

/** The path of a `file://` URL (a clear error for one that names no local path). */
function filePathOf(spec: string): string {
  try {
    return fileURLToPath(spec);
  } catch (e) {
    throw new PillboxError('E_INPUT_UNREADABLE', `${spec}: not a local file URL (${(e as Error).message})`, { cause: e });
  }
}

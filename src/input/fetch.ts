import { PillboxError } from '../errors.js';
import { readStreamLimited, tooLarge } from './read-bytes.js';

export interface FetchOptions {
  timeoutMs: number;
  maxSize: number;
  maxRedirects: number;
}

export interface Fetched {
  bytes: Uint8Array;
  /** The URL the body came from, after redirects. */
  url: string;
  /** Media type of the Content-Type header, lower-case, without parameters. */
  contentType: string | undefined;
  charset: string | undefined;
}

/** Media types that are never a text document, refused before the body is read. */
const NON_TEXT = /^(?:image|audio|video|font)\/|^application\/(?:zip|gzip|x-gzip|x-7z-compressed|x-rar-compressed|x-msdownload|x-dosexec|x-executable|vnd\.microsoft\.portable-executable|java-archive|x-tar|wasm)$/;

/**
 * Fetches an http(s) URL with node's fetch: one timeout over the whole exchange (headers and body),
 * redirects followed by hand so that their number is bounded, and the size limit enforced while the
 * body streams in (a lying or absent Content-Length cannot make us buffer more).
 */
export async function fetchUrl(url: string, opts: FetchOptions): Promise<Fetched> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    assertHttp(current);
    const res = await request(current, signal, opts.timeoutMs);
    if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
      await res.body?.cancel().catch(() => undefined);
      if (hop >= opts.maxRedirects) throw new PillboxError('E_FETCH', `${url}: more than ${opts.maxRedirects} redirects`);
      current = new URL(res.headers.get('location') as string, current);
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new PillboxError('E_FETCH', `${current.href}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`, { details: { status: res.status } });
    }
    return await readBody(res, current.href, opts, signal);
  }
}

function assertHttp(u: URL): void {
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new PillboxError('E_FETCH', `${u.href}: only http and https URLs can be fetched`);
  }
}

async function request(u: URL, signal: AbortSignal, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(u, { redirect: 'manual', signal, headers: { accept: 'text/html, text/plain, text/markdown, application/pdf;q=0.9, */*;q=0.5' } });
  } catch (e) {
    throw networkError(u.href, e, timeoutMs);
  }
}

async function readBody(res: Response, href: string, opts: FetchOptions, signal: AbortSignal): Promise<Fetched> {
  const [type, charset] = parseContentType(res.headers.get('content-type'));
  if (type !== undefined && NON_TEXT.test(type)) {
    await res.body?.cancel().catch(() => undefined);
    throw new PillboxError('E_INPUT_UNSUPPORTED', `${href}: the server sent ${type}, not a text document; use \`pillbox triage\` on a downloaded file`);
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > opts.maxSize) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(href, declared, opts.maxSize);
  }
  try {
    const bytes = res.body ? await readStreamLimited(res.body as unknown as AsyncIterable<Uint8Array>, opts.maxSize, href) : new Uint8Array(0);
    return { bytes, url: href, contentType: type, charset };
  } catch (e) {
    if (e instanceof PillboxError) {
      await res.body?.cancel().catch(() => undefined);
      throw e;
    }
    throw networkError(href, signal.aborted ? signal.reason : e, opts.timeoutMs);
  }
}

function networkError(href: string, e: unknown, timeoutMs: number): PillboxError {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return new PillboxError('E_FETCH', `${href}: timed out after ${timeoutMs / 1000} s (raise it with --timeout)`, { cause: e });
  }
  const code = err?.cause?.code;
  const why =
    code === 'ECONNREFUSED' ? 'connection refused' :
    code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host not found' :
    code === 'ECONNRESET' ? 'connection reset' :
    code === 'UND_ERR_SOCKET' ? 'connection closed by the server' :
    err?.cause?.message ?? err?.message ?? String(e);
  return new PillboxError('E_FETCH', `${href}: cannot fetch (${why})`, { cause: e });
}

/** `text/html; charset=ISO-8859-1` → [`text/html`, `iso-8859-1`]. */
export function parseContentType(h: string | null): [string | undefined, string | undefined] {
  if (!h) return [undefined, undefined];
  const [type, ...params] = h.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const [k, v] = p.split('=');
    if (k?.trim().toLowerCase() === 'charset' && v) charset = v.trim().replace(/^"|"$/g, '').toLowerCase();
  }
  const t = type?.trim().toLowerCase();
  return [t ? t : undefined, charset];
}

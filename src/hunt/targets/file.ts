import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { CompiledYara } from '../intel/yara.js';
import { yaraHits } from './yara-hits.js';
import { scanLog } from '../logs/reader.js';
import { scanBinaryStrings } from '../logs/binary-strings.js';
import type { IndicatorMatcher } from '../match/matcher.js';
import type { HuntHit, IntelIndicator, MatchKind, UnlistedHits } from '../types.js';
import { classifyHead, contentHead, headFormat, isGzip, type FileClass } from './classify.js';
import { readChunks } from './read.js';
import { absorb, archiveKind, sweepArchive } from './archive.js';

export interface FileScanOptions {
  yara: readonly CompiledYara[];
  /** Files larger than this are not YARA-scanned (bytes). */
  yaraMaxSize: number;
  maxLine?: number;
  /** Hits listed per indicator per file (default DEFAULT_MAX_HITS; 0: all). */
  maxHits?: number;
  stopped?: () => boolean;
  onBytes?: (n: number) => void;
  /** Aborts reads at once (stdin). */
  signal?: AbortSignal;
  /** Stream used for the `-` target. */
  stdin?: Readable;
  /** Hash structured logs too (by default files detected as Zeek/JSON/CSV/access/DNS/syslog logs are not hashed). */
  hashLogs?: boolean;
  /** Sweep the strings of binaries (default true). */
  binaryStrings?: boolean;
  /** False: hash, name and YARA only (the log part of a big file is scanned in ranges elsewhere). */
  scanText?: boolean;
}

/** What one target file gave. */
export interface FileResult {
  file: string;
  class: FileClass;
  /** Detected log format (text files). */
  format: string | null;
  size: number;
  lines: number;
  hits: HuntHit[];
  /** Hits past the per-file limit of each indicator, counted (see DEFAULT_MAX_HITS). */
  unlisted: UnlistedHits[];
  warnings: Diagnostic[];
}

const ALGOS: [number, string][] = [[32, 'md5'], [40, 'sha1'], [64, 'sha256'], [128, 'sha512']];

/** Bytes of a file's head that format detection and log/binary classification look at. */
const HEAD = 65536;
/**
 * Binaries up to this size have their strings swept for network indicators (binary-strings.ts);
 * bigger ones (disk images, databases) are only hashed, named and YARA-scanned, with a warning.
 */
export const STRINGS_MAX_SIZE = 512 * 1024 * 1024;
const BINARY_LOG_FORMATS: ReadonlySet<string> = new Set(['evtx', 'journal', 'utmp', 'regf']);

/**
 * Files up to this size are read whole, synchronously, in one read: a sweep of many small files was
 * bound by the promise-based open/read/close round trips and 2 MiB of read buffers per file (50,000
 * one-line logs took 35 s). A read of 256 KiB from the page cache blocks for well under a millisecond.
 */
const SMALL_FILE = 256 * 1024;

/**
 * The whole of a small file (size from the walk), or null when it has grown since (it is then read
 * in chunks, as a big one).
 */
function readSmall(path: string, size: number): Buffer | null {
  const fd = openSync(path, 'r');
  try {
    // One byte more than expected tells a file that grew.
    const b = Buffer.allocUnsafe(Math.min(SMALL_FILE, size) + 1);
    let n = 0;
    while (n < b.length) {
      const r = readSync(fd, b, n, b.length - n, n);
      if (r === 0) break;
      n += r;
    }
    return n > size ? null : b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

async function* once(b: Buffer): AsyncGenerator<Buffer> {
  if (b.length > 0) yield b;
}

/** The first 64 KiB of a file (what format detection and log/binary classification look at). */
export async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(HEAD);
    const { bytesRead } = await fh.read(b, 0, b.length, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The chunks of `src`, fed to `hashers` on the way and counted into `read.bytes`. */
async function* tee(src: AsyncIterable<Buffer>, hashers: Hash[], read: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const c of src) {
    for (const h of hashers) h.update(c);
    read.bytes += c.length;
    yield c;
  }
}

function wholeFileHit(ind: IntelIndicator, file: string, kind: MatchKind, context: string): HuntHit {
  return { indicator: ind.value, type: ind.type, file, line: null, field: null, offset: null, context, source: ind.source, source_title: ind.source_title, match: kind };
}

/**
 * Sweeps one file: its name and path against filename/filepath indicators; its bytes hashed (only the
 * algorithms some indicator uses, in the same single read) against hash indicators; text files scanned
 * as logs (gzip read transparently); YARA rules run on files up to `yaraMaxSize`.
 */
export async function scanFile(path: string, size: number, m: IndicatorMatcher, opts: FileScanOptions, isStream = path === '-'): Promise<FileResult> {
  if (isStream) {
    // stdin, or a pipe or device named as a target: swept as a log, read once (no hashes, no YARA).
    const input = path === '-' ? opts.stdin ?? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
    try {
      const r = await scanLog(input, m, { file: path, ...logOpts(opts) });
      return { file: path, class: 'text', format: r.format?.name ?? null, size: r.bytes, lines: r.lines, hits: r.hits, unlisted: r.unlisted, warnings: r.warnings };
    } catch (e) {
      return { file: path, class: 'empty', format: null, size: 0, lines: 0, hits: [], unlisted: [], warnings: [{ code: 'unreadable', message: `${path}: ${(e as Error).message}` }] };
    } finally {
      if (input !== process.stdin && input !== opts.stdin) (input as ReturnType<typeof createReadStream>).destroy();
    }
  }
  const res: FileResult = { file: path, class: 'empty', format: null, size, lines: 0, hits: [], unlisted: [], warnings: [] };
  m.matchPath(path, (id, kind) => res.hits.push(wholeFileHit(m.indicators[id] as IntelIndicator, path, kind, path)));
  let head: Buffer;
  // A small file is read whole in one go: its head and its chunks are that one buffer.
  let whole: Buffer | null = null;
  try {
    whole = size <= SMALL_FILE ? readSmall(path, size) : null;
    head = whole ? whole.subarray(0, HEAD) : await readHead(path);
  } catch (e) {
    res.warnings.push({ code: 'unreadable', message: `${path}: ${(e as Error).message}` });
    return res;
  }
  res.class = classifyHead(head);
  if (isGzip(head) && contentHead(head) === null) {
    res.warnings.push({ code: 'corrupt-gzip', message: `${path}: gzip data that cannot be decompressed; not swept as a log (hashed, named and YARA-scanned only)` });
  }
  // Hash indicators name samples, scripts and documents, not logs: a file whose head is a structured
  // log format is not hashed unless asked (this saves three hash passes over gigabytes of logs).
  const format = res.class === 'text' ? headFormat(head) : null;
  // Login records are told by their shape alone (no signature): hashed too, in case a sample looks like one.
  const hashIt = opts.hashLogs === true || format === null || format.name === 'text' || format.name === 'utmp';
  const hashers = hashIt ? ALGOS.filter(([len]) => m.hashLen[len] === 1).map(([, a]) => ({ a, h: createHash(a) })) : [];
  // gzip input goes through a stream (the decompressor keeps the chunks it is given); the rest is read
  // through one reused buffer.
  const gz = isGzip(head);
  const stream = gz && !whole ? createReadStream(path, { highWaterMark: 1 << 20 }) : null;
  const chunks = whole ? once(whole) : stream ? (stream as AsyncIterable<Buffer>) : readChunks(path);
  // Files of /proc and /sys say they are empty and are not: their size is what was read.
  const read = { bytes: 0 };
  const source = tee(chunks, hashers.map((x) => x.h), read);
  if (res.class === 'text' && opts.scanText !== false) {
    // A binary log's progress counts the file's bytes, not the (larger) lines made of them.
    const binaryLog = format !== null && BINARY_LOG_FORMATS.has(format.name);
    const { onBytes, ...rest } = logOpts(opts);
    const counted = async function* (): AsyncGenerator<Buffer> {
      for await (const c of source) {
        onBytes?.(c.length);
        yield c;
      }
    };
    const r = await scanLog(binaryLog ? counted() : source, m, { file: path, ...rest, ...(!binaryLog && onBytes ? { onBytes } : {}), ...(format ? { format } : {}) });
    res.format = r.format?.name ?? null;
    res.lines = r.lines;
    // Appended one by one: a spread call with hundreds of thousands of arguments overflows the stack.
    for (const h of r.hits) res.hits.push(h);
    res.unlisted = r.unlisted;
    for (const w of r.warnings) res.warnings.push(w);
  } else if (res.class === 'binary' && opts.scanText !== false && opts.binaryStrings !== false && size <= STRINGS_MAX_SIZE && !isGzip(head) && archiveKind(head, null) === null) {
    // A binary's strings, for the network indicators in them (and its hashes, in the same read).
    const counted = async function* (): AsyncGenerator<Buffer> {
      for await (const c of source) {
        opts.onBytes?.(c.length);
        yield c;
      }
    };
    try {
      const r = await scanBinaryStrings(counted(), m, { file: path, ...(opts.maxHits !== undefined ? { maxHits: opts.maxHits } : {}), ...(opts.stopped ? { stopped: opts.stopped } : {}) });
      for (const h of r.hits) res.hits.push(h);
      res.unlisted = r.unlisted;
      for (const w of r.warnings) res.warnings.push(w);
    } catch (e) {
      res.warnings.push({ code: 'read-error', message: `${path}: ${(e as Error).message}` });
    }
  } else {
    if (res.class === 'binary' && size > STRINGS_MAX_SIZE && opts.scanText !== false && opts.binaryStrings !== false) {
      res.warnings.push({ code: 'strings-skipped', message: `${path}: larger than ${STRINGS_MAX_SIZE / 1048576} MiB; its strings were not swept (hashed, named and YARA-scanned only)` });
    }
    if (hashers.length > 0) {
      // Read only to hash (an archive, a big binary, or the hash part of a big log whose text is
      // scanned in ranges).
      try {
        for await (const c of source) {
          opts.onBytes?.(c.length);
          if (opts.stopped?.()) break;
        }
      } catch (e) {
        res.warnings.push({ code: 'read-error', message: `${path}: ${(e as Error).message}` });
      }
    } else if (res.class !== 'text') opts.onBytes?.(size);
  }
  if (stream) stream.destroy();
  else await (chunks as AsyncGenerator<Buffer>).return(undefined).catch(() => undefined);
  if (read.bytes > res.size) res.size = read.bytes;
  if (!opts.stopped?.()) {
    for (const { h } of hashers) m.matchHash(h.digest('hex'), (id) => res.hits.push(wholeFileHit(m.indicators[id] as IntelIndicator, path, 'hash', path)));
  }
  runYara(path, opts, res);
  // An archive's members (a tar.gz of logs, a ZIP collection, an ISO): each swept as a file.
  const archive = res.class === 'binary' && opts.scanText !== false && !opts.stopped?.() ? archiveKind(head, isGzip(head) ? contentHead(head) : null) : null;
  if (archive !== null) {
    absorb(res, await sweepArchive(path, size, m, opts, undefined, archive));
  }
  return res;
}

function logOpts(opts: FileScanOptions): { maxLine?: number; maxHits?: number; stopped?: () => boolean; onBytes?: (n: number) => void; signal?: AbortSignal } {
  const o: { maxLine?: number; maxHits?: number; stopped?: () => boolean; onBytes?: (n: number) => void; signal?: AbortSignal } = {};
  if (opts.signal) o.signal = opts.signal;
  if (opts.maxLine !== undefined) o.maxLine = opts.maxLine;
  if (opts.maxHits !== undefined) o.maxHits = opts.maxHits;
  if (opts.stopped) o.stopped = opts.stopped;
  if (opts.onBytes) o.onBytes = opts.onBytes;
  return o;
}

function runYara(path: string, opts: FileScanOptions, res: FileResult): void {
  if (opts.yara.length === 0 || opts.stopped?.()) return;
  if (res.size > opts.yaraMaxSize) {
    res.warnings.push({ code: 'yara-skipped', message: `${path}: larger than the YARA size limit (${opts.yaraMaxSize} bytes); rules not run` });
    return;
  }
  yaraHits(path, opts.yara, (rules) => rules.scanFile(path), res);
}

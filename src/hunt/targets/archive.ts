// Archives among the targets: a `logs.tar.gz` a client sends, a ZIP of a triage collection, an ISO.
// Read as bytes they are binaries (only hashed), so every log inside went unswept and the hunt said
// "no hits". Their members are listed with triage's bounded archive reader (no zip bomb, no path
// written to disk) and each is swept as a file of its own: its name and path, its hashes, its lines
// when it is text, YARA; hits name it `archive!/member`.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../../model/diagnostic.js';
import { listArchive, tarChecksumOk } from '../../triage/formats/archive/index.js';
import { isIso } from '../../triage/formats/archive/iso.js';
import { scanLog } from '../logs/reader.js';
import { yaraHits } from './yara-hits.js';
import { scanBinaryStrings } from '../logs/binary-strings.js';
import type { IndicatorMatcher } from '../match/matcher.js';
import type { HuntHit, IntelIndicator, MatchKind, UnlistedHits } from '../types.js';
import { classifyHead } from './classify.js';
import type { FileScanOptions } from './file.js';

/** Archives above this size are not opened (their members would not fit the inflation budget anyway). */
export const ARCHIVE_MAX_SIZE = 256 * 1024 * 1024;
/**
 * Bounds of one archive's listing: nesting, members, inflated bytes in all and per member. The listing
 * holds the members' bytes at once (a worker's peak is about the archive plus 512 MiB): past a bound
 * the rest is named in a warning, and unpacking the archive lets the hunt stream every file.
 */
export const ARCHIVE_LIMITS = { maxDepth: 3, maxEntries: 100_000, maxTotalSize: 512 * 1024 * 1024, maxEntrySize: 256 * 1024 * 1024, maxIncludedBytes: 512 * 1024 * 1024 };
const ALGOS: [number, string][] = [[32, 'md5'], [40, 'sha1'], [64, 'sha256'], [128, 'sha512']];

/** Which archive a file's head (and, for gzip, its gunzipped head) shows, or null. */
export function archiveKind(head: Buffer, content: Buffer | null): 'zip' | 'tar' | 'tar.gz' | 'iso' | null {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (isIso(head)) return 'iso';
  if (isTar(head)) return 'tar';
  if (head[0] === 0x1f && head[1] === 0x8b && content !== null && isTar(content)) return 'tar.gz';
  return null;
}

function isTar(b: Uint8Array): boolean {
  if (b.length < 512) return false;
  if (b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72) return true;
  return b[0] !== 0 && tarChecksumOk(b.subarray(0, 512));
}

export interface ArchiveSweep {
  hits: HuntHit[];
  unlisted: UnlistedHits[];
  lines: number;
  warnings: Diagnostic[];
}

/** Adds what a member's sweep (a log read, a nested archive) found to `out`, one push at a time (no spread: hundreds of thousands of hits overflow the stack). */
export function absorb(out: { hits: HuntHit[]; unlisted: UnlistedHits[]; lines: number; warnings: Diagnostic[] }, r: { hits: HuntHit[]; unlisted: UnlistedHits[]; lines: number; warnings: Diagnostic[] }): void {
  out.lines += r.lines;
  for (const h of r.hits) out.hits.push(h);
  for (const u of r.unlisted) out.unlisted.push(u);
  for (const w of r.warnings) out.warnings.push(w);
}

/**
 * Sweeps the members of the archive at `path` (already known to be one). A TAR, plain or gzipped, is
 * streamed member by member, whatever its size, and so is a ZIP too big to hold (over ARCHIVE_MAX_SIZE,
 * or members inflating past the limits; read from its central directory); another ZIP or an ISO is
 * read whole, within the limits (YARA then runs on members too).
 */
export async function sweepArchive(path: string, size: number, m: IndicatorMatcher, opts: FileScanOptions, limits = ARCHIVE_LIMITS, kind?: 'zip' | 'tar' | 'tar.gz' | 'iso'): Promise<ArchiveSweep> {
  if (kind === 'tar' || kind === 'tar.gz') {
    const { sweepTarStream } = await import('./tar-stream.js');
    return sweepTarStream(path, m, opts, (label, bytes) => sweepArchiveBytes(label, bytes, m, opts, limits));
  }
  if (kind === 'zip') {
    // Streamed when it would not fit the in-memory bounds: a big file, or members that inflate past them
    // (a 1 MB ZIP of a 300 MB log).
    const { sweepZipStream, zipInflatedSizes } = await import('./zip-stream.js');
    const sizes = size > ARCHIVE_MAX_SIZE ? null : await zipInflatedSizes(path);
    if (size > ARCHIVE_MAX_SIZE || (sizes !== null && (sizes.total > limits.maxTotalSize || sizes.largest > limits.maxEntrySize))) {
      return sweepZipStream(path, m, opts, (label, bytes) => sweepArchiveBytes(label, bytes, m, opts, limits));
    }
  }
  const out: ArchiveSweep = { hits: [], unlisted: [], lines: 0, warnings: [] };
  if (size > ARCHIVE_MAX_SIZE) {
    out.warnings.push({ code: 'archive-not-opened', message: `${path}: a disc image over ${ARCHIVE_MAX_SIZE / 1048576} MiB; its members are not swept (unpack it and hunt the folder: files are then streamed)` });
    return out;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    out.warnings.push({ code: 'unreadable', message: `${path}: ${(e as Error).message}` });
    return out;
  }
  return sweepArchiveBytes(path, bytes, m, opts, limits);
}

/** Sweeps the members of an archive held in memory (`path`: how its members are named). */
export async function sweepArchiveBytes(path: string, bytes: Uint8Array, m: IndicatorMatcher, opts: FileScanOptions, limits = ARCHIVE_LIMITS): Promise<ArchiveSweep> {
  const out: ArchiveSweep = { hits: [], unlisted: [], lines: 0, warnings: [] };
  const a = listArchive(bytes, { ...limits, includeBytes: true, name: path });
  for (const w of a.warnings) out.warnings.push({ code: w.code, message: `${path}: ${w.message}` });
  if (a.limits_hit.length > 0) out.warnings.push({ code: 'archive-partial', message: `${path}: archive limits hit (${a.limits_hit.join(', ')}); members past them are not swept (unpack it and hunt the folder)` });
  const encrypted = a.entries.filter((e) => e.encrypted && e.bytes === undefined).length;
  if (encrypted > 0) out.warnings.push({ code: 'archive-encrypted', message: `${path}: ${encrypted} encrypted member(s) not swept (password unknown)` });
  const algos = ALGOS.filter(([len]) => m.hashLen[len] === 1).map(([, algo]) => algo);
  for (const e of a.entries) {
    if (opts.stopped?.()) break;
    if (e.directory) continue;
    const member = `${path}!/${e.path}`;
    const whole = (id: number, kind: MatchKind): void => {
      const ind = m.indicators[id] as IntelIndicator;
      out.hits.push({ indicator: ind.value, type: ind.type, file: member, line: null, field: null, offset: null, context: member, source: ind.source, source_title: ind.source_title, match: kind });
    };
    m.matchPath(e.path, whole);
    const b = e.bytes;
    if (b === undefined) continue;
    // A nested archive is listed by the same listing (its members follow it): only hashed here.
    for (const algo of algos) m.matchHash(createHash(algo).update(b).digest('hex'), (id) => whole(id, 'hash'));
    if (e.format !== 'zip' && e.format !== 'gzip' && e.format !== 'tar' && e.format !== 'iso') {
      const whole = Buffer.from(b.buffer, b.byteOffset, b.length);
      if (classifyHead(whole.subarray(0, 65536)) === 'text') {
        absorb(out, await scanLog(once(whole), m, { file: member, ...(opts.maxHits !== undefined ? { maxHits: opts.maxHits } : {}), ...(opts.maxLine !== undefined ? { maxLine: opts.maxLine } : {}) }));
      } else if (b.length > 0 && opts.binaryStrings !== false) {
        // A binary member's strings, as for a binary file (binary-strings.ts).
        absorb(out, await scanBinaryStrings(once(whole), m, { file: member, ...(opts.maxHits !== undefined ? { maxHits: opts.maxHits } : {}) }));
      }
    }
    if (b.length <= opts.yaraMaxSize) yaraMember(Buffer.from(b.buffer, b.byteOffset, b.length), member, opts, out);
  }
  return out;
}

/** Runs the YARA rules over a member's bytes (held in memory), adding their hits to `out`. */
export function yaraMember(bytes: Buffer, member: string, opts: FileScanOptions, out: { hits: HuntHit[]; warnings: Diagnostic[] }): void {
  yaraHits(member, opts.yara, (rules) => rules.scan(bytes), out);
}

async function* once(b: Buffer): AsyncGenerator<Buffer> {
  if (b.length > 0) yield b;
}

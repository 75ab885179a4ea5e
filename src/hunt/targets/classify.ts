import { constants, gunzipSync } from 'node:zlib';
import { sniffBytes } from '../../input/sniff.js';
import { evtxHeadLines, isEvtx } from '../logs/evtx/reader.js';
import { binaryLogFormat, detectFormat, type LogFormat } from '../logs/detect.js';
import { isJournal } from '../logs/journal/reader.js';
import { isUtmp } from '../logs/utmp/reader.js';
import { isRegf } from '../logs/regf/reader.js';

/** How a target file is treated. */
export type FileClass = 'text' | 'binary' | 'empty';

/**
 * Decides whether a file is swept as a log (text) or only hashed, named and YARA-scanned (binary),
 * from its first 64 KiB (decompressed when gzip): text has no NUL byte and at most 5% control bytes
 * other than tab, CR, LF, FF and ESC, once UTF-16 is decoded. UTF-8, Latin-1 and UTF-16 logs (what
 * PowerShell 5's `>` writes) are text; executables, images and archives are binary.
 */
export function classifyHead(head: Buffer): FileClass {
  if (head.length === 0) return 'empty';
  // A Windows event log, journal or login-record file is read as the JSON lines of its records
  // (logs/binary-logs.ts).
  if (binaryLogOf(head) !== null) return 'text';
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

/** The log format of a text file's head: an event log's own, else told from its (decoded) content. */
export function headFormat(head: Buffer): LogFormat {
  const bin = binaryLogOf(head);
  return bin !== null ? binaryLogFormat(bin) : detectFormat(contentHead(head) ?? head);
}

/** The binary log format a head (gzipped or not) starts with, or null. */
export function binaryLogOf(head: Buffer): 'evtx' | 'journal' | 'utmp' | 'regf' | null {
  const body = isGzip(head) ? gunzipHead(head) ?? EMPTY : head;
  return isEvtx(body) ? 'evtx' : isJournal(body) ? 'journal' : isRegf(body) ? 'regf' : isUtmp(body) ? 'utmp' : null;
}

/**
 * The first bytes of the content: gunzipped (as far as the head goes) when gzip; null when corrupt.
 * A head that holds the whole file also holds the 8-byte trailer: when only the trailer is wrong (a
 * damaged length or CRC), the data before it is still read, as the streaming reader does (with a warning).
 */
export function contentHead(head: Buffer): Buffer | null {
  const body = isGzip(head) ? gunzipHead(head) : head;
  if (body === null) return null;
  // A journal's head is no text (its entries' data lie anywhere); its format is known (headFormat).
  return isEvtx(body) ? evtxHead(body) : isJournal(body) || isRegf(body) || isUtmp(body) ? Buffer.from('{}\n') : utf16ToUtf8(body);
}

const EMPTY = Buffer.alloc(0);

/** The decompressed start of a gzip head, or null when corrupt. */
function gunzipHead(head: Buffer): Buffer | null {
  for (const bytes of [head, head.subarray(0, Math.max(0, head.length - 8))]) {
    try {
      return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      // try again without the trailer, then give up
    }
  }
  return null;
}

/**
 * The JSON lines of the records in an event log's head (what its format is told from); an empty
 * object's line when none is whole there, so that it is still told as JSON lines.
 */
function evtxHead(head: Buffer): Buffer {
  const lines = evtxHeadLines(head);
  return Buffer.from(lines === '' ? '{}\n' : lines, 'utf8');
}

/** UTF-16 text (with a byte-order mark, or without one when its NUL pattern is unambiguous), or null. */
export function utf16Of(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const k = sniffBytes(head).kind;
  return k === 'utf-16le' || k === 'utf-16be' ? k : null;
}

/** A head of UTF-16 text as UTF-8 (what the log reader scans); other bytes as they are. */
function utf16ToUtf8(head: Buffer): Buffer {
  const enc = utf16Of(head);
  return enc === null ? head : Buffer.from(new TextDecoder(enc).decode(head.subarray(0, head.length & ~1)), 'utf8');
}

/** Whether bytes start with the gzip magic. */
export function isGzip(head: Buffer): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

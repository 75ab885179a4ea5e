/**
 * Windows event log files (`.evtx`, what `wevtutil epl` and a copy of `winevt\Logs` give) read as
 * JSON lines: one line per event record, in file order, with the record's number and time first and
 * then the event's fields (see binxml.ts), so the log reader sweeps them as it sweeps any JSON-lines
 * log (hits name the field). Streams chunk by chunk: 64 KiB held at a time, whatever the file's size.
 *
 * Layout: a 4 KiB file header (`ElfFile\0`), then 64 KiB chunks (`ElfChnk\0`), each with its records
 * from offset 512 up to its free-space offset. A record: `**\0\0`, its size, number, write time,
 * BinXML, and its size again.
 */
import type { Diagnostic } from '../../../model/diagnostic.js';
import { ChunkReader, EvtxError, RecordFields } from './binxml.js';
import { filetime } from './values.js';

/** The file header's size, then each chunk's. */
export const FILE_HEADER = 4096;
export const CHUNK = 65536;
const RECORDS_AT = 512;
const RECORD_MIN = 28;
/**
 * A chunk's lines past this stop its records (see chunkLines): real chunks render to a few hundred
 * KiB; this bounds a file's lines to 64 times its size.
 */
const CHUNK_OUTPUT_MAX = 4 << 20;
const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');

/** Whether bytes start like an event log file. */
export function isEvtx(head: Uint8Array): boolean {
  return head.length >= 8 && FILE_MAGIC.equals(head.subarray(0, 8));
}

/** What went wrong while reading a file, counted, for one warning at its end. */
export class EvtxProblems {
  /** Records whose binary XML did not parse. */
  records = 0;
  /** Chunks whose records could not be walked to the end (a broken record header, or too much output). */
  spans = 0;
  /** Chunks without a chunk signature (and not all zeros). */
  chunks = 0;
  first: string | null = null;

  note(what: 'records' | 'spans' | 'chunks', why: string): void {
    this[what]++;
    this.first ??= why;
  }

  /** One warning for the whole file, or null when all was read. */
  warning(file: string): Diagnostic | null {
    if (this.records + this.spans + this.chunks === 0) return null;
    const n = (k: number, one: string, many: string): string => (k === 0 ? '' : `${k} ${k === 1 ? one : many}`);
    const what = [
      n(this.records, 'event record did not parse', 'event records did not parse'),
      n(this.spans, 'chunk could not be read to its end', 'chunks could not be read to their end'),
      n(this.chunks, 'chunk has no chunk signature', 'chunks have no chunk signature'),
    ].filter(Boolean);
    return { code: 'evtx-damaged', message: `${file}: ${what.join('; ')}; their UTF-16 strings were swept instead (field Strings) (first: ${this.first})` };
  }
}

/** A line for bytes that are no readable record: where they are and their UTF-16 strings. */
function strayLine(chunk: Buffer, index: number, s: number, e: number): string {
  const strings = utf16Strings(chunk, s, e);
  return strings === '' ? '' : `${JSON.stringify({ Chunk: index, Offset: s, Strings: strings })}\n`;
}

/**
 * The records of one chunk as JSON lines. `chunk` may be cut short (the end of a file, or a head):
 * a record cut by its end is damage only when `complete`. Bytes that hold no readable record are
 * swept too, as their UTF-16 strings (see EvtxProblems).
 */
export function chunkLines(chunk: Buffer, index: number, problems: EvtxProblems, complete = true): string {
  if (chunk.length >= 8 && chunk.length < RECORDS_AT && CHUNK_MAGIC.equals(chunk.subarray(0, 8))) {
    if (complete) problems.note('spans', `the file ends inside chunk ${index}, before its records`);
    return '';
  }
  if (chunk.length < RECORDS_AT || !CHUNK_MAGIC.equals(chunk.subarray(0, 8))) {
    // A chunk never written is zeros (a preallocated file); anything else is damage.
    if (!chunk.some((x) => x !== 0)) return '';
    problems.note('chunks', `chunk ${index} has no chunk signature`);
    return strayLine(chunk, index, 0, chunk.length);
  }
  const free = chunk.readUInt32LE(48);
  const end = free >= RECORDS_AT && free <= CHUNK ? Math.min(free, chunk.length) : chunk.length;
  const reader = new ChunkReader(chunk);
  let lines = '';
  for (let p = RECORDS_AT; p + RECORD_MIN <= end; ) {
    const sig = chunk.readUInt32LE(p);
    const size = chunk.readUInt32LE(p + 4);
    if (sig !== 0x2a2a || size < RECORD_MIN || p + size > chunk.length) {
      // Zeros: the chunk's unused space (a free-space offset past the records, as a log copied while
      // in use may have), no damage; nor is a record cut by the end of a head.
      if (sig === 0 || (!complete && sig === 0x2a2a && size >= RECORD_MIN && size <= CHUNK)) break;
      const cut = sig === 0x2a2a && size >= RECORD_MIN && p + size > chunk.length && chunk.length < CHUNK;
      problems.note('spans', `chunk ${index} offset ${p}: ${sig !== 0x2a2a ? 'no record signature' : cut ? 'the file ends inside this record' : `record size ${size} out of bounds`}`);
      lines += strayLine(chunk, index, p, end);
      break;
    }
    const f = new RecordFields();
    const id = chunk.readBigUInt64LE(p + 8);
    f.put('EventRecordID', id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id.toString());
    f.put('TimeCreated', filetime(chunk.readBigUInt64LE(p + 16)));
    try {
      reader.record(p + 24, p + size - 4, f);
    } catch (e) {
      if (!(e instanceof EvtxError || e instanceof RangeError)) throw e;
      problems.note('records', `record ${id}: ${e.message}`);
      // Its texts are still swept: the UTF-16 strings of its bytes, as one field.
      f.put('Strings', utf16Strings(chunk, p + 24, p + size - 4));
    }
    lines += `${JSON.stringify(f.out)}\n`;
    p += size;
    if (lines.length > CHUNK_OUTPUT_MAX && p + RECORD_MIN <= end) {
      // Records that all reuse one huge template text would turn a chunk into gigabytes of lines.
      problems.note('spans', `chunk ${index}: its records render past ${CHUNK_OUTPUT_MAX / 1048576} MiB`);
      lines += strayLine(chunk, index, p, end);
      break;
    }
  }
  return lines;
}

/** The printable UTF-16LE runs of at least 3 characters in b[s, e), joined by spaces. */
export function utf16Strings(b: Buffer, s: number, e: number): string {
  const out: string[] = [];
  for (const start of [s, s + 1]) {
    let run = -1;
    for (let i = start; i + 1 < e; i += 2) {
      const c = b.readUInt16LE(i);
      const ok = (c >= 0x20 && c !== 0x7f && c < 0xd800) || c === 9;
      if (ok && run === -1) run = i;
      else if (!ok && run !== -1) {
        if (i - run >= 6) out.push(b.toString('utf16le', run, i));
        run = -1;
      }
    }
    if (run !== -1 && e - run >= 6) out.push(b.toString('utf16le', run, e - ((e - run) & 1)));
  }
  return out.join(' ');
}

/** The JSON lines of the records wholly inside `head` (the first bytes of an event log file). */
export function evtxHeadLines(head: Buffer): string {
  const problems = new EvtxProblems();
  let lines = '';
  for (let at = FILE_HEADER, k = 0; at < head.length; at += CHUNK, k++) lines += chunkLines(head.subarray(at, at + CHUNK), k, problems, at + CHUNK <= head.length);
  return lines;
}

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

const FILE_HEADER = 4096;
const CHUNK = 65536;
const RECORDS_AT = 512;
const RECORD_MIN = 28;
const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');

/** Whether bytes start like an event log file. */
export function isEvtx(head: Uint8Array): boolean {
  return head.length >= 8 && FILE_MAGIC.equals(head.subarray(0, 8));
}

/** What went wrong while reading a file, counted, for one warning at its end. */
export class EvtxProblems {
  records = 0;
  chunks = 0;
  first: string | null = null;

  note(what: 'records' | 'chunks', why: string): void {
    this[what]++;
    this.first ??= why;
  }

  /** One warning for the whole file, or null when all was read. */
  warning(file: string): Diagnostic | null {
    if (this.records === 0 && this.chunks === 0) return null;
    const parts = [this.records > 0 ? `${this.records} event record${this.records === 1 ? '' : 's'}` : '', this.chunks > 0 ? `${this.chunks} chunk${this.chunks === 1 ? '' : 's'}` : ''].filter(Boolean);
    return { code: 'evtx-damaged', message: `${file}: ${parts.join(' and ')} of the event log could not be read and were skipped (first: ${this.first})` };
  }
}

/**
 * The records of one chunk as JSON lines. `chunk` may be cut short (the end of a file, or a head):
 * records past its end are counted as damaged only when `complete`.
 */
export function chunkLines(chunk: Buffer, index: number, problems: EvtxProblems, complete = true): string {
  if (chunk.length < RECORDS_AT || !CHUNK_MAGIC.equals(chunk.subarray(0, 8))) {
    // A chunk never written is zeros (a preallocated file); anything else is damage.
    if (chunk.some((x) => x !== 0)) problems.note('chunks', `chunk ${index} has no chunk signature`);
    return '';
  }
  const free = chunk.readUInt32LE(48);
  const end = free >= RECORDS_AT && free <= CHUNK ? Math.min(free, chunk.length) : chunk.length;
  const reader = new ChunkReader(chunk);
  let lines = '';
  for (let p = RECORDS_AT; p + RECORD_MIN <= end; ) {
    if (chunk.readUInt32LE(p) !== 0x2a2a) {
      problems.note('records', `chunk ${index} offset ${p}: no record signature`);
      break;
    }
    const size = chunk.readUInt32LE(p + 4);
    if (size < RECORD_MIN || p + size > chunk.length) {
      if (complete || size < RECORD_MIN || size > CHUNK) problems.note('records', `chunk ${index} offset ${p}: record size ${size} out of bounds`);
      break;
    }
    const f = new RecordFields();
    const id = chunk.readBigUInt64LE(p + 8);
    f.put('EventRecordID', id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id.toString());
    f.put('TimeCreated', filetime(chunk.readBigUInt64LE(p + 16)));
    try {
      reader.record(p + 24, p + size - 4, f);
      lines += `${JSON.stringify(f.out)}\n`;
    } catch (e) {
      if (!(e instanceof EvtxError || e instanceof RangeError)) throw e;
      problems.note('records', `record ${id}: ${e.message}`);
    }
    p += size;
  }
  return lines;
}

/** The JSON lines of the records wholly inside `head` (the first bytes of an event log file). */
export function evtxHeadLines(head: Buffer): string {
  const problems = new EvtxProblems();
  let lines = '';
  for (let at = FILE_HEADER, k = 0; at < head.length; at += CHUNK, k++) lines += chunkLines(head.subarray(at, at + CHUNK), k, problems, at + CHUNK <= head.length);
  return lines;
}

/**
 * An event log's bytes, as they arrive, turned into its records' JSON lines (a chunk's lines per
 * step); any other bytes pass through unchanged. `onEvtx` is called once the file is known to be an
 * event log; problems are reported once at the end through `warn`.
 */
export async function* fromEvtx(src: AsyncIterable<Buffer>, file: string, warn: (d: Diagnostic) => void, onEvtx: () => void = () => {}): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  let heldBytes = 0;
  let ended = false;
  // Sources may reuse a buffer once asked for the next one (readChunks does): what is held across
  // a request is a copy.
  let copy = false;
  /** How many of `held` (from the start) are copies or were copied. */
  let safe = 0;
  /** Holds at least `n` bytes unless the stream ends first. */
  const fill = async (n: number): Promise<void> => {
    while (heldBytes < n && !ended) {
      if (copy) for (; safe < held.length; safe++) held[safe] = Buffer.from(held[safe] as Buffer);
      const r = await it.next();
      if (r.done) ended = true;
      else {
        held.push(r.value);
        heldBytes += r.value.length;
      }
    }
  };
  /** Takes up to `n` held bytes. */
  const take = (n: number): Buffer => {
    const all = held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held);
    const out = all.subarray(0, Math.min(n, all.length));
    const rest = all.subarray(out.length);
    // The rest is a copy when `all` was made here, else the source's (copied before the next request).
    held.length = 0;
    safe = 0;
    if (rest.length > 0) held.push(rest);
    heldBytes = rest.length;
    return out;
  };
  await fill(8);
  if (!isEvtx(held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held))) {
    for (const b of held) yield b;
    if (!ended) for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    return;
  }
  onEvtx();
  copy = true;
  await fill(FILE_HEADER);
  take(FILE_HEADER);
  const problems = new EvtxProblems();
  for (let k = 0; ; k++) {
    await fill(CHUNK);
    if (heldBytes === 0) break;
    // A copy: the chunk outlives the source's buffer only while its lines are built.
    const lines = chunkLines(take(CHUNK), k, problems);
    if (lines !== '') yield Buffer.from(lines, 'utf8');
  }
  const w = problems.warning(file);
  if (w !== null) warn(w);
}

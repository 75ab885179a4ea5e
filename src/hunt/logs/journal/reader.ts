/**
 * systemd journal files (`/var/log/journal/<machine>/*.journal`: the only system log of a Debian 12
 * server without rsyslog) read as JSON lines: one line per entry, in file order, with its sequence
 * number and time first and then its fields (`MESSAGE`, `_HOSTNAME`, `SYSLOG_IDENTIFIER`, `_CMDLINE`…)
 * as `journalctl -o json` names them, so the log reader sweeps them as any JSON-lines log.
 *
 * Layout (systemd's JOURNAL_FILE_FORMAT): a header (`LPKSHHRH`), then 8-byte-aligned objects, each
 * with a type and a size. An entry object lists the offsets of its data objects (`FIELD=value`
 * payloads, shared between entries, zstd-, LZ4- or XZ-compressed past a size). An entry's data may lie
 * anywhere before it, so the file is held whole (up to JOURNAL_MAX_SIZE; journald's own limit is 128
 * MiB a file). Hand-written for hostile input (no maintained npm reader exists): every offset and size
 * is checked, and damage is counted in one warning.
 */
import type { Decompress as ZstdDecompress } from 'fzstd';
import type { Diagnostic } from '../../../model/diagnostic.js';
import { lz4Block } from './lz4.js';
import { holdWhole } from '../hold.js';

/** Journal files past this size are read up to it, with a warning. */
export const JOURNAL_MAX_SIZE = 1 << 30;
/** A decompressed field past this size is not read (a compression bomb). */
const FIELD_MAX = 16 << 20;
/** Lines handed on per step. */
const BATCH = 1 << 20;
/** Field values longer than this are cut (a line stays readable; the head of the value is swept). */
const VALUE_MAX = 1 << 20;
/**
 * Rendered lines past this many times the file's size (plus a floor) stop the read: entries that all
 * point at one huge field would otherwise turn a small file into terabytes of lines.
 */
const OUTPUT_RATIO = 64;
const OUTPUT_FLOOR = 64 << 20;

const MAGIC = Buffer.from('LPKSHHRH', 'latin1');
const OBJ_DATA = 1;
const OBJ_ENTRY = 3;
const INCOMPAT_COMPACT = 16;
const OBJ_XZ = 1;
const OBJ_LZ4 = 2;
const OBJ_ZSTD = 4;

/** Whether bytes start like a journal file. */
export function isJournal(head: Uint8Array): boolean {
  return head.length >= 8 && MAGIC.equals(head.subarray(0, 8));
}

/** Damage met while reading one file, for one warning at its end. */
class Problems {
  entries = 0;
  fields = 0;
  xz = 0;
  first: string | null = null;
  note(what: 'entries' | 'fields' | 'xz', why: string): void {
    this[what]++;
    this.first ??= why;
  }
}

/** The lines of a whole journal file (or of its first JOURNAL_MAX_SIZE bytes), in batches. */
export function* journalLines(b: Buffer, file: string, warn: (d: Diagnostic) => void, cut = false): Generator<string> {
  const problems = new Problems();
  if (b.length < 208) {
    warn({ code: 'journal-damaged', message: `${file}: a journal file cut inside its header (${b.length} bytes); nothing read` });
    return;
  }
  const compact = (b.readUInt32LE(12) & INCOMPAT_COMPACT) !== 0;
  const headerSize = num(b.readBigUInt64LE(88));
  const arena = num(b.readBigUInt64LE(96));
  const tail = num(b.readBigUInt64LE(136));
  const end = Math.min(b.length, headerSize + arena);
  const reader = new DataReader(b, compact, problems);
  let lines = '';
  let written = 0;
  const budget = b.length * OUTPUT_RATIO + OUTPUT_FLOOR;
  let p = align8(headerSize);
  while (p + 16 <= end && p <= tail) {
    const type = b[p] as number;
    const size = num(b.readBigUInt64LE(p + 8));
    if (type === 0 && size === 0) break;
    if (size < 16 || p + size > end) {
      if (!cut || p + size <= b.length) problems.note('entries', `object at offset ${p} with size ${size} runs past the file`);
      break;
    }
    if (type === OBJ_ENTRY) {
      lines += entryLine(b, p, size, compact, reader, problems);
      if (lines.length >= BATCH) {
        written += lines.length;
        yield lines;
        lines = '';
        if (written > budget) {
          warn({ code: 'journal-partial', message: `${file}: its entries render to over ${OUTPUT_RATIO} times its size (entries repeating huge fields); reading stopped at offset ${p}` });
          return;
        }
      }
    }
    p += align8(size);
  }
  if (lines !== '') yield lines;
  const parts = [
    problems.entries > 0 ? `${problems.entries} damaged object${problems.entries === 1 ? '' : 's'} (reading stopped there)` : '',
    problems.fields > 0 ? `${problems.fields} field${problems.fields === 1 ? '' : 's'} of entries could not be read` : '',
    problems.xz > 0 ? `${problems.xz} XZ-compressed field${problems.xz === 1 ? ' was' : 's were'} not read (XZ is not supported)` : '',
  ].filter(Boolean);
  if (parts.length > 0) warn({ code: 'journal-damaged', message: `${file}: ${parts.join('; ')} (first: ${problems.first})` });
}

/** One entry object at `p` as a JSON line: sequence number, time, then its fields. */
function entryLine(b: Buffer, p: number, size: number, compact: boolean, reader: DataReader, problems: Problems): string {
  if (size < 64) {
    problems.note('fields', `entry at offset ${p} too small`);
    return '';
  }
  const out: Record<string, string | string[] | number> = {};
  out.__SEQNUM = num(b.readBigUInt64LE(p + 16));
  out.__REALTIME = realtime(b.readBigUInt64LE(p + 24));
  const item = compact ? 4 : 16;
  const seen = new Set<number>();
  for (let q = p + 64; q + item <= p + size; q += item) {
    const at = compact ? b.readUInt32LE(q) : num(b.readBigUInt64LE(q));
    // An entry lists a field once; the same offset again adds nothing (and costs a decode).
    if (seen.has(at)) continue;
    seen.add(at);
    const field = reader.field(at);
    if (field === null) continue;
    const eq = field.indexOf('=');
    if (eq <= 0) continue;
    const k = field.slice(0, eq);
    const v = field.slice(eq + 1);
    const had = out[k];
    if (had === undefined) out[k] = v;
    else if (Array.isArray(had)) had.push(v);
    else if (typeof had === 'string' && had !== v) out[k] = [had, v];
  }
  return `${JSON.stringify(out)}\n`;
}

const CACHE_CHARS = 64 << 20;

/** Data objects by offset, decoded once each (small ones kept: they are shared by many entries). */
class DataReader {
  private readonly cache = new Map<number, string | null>();
  constructor(private readonly b: Buffer, private readonly compact: boolean, private readonly problems: Problems) {}

  /** Characters held by the cache (bounded, so that shared huge fields are not decoded again and again). */
  private held = 0;

  field(at: number): string | null {
    const known = this.cache.get(at);
    if (known !== undefined) return known;
    let v = this.read(at);
    if (v !== null && v.length > VALUE_MAX) {
      this.problems.note('fields', `data object at offset ${at} longer than ${VALUE_MAX} characters: cut`);
      v = v.slice(0, VALUE_MAX);
    }
    const n = v?.length ?? 0;
    if (this.cache.size < 1 << 18 && this.held + n <= CACHE_CHARS) {
      this.cache.set(at, v);
      this.held += n;
    }
    return v;
  }

  private read(at: number): string | null {
    const b = this.b;
    if (at % 8 !== 0 || at + 16 > b.length || b[at] !== OBJ_DATA) {
      this.problems.note('fields', `no data object at offset ${at}`);
      return null;
    }
    const size = num(b.readBigUInt64LE(at + 8));
    const start = at + (this.compact ? 72 : 64);
    if (size < start - at || at + size > b.length) {
      this.problems.note('fields', `data object at offset ${at} runs past the file`);
      return null;
    }
    const payload = b.subarray(start, at + size);
    const flags = b[at + 1] as number;
    try {
      if (flags & OBJ_ZSTD) return utf8(zstdField(payload));
      if (flags & OBJ_LZ4) return utf8(lz4Field(payload));
    } catch (e) {
      this.problems.note('fields', `compressed data object at offset ${at}: ${(e as Error).message}`);
      return null;
    }
    if (flags & OBJ_XZ) {
      this.problems.note('xz', `XZ-compressed data object at offset ${at}`);
      return null;
    }
    return utf8(payload);
  }
}

/** fzstd's decompressor, loaded with the first journal file (no cost to sweeps without one). */
let Decompress: typeof ZstdDecompress | null = null;

/** A zstd frame, decompressed block by block and given up past FIELD_MAX bytes (a bomb). */
function zstdField(payload: Buffer): Uint8Array {
  if (Decompress === null) throw new Error('zstd decompressor not loaded');
  const parts: Uint8Array[] = [];
  let n = 0;
  const d = new Decompress((chunk) => {
    n += chunk.length;
    if (n > FIELD_MAX) throw new Error(`decompresses past ${FIELD_MAX} bytes`);
    parts.push(chunk.slice());
  });
  d.push(payload, true);
  return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, n);
}

/** journald's LZ4 field: its size (u64), then one LZ4 block. */
function lz4Field(payload: Buffer): Uint8Array {
  if (payload.length < 8) throw new Error('LZ4 field cut short');
  const n = num(payload.readBigUInt64LE(0));
  if (n > FIELD_MAX) throw new Error(`decompresses past ${FIELD_MAX} bytes`);
  return lz4Block(payload.subarray(8), n);
}

const decoder = new TextDecoder();
const utf8 = (x: Uint8Array): string => decoder.decode(x);

/** A 64-bit size or offset as a number (beyond 2^53: past any file, so out of bounds). */
function num(v: bigint): number {
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** Microseconds since 1970 as ISO 8601 with six fractional digits (the raw count when out of range). */
function realtime(us: bigint): string {
  const d = new Date(Number(us / 1000n));
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999) return us.toString();
  return `${d.toISOString().slice(0, 19)}.${(us % 1000000n).toString().padStart(6, '0')}Z`;
}

/**
 * A journal file's bytes, as they arrive, turned into its entries' JSON lines once all are held
 * (up to JOURNAL_MAX_SIZE, with a warning past it); `head` holds its first bytes already.
 */
export async function* fromJournal(head: Buffer[], rest: AsyncIterator<Buffer>, file: string, warn: (d: Diagnostic) => void): AsyncGenerator<Buffer> {
  Decompress ??= (await import('fzstd')).Decompress;
  const { bytes, cut } = await holdWhole(head, rest, JOURNAL_MAX_SIZE);
  if (cut) warn({ code: 'journal-partial', message: `${file}: a journal file over ${JOURNAL_MAX_SIZE / 1048576} MiB; only the entries in its first ${JOURNAL_MAX_SIZE / 1048576} MiB were read` });
  for (const lines of journalLines(bytes, file, warn, cut)) yield Buffer.from(lines, 'utf8');
}

import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { constants, createGunzip, type Gunzip } from 'node:zlib';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { IndicatorMatcher } from '../match/matcher.js';
import { LineScanner, type RawHit } from '../match/scanner.js';
import type { HuntHit, MatchKind, UnlistedHits } from '../types.js';
import { CsvRows, oddQuotes, RowWindow } from './csv-rows.js';
import { binaryLogFormat, detectFormat, w3cFields, type LogFormat } from './detect.js';
import { decodedHits } from './encoded.js';
import { fieldAt } from './fields.js';
import { utf16Of } from '../targets/classify.js';
import { fromBinaryLogs, type BinaryLogFormat } from './binary-logs.js';

/** Lines longer than this are cut (scanned in pieces, with a warning): memory stays bounded. */
export const DEFAULT_MAX_LINE = 1 << 20;
/**
 * Hits listed per indicator per file; the rest are counted (LogScanResult.unlisted). A log where an
 * indicator matches millions of times (a listed CDN host in a proxy log) would otherwise hold a hit
 * object per line until the sweep ends: hundreds of bytes each, gigabytes in all.
 */
export const DEFAULT_MAX_HITS = 1000;
const HEAD_BYTES = 65536;
const CONTEXT_MAX = 300;
const GUNZIP_CHUNK = 1 << 18;

export interface LogScanOptions {
  /** Name reported in hits. */
  file: string;
  maxLine?: number;
  /** Hits listed per indicator (default DEFAULT_MAX_HITS; 0: no limit); the rest are only counted. */
  maxHits?: number;
  /** Polled between chunks: stop early (Ctrl-C). */
  stopped?: () => boolean;
  /** Ends the read at once when aborted, even while waiting for input (stdin). */
  signal?: AbortSignal;
  /** Called with the number of bytes just scanned (progress). */
  onBytes?: (n: number) => void;
  /** A format decided elsewhere (parallel ranges of one file share the head's). */
  format?: LogFormat;
  /** Byte offset and line number of the first byte (parallel ranges). */
  startOffset?: number;
  startLine?: number;
}

export interface LogScanResult {
  format: LogFormat | null;
  hits: HuntHit[];
  /** Hits past `maxHits` per indicator, counted. */
  unlisted: UnlistedHits[];
  lines: number;
  bytes: number;
  warnings: Diagnostic[];
}

/**
 * Yields a stream's bytes, gunzipped when they start with the gzip magic (`.gz`, or gzip on stdin),
 * as UTF-8 when they are UTF-16 text, and as JSON lines (one per record) when they are a Windows event
 * log or a systemd journal file (offsets of hits are then offsets in that UTF-8 text). `file` and `warn` report damage found
 * on the way (an event log's unreadable records).
 */
export function decodedChunks(src: AsyncIterable<Buffer>, file = '', warn: (d: Diagnostic) => void = () => {}, onFormat: (f: BinaryLogFormat) => void = () => {}): AsyncGenerator<Buffer> {
  return fromUtf16(fromBinaryLogs(gunzipped(src), file, warn, onFormat));
}

/** Bytes read before telling UTF-16 from other text. */
const UTF16_HEAD = 4096;

/**
 * Pulls whole chunks from `it` until at least `n` bytes are held or the stream ends: the head a
 * stream is judged on (what is past `n` stays with it). `ended`: the stream has no more chunks.
 */
export async function pullHead(it: AsyncIterator<Buffer>, n: number): Promise<{ head: Buffer; ended: boolean }> {
  const parts: Buffer[] = [];
  let got = 0;
  while (got < n) {
    const r = await it.next();
    if (r.done) return { head: parts.length === 1 ? parts[0]! : Buffer.concat(parts), ended: true };
    parts.push(r.value);
    got += r.value.length;
  }
  return { head: parts.length === 1 ? parts[0]! : Buffer.concat(parts), ended: false };
}

/** UTF-16 text (recognised from its first bytes) decoded to UTF-8, chunk by chunk; other bytes as they are. */
async function* fromUtf16(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  // Decided on the first UTF16_HEAD bytes (a pipe may deliver a few bytes at a time).
  const { head: first, ended: done } = await pullHead(it, UTF16_HEAD);
  if (first.length === 0) return;
  const enc = utf16Of(first);
  if (enc === null) {
    yield first;
    if (!done) for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
    return;
  }
  // The decoder keeps a code unit or surrogate cut by a chunk boundary for the next chunk, and drops the BOM.
  const dec = new TextDecoder(enc);
  yield Buffer.from(dec.decode(first, { stream: true }), 'utf8');
  if (!done) for (let n = await it.next(); !n.done; n = await it.next()) yield Buffer.from(dec.decode(n.value, { stream: true }), 'utf8');
  const tail = dec.decode();
  if (tail !== '') yield Buffer.from(tail, 'utf8');
}

async function* gunzipped(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  let head = first.value;
  // The magic is two bytes: a stream that hands over one byte first is asked for more.
  let ended = false;
  while (head.length < 2 && !ended) {
    const n = await it.next();
    if (n.done) ended = true;
    else head = Buffer.concat([head, n.value]);
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield head;
    if (!ended) for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
    return;
  }
  // 256 KiB out per step instead of zlib's 16 KiB: each step is a thread-pool round trip and a push
  // into the line splitter, and a 6 MB log took 400 of them (half the time waiting, on a sweep's tail).
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
  const feed = (async () => {
    let prev = head;
    for (let n = await it.next(); !n.done; n = await it.next()) {
      if (!gunzip.write(prev)) await once(gunzip, 'drain');
      prev = n.value;
    }
    // A damaged trailer (CRC, length: the last 8 bytes) or a cut stream makes zlib fail the last calls,
    // and the output it still holds back is then dropped: the data before is flushed out first, so a
    // broken end costs a warning and no lines.
    const cut = Math.max(0, prev.length - 8);
    if (cut > 0 && !gunzip.write(prev.subarray(0, cut))) await once(gunzip, 'drain');
    await flushed(gunzip);
    if (cut < prev.length && !gunzip.write(prev.subarray(cut))) await once(gunzip, 'drain');
    await flushed(gunzip);
    gunzip.end();
  })();
  feed.catch((e: unknown) => gunzip.destroy(e as Error));
  yield* gunzip as AsyncIterable<Buffer>;
  await feed;
}

/** Resolves once what the decompressor holds is pushed out (or it failed or closed meanwhile). */
function flushed(z: Gunzip): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      z.off('error', done);
      z.off('close', done);
      resolve();
    };
    z.once('error', done);
    z.once('close', done);
    z.flush(constants.Z_SYNC_FLUSH, done);
  });
}

/** Stops iterating a source as soon as `signal` aborts, without waiting for its next chunk. */
async function* untilAborted(src: AsyncIterable<Buffer>, signal?: AbortSignal): AsyncGenerator<Buffer> {
  if (!signal) {
    yield* src;
    return;
  }
  const it = src[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (signal.aborted) return;
      // A fresh abort promise per chunk, dropped with its listener once the race is over: racing every
      // chunk against one long-lived promise left a reaction on it per chunk, each holding that chunk
      // (a log streamed on stdin kept all its bytes: 200 MB in, +200 MB of memory).
      let onAbort = (): void => {};
      const aborted = new Promise<null>((res) => {
        onAbort = () => res(null);
        signal.addEventListener('abort', onAbort, { once: true });
      });
      let r: IteratorResult<Buffer> | null;
      try {
        r = await Promise.race([it.next(), aborted]);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      if (r === null || r.done) return;
      yield r.value;
    }
  } finally {
    void it.return?.();
  }
}

/**
 * Scans a log stream line by line with bounded memory: only the unfinished last line of a chunk is
 * carried over. The format is detected from the first 64 KiB.
 */
export async function scanLog(src: AsyncIterable<Buffer> | Readable, matcher: IndicatorMatcher, opts: LogScanOptions): Promise<LogScanResult> {
  const st = new LogState(matcher, opts);
  const head: Buffer[] = [];
  let headLen = 0;
  try {
    const chunks = decodedChunks(src as AsyncIterable<Buffer>, opts.file, (w) => st.warnings.push(w), (f) => st.useFormat(binaryLogFormat(f)));
    for await (const chunk of untilAborted(chunks, opts.signal)) {
      if (!st.format) {
        head.push(chunk);
        headLen += chunk.length;
        if (headLen < HEAD_BYTES) continue;
        st.begin(Buffer.concat(head));
        head.length = 0;
      } else st.push(chunk);
      if (opts.stopped?.()) break;
    }
    if (!st.format && headLen > 0) st.begin(Buffer.concat(head));
  } catch (e) {
    st.warnings.push({ code: 'read-error', message: `${opts.file}: ${(e as Error).message}` });
  }
  return st.finish();
}

const RAW: RawHit[] = [];
const BINARY_LOGS: ReadonlySet<string> = new Set(['evtx', 'journal', 'utmp', 'regf']);

/** The per-stream state of `scanLog`. */
export class LogState {
  format: LogFormat | null = null;
  readonly hits: HuntHit[] = [];
  readonly warnings: Diagnostic[] = [];
  private scanner: LineScanner | null = null;
  /** A CSV log's rows, followed across lines (a quoted cell may hold line breaks): null for other formats. */
  private rows: CsvRows | null = null;
  /** The CSV block being read: its lines read as rows of their own while `window` holds (see RowWindow), or followed (`follow`). */
  private window: RowWindow | null = null;
  private follow = false;
  /** The next quote of the block, for `csvLine`, and the block itself. */
  private nq = 0;
  private blockBuf: Buffer | null = null;
  private blockStart = 0;
  private blockEnd = 0;
  /** Where the block's rows start (past the header, in the file's first block). */
  private rowsFrom = 0;
  private carry: Buffer | null = null;
  private offset: number;
  private line: number;
  private bytes = 0;
  private continued = false;
  private readonly maxLine: number;
  /** A CSV's header is skipped only by the scan that starts at the file's first byte (not by later ranges). */
  private readonly atFileStart: boolean;
  /** Shared by every LogState of a thread (scans are synchronous): one array map for the compiled scanner. */
  private readonly raw: RawHit[] = RAW;
  /** The decoded command around each hit found inside an encoded PowerShell command of the block being read (encoded.ts). */
  private decoded: Map<RawHit, string> | null = null;
  private readonly maxHits: number;
  /** Hits listed so far per indicator id (only while some limit applies). */
  private readonly listed = new Map<number, number>();
  /** Hits counted past the limit per indicator id, and how they matched. */
  private readonly over = new Map<number, { count: number; matches: Set<MatchKind> }>();

  constructor(private readonly m: IndicatorMatcher, private readonly opts: LogScanOptions) {
    this.offset = opts.startOffset ?? 0;
    this.line = (opts.startLine ?? 1) - 1;
    this.maxLine = opts.maxLine ?? DEFAULT_MAX_LINE;
    this.maxHits = opts.maxHits ?? DEFAULT_MAX_HITS;
    this.atFileStart = (opts.startOffset ?? 0) === 0;
    if (opts.format) this.setFormat(opts.format);
  }

  /** Reads the stream as format `f` unless a format was given or detected already. */
  useFormat(f: LogFormat): void {
    if (this.format === null) this.setFormat(f);
  }

  private setFormat(f: LogFormat): void {
    this.format = { ...f, fields: [...f.fields] };
    this.scanner = new LineScanner(this.m, { json: f.json, delimiter: f.urlDelimiter });
    this.rows = f.name === 'csv' ? new CsvRows(this.format.fields) : null;
  }

  begin(head: Buffer): void {
    if (!this.format) this.setFormat(detectFormat(head));
    this.push(head);
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.opts.onBytes?.(chunk.length);
    let pos = 0;
    if (this.carry) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.carry = Buffer.concat([this.carry, chunk]);
        if (this.carry.length > this.maxLine) this.cutLongLine();
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, nl)]);
      this.carry = null;
      this.lineAt(line, 0, line.length, true);
      pos = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= pos) {
      this.block(chunk, pos, last + 1);
      pos = last + 1;
    }
    if (pos < chunk.length) {
      this.carry = Buffer.from(chunk.subarray(pos));
      if (this.carry.length > this.maxLine) this.cutLongLine();
    }
  }

  /**
   * Scans the head of an over-long line as a piece and keeps the rest: the piece ends just before the
   * last space, control byte or `"` of its final CUT_WINDOW bytes, so no token (a host, URL, hash, path
   * in a JSON string) is split and each is found once, in the piece it starts in. A line with no such
   * byte in the window is cut at the limit.
   */
  private cutLongLine(): void {
    let c = this.carry as Buffer;
    const window = cutWindow(this.maxLine);
    if (!this.continued) {
      this.warnings.push({ code: 'long-line', message: `${this.opts.file}: line ${this.line + 1} is longer than ${this.maxLine} bytes; scanned in pieces cut at spaces or quotes (a match is missed only in a run of over ${window} bytes without one)`, offset: this.offset });
    }
    while (c.length > this.maxLine) {
      const cut = safeCut(c, window);
      this.lineAt(c, 0, cut, false);
      c = c.subarray(cut);
    }
    this.carry = c.length > 0 ? Buffer.from(c) : null;
  }

  /** One line [ls, le) of `b`; `complete` is false for a piece of an over-long line. */
  private lineAt(b: Buffer, ls: number, le: number, complete: boolean): void {
    const startsLine = !this.continued;
    if (startsLine) this.line++;
    this.continued = !complete;
    const start = this.offset;
    this.offset += le - ls + (complete ? 1 : 0);
    let end = le;
    if (end > ls && b[end - 1] === 13) end--;
    const f = this.format as LogFormat;
    if (startsLine && b[ls] === 35 && (f.name === 'zeek-tsv' || f.name === 'w3c')) {
      directive(f, b, ls, end);
      return;
    }
    if (f.name === 'csv' && this.line === 1 && this.atFileStart) return;
    const raw = this.raw;
    raw.length = 0;
    (this.scanner as LineScanner).scanBlock(b, ls, end, raw);
    this.withDecoded(b, ls, end, raw);
    for (const h of raw) this.add(h, b, ls, end, start);
    this.decoded = null;
    const rows = this.rows;
    // A piece of a line always moves the row state (its commas count for the next piece's hits); a
    // whole line only when it leaves a quote open or a row is open.
    if (rows !== null) {
      if (!complete) rows.segment(b, ls, end);
      else {
        const odd = oddQuotes(b, ls, end);
        if (odd || !rows.clean) rows.lineRest(b, ls, end, odd, true);
      }
      rows.settle();
    }
  }

  /** Lists hit `h` (or counts it, past the indicator's limit). */
  private add(h: RawHit, b: Buffer, ls: number, le: number, lineOffset: number): void {
    if (this.maxHits > 0) {
      const n = this.listed.get(h.id) ?? 0;
      if (n >= this.maxHits) {
        let o = this.over.get(h.id);
        if (o === undefined) this.over.set(h.id, (o = { count: 0, matches: new Set() }));
        o.count++;
        o.matches.add(h.kind);
        return;
      }
      this.listed.set(h.id, n + 1);
    }
    // A CSV block read line by line: a listed hit must be on a row's first line, else the block's
    // rows are followed from its start.
    if (this.window !== null && !this.window.reaches(ls)) this.followRows(ls);
    this.hits.push(this.toHit(h, b, ls, le, lineOffset));
  }

  /**
   * Complete lines [start, end) of a chunk (`end` just after a newline): the scanner runs over the
   * whole block at once (its anchors jump across lines), then lines are counted and hits given their
   * line, field and context.
   */
  private block(b: Buffer, start: number, end: number): void {
    const raw = this.raw;
    raw.length = 0;
    (this.scanner as LineScanner).scanBlock(b, start, end, raw);
    this.withDecoded(b, start, end, raw);
    const f = this.format as LogFormat;
    // Zeek and W3C logs: `#` lines are directives (a new `#Fields` where the server restarted), not data.
    const zeek = f.name === 'zeek-tsv' || f.name === 'w3c';
    // CSV: read as any log's lines (each a row of its own) so long as no row spanning lines can reach
    // a listed hit or the block's end (the usual case, see RowWindow), else every line is followed.
    const rows = this.rows;
    if (rows !== null) this.beginBlock(rows, b, start, end);
    const base = this.offset;
    let h = 0;
    for (let ls = start; ls < end; ) {
      let nl = b.indexOf(10, ls);
      if (nl === -1 || nl >= end) nl = end;
      // The first line may end a line whose start was cut off as over-long: same line number.
      if (this.continued) this.continued = false;
      else this.line++;
      if (zeek && b[ls] === 35) {
        directive(f, b, ls, nl > ls && b[nl - 1] === 13 ? nl - 1 : nl);
        while (h < raw.length && (raw[h] as RawHit).offset < nl) h++;
      } else if (h < raw.length && (raw[h] as RawHit).offset < nl) {
        const le = nl > ls && b[nl - 1] === 13 ? nl - 1 : nl;
        const skip = f.name === 'csv' && this.line === 1 && this.atFileStart;
        for (; h < raw.length && (raw[h] as RawHit).offset < nl; h++) {
          if (!skip) this.add(raw[h] as RawHit, b, ls, le, base + (ls - start));
        }
      }
      if (this.follow && (this.nq < nl || !(rows as CsvRows).clean)) this.csvLine(rows as CsvRows, b, ls, nl);
      ls = nl + 1;
    }
    if (rows !== null) this.endBlock(rows);
    this.offset = base + (end - start);
    this.decoded = null;
  }

  /**
   * Starts CSV block b[start, end): a row open at its start (or the rest of an over-long line) makes
   * its rows followed from the start; else they are followed only once a RowWindow question fails.
   */
  private beginBlock(rows: CsvRows, b: Buffer, start: number, end: number): void {
    this.blockBuf = b;
    this.blockStart = start;
    this.blockEnd = end;
    // The header (only the scan from the file's first byte meets it) is no row.
    const header = this.atFileStart && (this.line === 0 || (this.line === 1 && this.continued));
    this.rowsFrom = header ? b.indexOf(10, start) + 1 : start;
    this.follow = !rows.clean;
    this.window = this.follow ? null : RowWindow.of(b, start, end);
    this.nq = this.follow ? nextQuote(b, start, end) : end;
  }

  /** Ends the CSV block: if it may end inside a row, its rows are followed to know; then forgets it. */
  private endBlock(rows: CsvRows): void {
    if (this.window !== null && !this.window.ends()) this.followRows(this.blockEnd);
    this.window = null;
    this.follow = false;
    this.blockBuf = null;
    // The chunk's bytes are reused after this block.
    rows.settle();
  }

  /**
   * The block's lines were read as rows of their own up to line start `upTo`, where that may no longer
   * hold: follows its rows from its start (a row start) to `upTo` (hits there are listed already), and
   * every line after.
   */
  private followRows(upTo: number): void {
    const rows = this.rows as CsvRows;
    const b = this.blockBuf as Buffer;
    const end = this.blockEnd;
    this.window = null;
    this.follow = true;
    this.nq = nextQuote(b, this.blockStart, end);
    for (let ls = this.blockStart; ls < upTo; ) {
      let nl = b.indexOf(10, ls);
      if (nl === -1 || nl >= end) nl = end;
      if (this.nq < nl || !rows.clean) this.csvLine(rows, b, ls, nl);
      ls = nl + 1;
    }
  }

  /**
   * Line [ls, nl) of a CSV block, which holds a quote from `nq` on or is read while a row is open:
   * moves the row state over it, and `nq` to the first quote after it.
   */
  private csvLine(rows: CsvRows, b: Buffer, ls: number, nl: number): void {
    const nq = this.nq;
    const quotes = nq < nl;
    if (quotes) this.nq = nextQuote(b, nl, this.blockEnd);
    if (ls < this.rowsFrom) return;
    const odd = quotes && oddQuotes(b, nq, nl);
    if (odd || !rows.clean) rows.lineRest(b, ls, nl, odd, quotes);
  }

  /** Adds the hits inside the encoded PowerShell commands of b[start, end) to `raw` (kept in offset order). */
  private withDecoded(b: Buffer, start: number, end: number, raw: RawHit[]): void {
    const d = decodedHits(b, start, end, this.scanner as LineScanner);
    if (d === null) return;
    for (const h of d.hits) raw.push(h);
    raw.sort((x, y) => x.offset - y.offset);
    this.decoded = d.context;
  }

  private toHit(h: RawHit, b: Buffer, ls: number, le: number, lineOffset: number): HuntHit {
    const ind = this.m.indicators[h.id];
    if (!ind) throw new Error(`indicator id ${h.id} out of range`);
    const rows = this.rows;
    // Inside a CSV row that spans lines (or past the first piece of an over-long line), the column is
    // counted from the row's start, which the row state holds; else from the line's start.
    const inRow = rows !== null && !rows.clean;
    const hit: HuntHit = {
      indicator: ind.value,
      type: ind.type,
      file: this.opts.file,
      line: this.line,
      field: inRow ? null : fieldAt(this.format as LogFormat, b, ls, le, h.offset),
      // A binary log's lines are made here, no byte of the file to point at: the offset is the match's
      // in its record's line (the same whether the file was read whole or in ranges).
      offset: BINARY_LOGS.has((this.format as LogFormat).name) ? h.offset - ls : lineOffset + (h.offset - ls),
      context: this.decoded?.get(h) ?? context(b, ls, le, h.offset),
      source: ind.source,
      source_title: ind.source_title,
      match: h.kind,
    };
    if (inRow) rows.name(b, ls, h.offset, hit);
    return hit;
  }

  finish(): LogScanResult {
    if (this.carry && this.carry.length > 0) {
      const c = this.carry;
      this.carry = null;
      this.lineAt(c, 0, c.length, true);
      this.offset--;
    }
    this.rows?.end();
    const unlisted: UnlistedHits[] = [];
    for (const [id, o] of this.over) {
      const ind = this.m.indicators[id]!;
      unlisted.push({ indicator: ind.value, type: ind.type, source: ind.source, count: o.count, matches: [...o.matches].sort() });
    }
    return { format: this.format, hits: this.hits, unlisted, lines: this.line, bytes: this.bytes, warnings: this.warnings };
  }
}

/** The first quote of b[from, end), or `end`. */
function nextQuote(b: Buffer, from: number, end: number): number {
  const i = b.indexOf(34, from);
  return i === -1 || i >= end ? end : i;
}

/** Bytes searched back from the limit for a place to cut an over-long line (at most a quarter of the limit). */
function cutWindow(maxLine: number): number {
  return Math.max(1, Math.min(1 << 16, maxLine >> 2));
}

/** Where to end a piece of the over-long line `c`: at its last space, control byte or `"` within `window` bytes of the end, else at the end. */
function safeCut(c: Buffer, window: number): number {
  for (let i = c.length - 1, lo = Math.max(1, c.length - window); i >= lo; i--) {
    const x = c[i]!;
    if (x <= 32 || x === 34) return i;
  }
  return c.length;
}

function context(b: Buffer, ls: number, le: number, at: number): string {
  if (le - ls <= CONTEXT_MAX) return b.toString('utf8', ls, le);
  const s = Math.max(ls, at - 120);
  const e = Math.min(le, s + CONTEXT_MAX);
  return `${s > ls ? '…' : ''}${b.toString('utf8', s, e)}${e < le ? '…' : ''}`;
}

/** A Zeek or W3C directive line b[ls, le): `#fields` (tab-separated) or `#Fields:` (space-separated) renames the columns. */
function directive(f: LogFormat, b: Buffer, ls: number, le: number): void {
  if (f.name === 'zeek-tsv' && b.toString('latin1', ls, Math.min(le, ls + 8)) === '#fields\t') f.fields = b.toString('utf8', ls, le).split('\t').slice(1);
  else if (f.name === 'w3c' && b.toString('latin1', ls, Math.min(le, ls + 9)) === '#Fields: ') f.fields = w3cFields(b.toString('utf8', ls, le));
}

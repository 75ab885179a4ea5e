import { open, type FileHandle } from 'node:fs/promises';
import { MAX_ROW_LINES } from '../logs/csv-rows.js';
import type { IndicatorMatcher } from '../match/matcher.js';
import type { LogFormat } from '../logs/detect.js';
import { LogState } from '../logs/reader.js';
import { scanFile, type FileResult, type FileScanOptions } from './file.js';
import { readChunks } from './read.js';
import { CHUNK, chunkLines, EvtxProblems, FILE_HEADER } from '../logs/evtx/reader.js';

/**
 * A unit of work for a worker (or the main thread): a whole file; the hash/name/YARA part of a big
 * file; or one line-aligned byte range of a big uncompressed log (its lines are numbered from 1 and
 * renumbered when the ranges are merged).
 */
export type HuntTask =
  /** `weight`: bytes to scan when it differs from `size` (a gzip file's uncompressed size). */
  | { id: number; kind: 'file'; path: string; size: number; weight?: number; stream?: true }
  | { id: number; kind: 'whole'; path: string; size: number }
  | { id: number; kind: 'range'; path: string; start: number; end: number; format: LogFormat };

/** Runs one task. Never throws for unreadable input: problems come back as warnings. */
export async function runTask(t: HuntTask, m: IndicatorMatcher, opts: FileScanOptions): Promise<FileResult> {
  if (t.kind === 'file') return scanFile(t.path, t.size, m, opts, t.stream === true);
  if (t.kind === 'whole') return scanFile(t.path, t.size, m, { ...opts, scanText: false });
  const st = new LogState(m, { file: t.path, format: t.format, startOffset: t.start, startLine: 1, ...(opts.maxLine !== undefined ? { maxLine: opts.maxLine } : {}), ...(opts.maxHits !== undefined ? { maxHits: opts.maxHits } : {}), ...(opts.onBytes && t.format.name !== 'evtx' ? { onBytes: opts.onBytes } : {}) });
  const res: FileResult = { file: t.path, class: 'text', format: t.format.name, size: t.end - t.start, lines: 0, hits: [], unlisted: [], warnings: [] };
  try {
    if (t.format.name === 'evtx') await evtxRange(t, st, opts);
    else {
      for await (const c of readChunks(t.path, t.start, t.end)) {
        st.push(c as Buffer);
        if (opts.stopped?.()) break;
      }
    }
  } catch (e) {
    res.warnings.push({ code: 'read-error', message: `${t.path}: ${(e as Error).message}` });
  }
  const r = st.finish();
  res.hits = r.hits;
  res.unlisted = r.unlisted;
  res.lines = r.lines;
  for (const w of r.warnings) res.warnings.push(w);
  return res;
}

/** A range of whole event log chunks, read chunk by chunk into the log reader as their records' lines. */
async function evtxRange(t: Extract<HuntTask, { kind: 'range' }>, st: LogState, opts: FileScanOptions): Promise<void> {
  const problems = new EvtxProblems();
  let index = (t.start - FILE_HEADER) / CHUNK;
  let held = Buffer.alloc(0);
  for await (const c of readChunks(t.path, t.start, t.end)) {
    // Progress counts the file's bytes, not the lines made of them.
    opts.onBytes?.(c.length);
    // Copied: readChunks reuses its buffers.
    held = held.length > 0 ? Buffer.concat([held, c as Buffer]) : Buffer.from(c as Buffer);
    let at = 0;
    for (; held.length - at >= CHUNK; at += CHUNK) {
      const lines = chunkLines(held.subarray(at, at + CHUNK), index++, problems);
      if (lines !== '') st.push(Buffer.from(lines, 'utf8'));
    }
    held = held.subarray(at);
    if (opts.stopped?.()) break;
  }
  if (held.length > 0) {
    const lines = chunkLines(held, index, problems);
    if (lines !== '') st.push(Buffer.from(lines, 'utf8'));
  }
  const w = problems.warning(t.path);
  if (w !== null) st.warnings.push(w);
}

/**
 * The uncompressed size a gzip file states in its last four bytes (ISIZE, RFC 1952 §2.3.1, modulo
 * 2^32: a lower bound for huge files), or null when the file does not start like gzip. Used to order
 * tasks only (a .gz log scans like a file several times its size).
 */
export async function gzipSize(path: string): Promise<number | null> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(4);
    const { size } = await fh.stat();
    if (size < 18) return null;
    await fh.read(b, 0, 2, 0);
    if (b[0] !== 0x1f || b[1] !== 0x8b) return null;
    await fh.read(b, 0, 4, size - 4);
    return b.readUInt32LE(0);
  } finally {
    await fh.close();
  }
}

/**
 * Splits [0, size) into about `parts` ranges that each start at a line start. `csv`: each also starts a
 * row (a quoted cell of a CSV log may hold line breaks: a cut inside it would read the rest of the row
 * as rows of its own), see `rowStart`; a cut with no row start near it is left out (its neighbours'
 * ranges join).
 */
export async function lineAlignedCuts(path: string, size: number, parts: number, csv = false): Promise<number[]> {
  const cuts = [0];
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    // Bytes the CSV cut search may still read on: a file whose rows span lines everywhere has no
    // place to cut, and the search for one must not read a good part of it.
    let budget = ROW_SEARCH_BUDGET;
    for (let k = 1; k < parts; k++) {
      let pos = Math.max(Math.floor((size * k) / parts), cuts[cuts.length - 1] as number);
      let found = -1;
      // CSV: the read also takes in the lines before the cut, which decide whether a row may span it.
      let back = csv ? Math.min(pos, ROW_WINDOW) : 0;
      let known: number | null = null;
      while (found === -1 && pos < size) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos - back);
        if (bytesRead <= back) break;
        const nl = buf.subarray(back, bytesRead).indexOf(10);
        if (nl !== -1) {
          found = pos + nl + 1;
          if (csv) known = evenBack(buf, pos - back, found);
        } else pos += bytesRead - back;
        back = 0;
      }
      if (found === -1 || found >= size) break;
      if (csv && known !== -1) {
        const limit = Math.min(size, found + budget, Math.max(found + (1 << 16), Math.floor((size * (k + 1)) / parts)));
        const at = found;
        found = await rowStart(fh, at, limit, buf, known);
        budget -= Math.max(0, (found === -1 ? limit : found) - at);
        if (found === -1) continue;
        if (found >= size) break;
      }
      if (found > (cuts[cuts.length - 1] as number)) cuts.push(found);
    }
  } finally {
    await fh.close();
  }
  cuts.push(size);
  return cuts;
}

/** Bytes read back from a cut, at most, to find that no CSV row spans it. */
const ROW_LOOKBACK = 1 << 20;
/** Bytes before a cut read with the bytes after it (enough for 63 lines of up to 256 bytes). */
const ROW_WINDOW = 1 << 14;
/** Bytes read on from the cuts of one file, in all, for line starts that no CSV row spans. */
const ROW_SEARCH_BUDGET = 1 << 20;

/**
 * The first line start at or after line start `at` (and before `limit`, else -1) where a CSV log
 * certainly starts a row, whatever came before: the MAX_ROW_LINES - 1 lines before it each hold an even
 * count of quotes (or every line from the file start does). A row spans at most MAX_ROW_LINES lines,
 * so a row that runs across the line start would have begun on one of those lines with an odd count;
 * and a row begun earlier has ended (closed, or given up as a stray quote's) by then. So the scan of a
 * range that starts there, fresh, reads the same rows as the scan of the whole file.
 *
 * A CSV without line breaks in its cells (the usual log) passes at `at` itself, after a read of its
 * last 63 lines; one whose rows span lines everywhere (an event log with a multi-line message per row)
 * may have no such place within `limit`: its file is then cut less, or not at all. `known`: what
 * `evenLinesBefore` gives for `at`, when the caller has it.
 */
async function rowStart(fh: FileHandle, at: number, limit: number, buf: Buffer, known: number | null): Promise<number> {
  const back = known ?? (await evenLinesBefore(fh, at, buf));
  if (back === -1) return at;
  // An odd line ends at `back` (or the lines before could not all be read): look further on for a
  // place with enough even lines before it.
  let run = 0;
  // The read starts inside a line too long for the buffer: that line is not known to be even.
  let inLine = false;
  for (let pos = back; pos < limit; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, limit - pos), pos);
    if (bytesRead === 0) break;
    // One loop over the bytes read (a call a line ran cold: 250 ms for 4 MiB of short lines).
    let ls = 0;
    let odd = false;
    for (let i = 0; i < bytesRead; i++) {
      const c = buf[i];
      if (c === 0x22) odd = !odd;
      else if (c === 10) {
        run = inLine || odd ? 0 : run + 1;
        inLine = false;
        odd = false;
        ls = i + 1;
        if (pos + ls > at && run >= MAX_ROW_LINES - 1) return pos + ls;
      }
    }
    if (ls === 0) {
      inLine = true;
      ls = bytesRead;
    }
    pos += ls;
  }
  return -1;
}

/**
 * Reads back from line start `at` over the MAX_ROW_LINES - 1 lines before it: -1 when each holds an
 * even count of quotes (or all lines back to the file start do), else the line start after the last
 * line with an odd count (where a search on may begin), or `at` when ROW_LOOKBACK bytes held too few
 * lines. The window read grows from 4 KiB only for long lines.
 */
async function evenLinesBefore(fh: FileHandle, at: number, buf: Buffer): Promise<number> {
  for (let want = 1 << 12; ; want *= 4) {
    const from = Math.max(0, at - want);
    const n = at - from;
    const w = n <= buf.length ? buf : Buffer.allocUnsafe(n);
    const { bytesRead } = await fh.read(w, 0, n, from);
    if (bytesRead < n) return at;
    const r = evenBack(w, from, at);
    if (r !== null) return r;
    if (n >= ROW_LOOKBACK) return at;
  }
}

/**
 * `evenLinesBefore` within window `w`, which holds the file's bytes from `from` up to at least line
 * start `at`: null when the window holds too few of the lines.
 */
function evenBack(w: Buffer, from: number, at: number): number | null {
  // One loop back over the bytes (a few KB: run once a cut, it is compiled at once, where a call a
  // line ran cold).
  let lines = 0;
  let odd = false;
  // The line break that ends the line being read (the first ends just before `at`).
  let e = at - from - 1;
  for (let i = e - 1; i >= 0; i--) {
    const c = w[i];
    if (c === 0x22) odd = !odd;
    else if (c === 10) {
      if (odd) return from + e + 1;
      if (++lines >= MAX_ROW_LINES - 1) return -1;
      e = i;
    }
  }
  // The window's first line is whole only at the file start.
  if (from > 0) return null;
  return odd ? from + e + 1 : -1;
}

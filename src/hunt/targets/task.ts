import { open } from 'node:fs/promises';
import type { IndicatorMatcher } from '../match/matcher.js';
import type { LogFormat } from '../logs/detect.js';
import { LogState } from '../logs/reader.js';
import { scanFile, type FileResult, type FileScanOptions } from './file.js';
import { readChunks } from './read.js';

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
  const st = new LogState(m, { file: t.path, format: t.format, startOffset: t.start, startLine: 1, ...(opts.maxLine !== undefined ? { maxLine: opts.maxLine } : {}), ...(opts.maxHits !== undefined ? { maxHits: opts.maxHits } : {}), ...(opts.onBytes ? { onBytes: opts.onBytes } : {}) });
  const res: FileResult = { file: t.path, class: 'text', format: t.format.name, size: t.end - t.start, lines: 0, hits: [], unlisted: [], warnings: [] };
  try {
    for await (const c of readChunks(t.path, t.start, t.end)) {
      st.push(c as Buffer);
      if (opts.stopped?.()) break;
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

/** Splits [0, size) into about `parts` ranges that each start at a line start. */
export async function lineAlignedCuts(path: string, size: number, parts: number): Promise<number[]> {
  const cuts = [0];
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    for (let k = 1; k < parts; k++) {
      let pos = Math.max(Math.floor((size * k) / parts), cuts[cuts.length - 1] as number);
      let found = -1;
      while (found === -1 && pos < size) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        const nl = buf.subarray(0, bytesRead).indexOf(10);
        if (nl !== -1) found = pos + nl + 1;
        else pos += bytesRead;
      }
      if (found === -1 || found >= size) break;
      if (found > (cuts[cuts.length - 1] as number)) cuts.push(found);
    }
  } finally {
    await fh.close();
  }
  cuts.push(size);
  return cuts;
}

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { IndicatorMatcher } from '../match/matcher.js';
import type { LogFormat } from '../logs/detect.js';
import { LogState } from '../logs/reader.js';
import { scanFile, type FileResult, type FileScanOptions } from './file.js';

/**
 * A unit of work for a worker (or the main thread): a whole file; the hash/name/YARA part of a big
 * file; or one line-aligned byte range of a big uncompressed log (its lines are numbered from 1 and
 * renumbered when the ranges are merged).
 */
export type HuntTask =
  | { id: number; kind: 'file'; path: string; size: number }
  | { id: number; kind: 'whole'; path: string; size: number }
  | { id: number; kind: 'range'; path: string; start: number; end: number; format: LogFormat };

/** Runs one task. Never throws for unreadable input: problems come back as warnings. */
export async function runTask(t: HuntTask, m: IndicatorMatcher, opts: FileScanOptions): Promise<FileResult> {
  if (t.kind === 'file') return scanFile(t.path, t.size, m, opts);
  if (t.kind === 'whole') return scanFile(t.path, t.size, m, { ...opts, scanText: false });
  const st = new LogState(m, { file: t.path, format: t.format, startOffset: t.start, startLine: 1, ...(opts.maxLine !== undefined ? { maxLine: opts.maxLine } : {}), ...(opts.onBytes ? { onBytes: opts.onBytes } : {}) });
  const res: FileResult = { file: t.path, class: 'text', format: t.format.name, size: t.end - t.start, lines: 0, hits: [], warnings: [] };
  try {
    for await (const c of createReadStream(t.path, { start: t.start, end: t.end - 1, highWaterMark: 1 << 20 })) {
      st.push(c as Buffer);
      if (opts.stopped?.()) break;
    }
  } catch (e) {
    res.warnings.push({ code: 'read-error', message: `${t.path}: ${(e as Error).message}` });
  }
  const r = st.finish();
  res.hits = r.hits;
  res.lines = r.lines;
  res.warnings.push(...r.warnings);
  return res;
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

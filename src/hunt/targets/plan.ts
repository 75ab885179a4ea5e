import { detectFormat } from '../logs/detect.js';
import { classifyHead } from './classify.js';
import { readHead } from './file.js';
import { gzipSize, lineAlignedCuts, type HuntTask } from './task.js';

const MiB = 1024 * 1024;
/** Files at least this big are always cut into ranges (when no `splitSize` is given). */
export const DEFAULT_SPLIT = 64 * MiB;

/**
 * The range size of a sweep without an explicit `splitSize`: about 1/24 of a thread's share of the
 * bytes, between 1 MiB and 64 MiB. Threads take the biggest task left, so the last tasks are these
 * ranges, and the threads end within about one range's scan of each other (whole files of 5–16 MB at
 * the end left one thread idle for 40–80 ms of a one-second sweep).
 */
export function autoPiece(totalBytes: number, threads: number): number {
  return Math.min(DEFAULT_SPLIT, Math.max(MiB, Math.round(totalBytes / (threads * 24))));
}

/**
 * One task per file; an uncompressed text file big enough becomes a `whole` task (name, hashes, YARA)
 * plus line-aligned `range` tasks. `splitSize` given: files of at least that size are cut into at
 * least `threads * 2` ranges of at most that size. Not given: files of at least two `autoPiece`s are
 * cut into ranges of about one, except Zeek TSV logs under 64 MiB (a `#fields` line further down
 * would not reach the ranges after it).
 */
export async function planTasks(entries: readonly { path: string; size: number }[], threads: number, splitSize?: number): Promise<HuntTask[]> {
  const tasks: HuntTask[] = [];
  const piece = splitSize ?? autoPiece(entries.reduce((a, e) => a + e.size, 0), threads);
  const minSize = splitSize ?? Math.min(DEFAULT_SPLIT, 2 * piece);
  let id = 0;
  for (const e of entries) {
    if (threads > 1 && e.path !== '-' && e.size >= minSize) {
      const head = await readHead(e.path);
      const format = head[0] !== 0x1f && classifyHead(head) === 'text' ? detectFormat(head) : null;
      if (format && (format.name !== 'zeek-tsv' || splitSize !== undefined || e.size >= DEFAULT_SPLIT)) {
        const cuts = await lineAlignedCuts(e.path, e.size, Math.max(threads * 2, Math.ceil(e.size / piece)));
        tasks.push({ id: id++, kind: 'whole', path: e.path, size: e.size });
        for (let k = 0; k + 1 < cuts.length; k++) tasks.push({ id: id++, kind: 'range', path: e.path, start: cuts[k] as number, end: cuts[k + 1] as number, format });
        continue;
      }
    }
    const gz = threads > 1 && /\.gz$/i.test(e.path) ? await gzipSize(e.path).catch(() => null) : null;
    tasks.push({ id: id++, kind: 'file', path: e.path, size: e.size, ...(gz !== null && gz > e.size ? { weight: gz } : {}) });
  }
  return tasks;
}

/** The bytes a task scans, for biggest-first ordering. */
export function taskBytes(t: HuntTask): number {
  // A `whole` task only hashes and runs YARA over its file: weighed at a quarter of a scan.
  return t.kind === 'range' ? t.end - t.start : t.kind === 'whole' ? t.size / 4 : t.weight ?? t.size;
}

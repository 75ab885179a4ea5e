import { detectFormat } from '../logs/detect.js';
import { binaryLogOf, classifyHead, utf16Of } from './classify.js';
import { binaryLogFormat } from '../logs/detect.js';
import { CHUNK as EVTX_CHUNK, FILE_HEADER as EVTX_HEADER, isEvtx } from '../logs/evtx/reader.js';
import { readHead } from './file.js';
import { gzipSize, lineAlignedCuts, type HuntTask } from './task.js';
import type { WalkEntry } from './walk.js';

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
 * would not reach the ranges after it). A CSV log is cut only where no row can span the cut (its
 * quoted cells may hold line breaks), so its ranges may be fewer and longer.
 */
export async function planTasks(entries: readonly WalkEntry[], threads: number, splitSize?: number): Promise<HuntTask[]> {
  const piece = splitSize ?? autoPiece(entries.reduce((a, e) => a + e.size, 0), threads);
  const minSize = splitSize ?? Math.min(DEFAULT_SPLIT, 2 * piece);
  // Up to 16 files are looked at at once: one after the other, their head and cut-point reads (a few
  // thread-pool round trips each) held the calling thread's first scan back by 50-100 ms; all at once,
  // a directory of thousands of .gz files would run out of file descriptors.
  const planned = await mapLimited(entries, 16, (e) => planOne(e, threads, piece, minSize, splitSize !== undefined));
  const tasks: HuntTask[] = [];
  for (const list of planned) for (const t of list) tasks.push({ ...t, id: tasks.length } as HuntTask);
  return tasks;
}

/** `fn` over `items` with at most `limit` calls pending; results in item order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

type Unnumbered = HuntTask extends infer T ? (T extends HuntTask ? Omit<T, 'id'> : never) : never;

async function planOne(e: WalkEntry, threads: number, piece: number, minSize: number, explicit: boolean): Promise<Unnumbered[]> {
  // A stream is read once, start to end, by the thread that owns the sweep.
  if (e.stream) return [{ kind: 'file', path: e.path, size: 0, stream: true }];
  if (threads > 1 && e.size >= minSize) {
    const head = await readHead(e.path);
    // An event log is cut at chunk boundaries: each range is whole 64 KiB chunks of records.
    if (isEvtx(head)) return evtxRanges(e, Math.max(threads * 2, Math.ceil(e.size / piece)));
    // UTF-16 logs, event logs and journals are read whole (a range cut at a byte offset could split a
    // character or a record).
    const format = head[0] !== 0x1f && utf16Of(head) === null && binaryLogOf(head) === null && classifyHead(head) === 'text' ? detectFormat(head) : null;
    if (format && ((format.name !== 'zeek-tsv' && format.name !== 'w3c') || explicit || e.size >= DEFAULT_SPLIT)) {
      // A CSV log is cut only where a row certainly starts (a quoted cell may hold line breaks).
      const cuts = await lineAlignedCuts(e.path, e.size, Math.max(threads * 2, Math.ceil(e.size / piece)), format.name === 'csv');
      const out: Unnumbered[] = [{ kind: 'whole', path: e.path, size: e.size }];
      for (let k = 0; k + 1 < cuts.length; k++) out.push({ kind: 'range', path: e.path, start: cuts[k] as number, end: cuts[k + 1] as number, format });
      return out;
    }
  }
  const gz = threads > 1 && /\.gz$/i.test(e.path) ? await gzipSize(e.path).catch(() => null) : null;
  return [{ kind: 'file', path: e.path, size: e.size, ...(gz !== null && gz > e.size ? { weight: gz } : {}) }];
}

/** A `whole` task and `count` ranges of whole chunks (the last one to the end of the file) for an event log. */
function evtxRanges(e: WalkEntry, count: number): Unnumbered[] {
  const chunks = Math.ceil((e.size - EVTX_HEADER) / EVTX_CHUNK);
  const per = Math.max(1, Math.ceil(chunks / count));
  const out: Unnumbered[] = [{ kind: 'whole', path: e.path, size: e.size }];
  for (let k = 0; k < chunks; k += per) {
    out.push({ kind: 'range', path: e.path, start: EVTX_HEADER + k * EVTX_CHUNK, end: Math.min(e.size, EVTX_HEADER + (k + per) * EVTX_CHUNK), format: binaryLogFormat('evtx') });
  }
  return out;
}

/** The bytes a task scans, for biggest-first ordering. */
export function taskBytes(t: HuntTask): number {
  // A `whole` task only hashes and runs YARA over its file: weighed at a quarter of a scan.
  return t.kind === 'range' ? t.end - t.start : t.kind === 'whole' ? t.size / 4 : t.weight ?? t.size;
}

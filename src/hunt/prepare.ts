import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { PillboxError } from '../errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { HuntOptions } from './index.js';
import { walkTargets } from './targets/walk.js';
import { prestartWorkers } from './workers/pool.js';

/** What a sweep knows before it loads any intel: its files, its threads, and workers already starting. */
export interface HuntPlan {
  entries: { path: string; size: number }[];
  walkWarnings: Diagnostic[];
  threads: number;
  /** True when everything runs on the calling thread (small sweeps, one thread). */
  inProcess: boolean;
  /** Workers started early (their start-up overlaps the intel loading); `huntPrepared` ends them. */
  started: Worker[];
}

/** Small sweeps stay on the calling thread: starting workers costs more than it saves below this. */
const MIN_POOL_BYTES = 16 * 1024 * 1024;
/** …or this many files: each costs a read and a format check however small it is (50,000 one-line logs: 6.9 s on one thread, 5.0 on two). */
const MIN_POOL_FILES = 2000;
const DEFAULT_SPLIT = 64 * 1024 * 1024;

/**
 * Walks the targets and starts the worker threads a sweep will use. A light module (no intel loaders,
 * no scanner), so that the CLI can start the workers before it imports the rest of hunt.
 */
export async function prepareHunt(opts: HuntOptions): Promise<HuntPlan> {
  const walkWarnings: Diagnostic[] = [];
  const walkOpts = { ...(opts.followSymlinks ? { followSymlinks: true } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}), ...(opts.maxSize !== undefined ? { maxSize: opts.maxSize } : {}) };
  const entries = await walkTargets(opts.targets, walkOpts, walkWarnings).catch((e: unknown) => {
    throw new PillboxError('E_INPUT_UNREADABLE', (e as Error).message, { cause: e });
  });
  const threads = opts.threads && opts.threads > 0 ? opts.threads : availableParallelism();
  const bytesTotal = entries.reduce((a, e) => a + e.size, 0);
  const splitSize = opts.splitSize ?? DEFAULT_SPLIT;
  const one = entries.length === 1 && (entries[0]?.stream === true || (entries[0]?.size ?? 0) < splitSize);
  const inProcess = threads <= 1 || entries.length === 0 || one || (opts.threads === undefined && bytesTotal < MIN_POOL_BYTES && entries.length < MIN_POOL_FILES);
  // The first worker reads the warninglists while the intel loads, when there may be feeds to check
  // (reports are checked by the extract engine itself).
  const warmBenign = Array.isArray(opts.intel) && opts.includeBenign !== true && (opts.intel as readonly string[]).some((s) => !/^(report:|https?:\/\/)/i.test(s) && s !== '-');
  // A guess from the names (the kind is decided by content later): a wrong one costs a few ms.
  const warmYara = Array.isArray(opts.intel) && (opts.intel as readonly string[]).some((s) => /^yara:|\.(yara?|rules?)$/i.test(s));
  const started = inProcess ? [] : prestartWorkers(threads - 1, warmBenign, warmYara);
  return { entries, walkWarnings, threads, inProcess, started };
}

/**
 * Worker pool for many files: one worker per thread, one file per task, largest files first (a big
 * file handed out last would leave the other threads idle while it runs). Workers read their files
 * themselves: no file bytes cross threads, only the result records. A worker that overruns the
 * per-file time limit is terminated and replaced; its file gets a record with a `timeout` warning
 * (hashes streamed on the main thread, nothing parsed), so one hostile file never stalls a batch.
 */
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { RuleError } from '../../errors.js';
import type { TriageResult } from '../../model/triage-result.js';
import { RECORD_SCHEMA_VERSION } from '../pipeline/schema-version.js';
import { createFileHasher } from '../hash/index.js';
import { withThreadCompilation } from '../../util/jit.js';
import type { StreamRead } from '../pipeline/file.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './protocol.js';

export interface PoolOptions {
  threads: number;
  /** Milliseconds per file before its worker is terminated (default 60,000). */
  timeoutPerFile?: number;
  /** After each file: its record, or undefined when it could not be read. */
  onResult?: (r: TriageResult | undefined, done: number, total: number) => void;
  /** File sizes in bytes, parallel to `paths`: files are handed out largest first when given. */
  sizes?: readonly number[];
  /** Standard input, already read: what the path `-` stands for. */
  stdin?: StreamRead;
}

export interface PoolOutcome {
  /** Records in the order of `paths` (files that could not be read are left out). */
  results: TriageResult[];
  /** Files that could not be read: path and one-line reason. */
  errors: { path: string; message: string }[];
}

/** Heap cap per worker: a file that makes a parser allocate without bound kills its worker only. */
const LIMITS = { maxOldGenerationSizeMb: 1024 };

/** Starts a worker; from TypeScript sources (tests, tsx) it registers tsx first, as hunt's pool does. */
function startWorker(init: WorkerInit): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const url = new URL('./worker.ts', here).href;
    return new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(url)}); })`, { eval: true, workerData: init, resourceLimits: LIMITS });
  }
  return new Worker(new URL('./worker.js', here), { workerData: init, resourceLimits: LIMITS, execArgv: withoutTsx(process.execArgv) });
}

/**
 * A started worker once it has built its rule sets. When the workers fill every core, each one
 * optimises its code on its own thread (see jit.ts); with a core to spare, V8's background
 * compilation can use it and is kept.
 */
const spawn = (init: WorkerInit, threadJit: boolean): Promise<Worker> =>
  threadJit ? withThreadCompilation(() => ready(startWorker(init))) : ready(startWorker(init));

/** Flags that load a module before the program: `--import X`, `--import=X`, and the like. */
const PRELOAD = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r']);

/**
 * The parent's Node flags minus a preloaded tsx: built workers are plain JavaScript, and a worker
 * that inherits `--import tsx` (the benches and tests run under tsx) routes every module load
 * through tsx's hooks, which costs each worker a few hundred milliseconds of start-up.
 */
export function withoutTsx(execArgv: readonly string[]): string[] {
  const isTsx = (v: string | undefined): boolean => v !== undefined && /(^|[\\/])tsx([\\/]|$)/.test(v);
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    const eq = a.indexOf('=');
    if (PRELOAD.has(a) && isTsx(execArgv[i + 1])) i++;
    else if (!(eq > 0 && PRELOAD.has(a.slice(0, eq)) && isTsx(a.slice(eq + 1)))) out.push(a);
  }
  return out;
}

/**
 * Tasks each worker holds at once: the one it runs and the next, so that it starts the next file as
 * soon as it posts a result instead of waiting for the main thread to receive the result and answer
 * (that round trip, with the main thread busy cloning results, left each worker ~6% idle over the
 * bench's 1,415 files).
 */
const TASKS_PER_WORKER = 2;

/**
 * Triages `paths` on `threads` workers.
 * @throws RuleError when the workers cannot compile the rules (the caller validates first).
 */
export async function runTriagePool(paths: readonly string[], init: WorkerInit, opts: PoolOptions): Promise<PoolOutcome> {
  const slots: (TriageResult | undefined)[] = new Array(paths.length);
  const errors: { path: string; message: string }[] = [];
  const timeout = opts.timeoutPerFile ?? 60_000;
  const n = Math.max(1, Math.min(opts.threads, paths.length));
  const threadJit = n >= availableParallelism();
  const order = handOutOrder(paths.length, opts.sizes, Math.min(Math.floor(paths.length / 4), WARM_FILES_PER_THREAD * opts.threads));
  /** Files handed back by a replaced worker before it started them: handed out again first. */
  const returned: number[] = [];
  let next = 0;
  let done = 0;
  const take = (): number | undefined => (returned.length > 0 ? returned.pop() : next < order.length ? order[next++] : undefined);
  const settle = (id: number, r: TriageResult | undefined, error?: string): void => {
    if (r !== undefined) slots[id] = r;
    if (error !== undefined) errors.push({ path: paths[id]!, message: error });
    opts.onResult?.(r, ++done, paths.length);
  };
  const lane = async (): Promise<void> => {
    let w = await spawn(init, threadJit);
    try {
      for (;;) {
        const ended = await runLane(w, paths, take, settle, timeout, opts.stdin);
        if (ended === null) return;
        // The worker overran the time limit on a file or died on it: that file gets its record, the
        // files queued behind it go back to the others, and a fresh worker takes over.
        for (const id of ended.queued) returned.push(id);
        await w.terminate();
        const path = paths[ended.id]!;
        if (ended.reason === 'timeout') settle(ended.id, await timeoutRecord(path, timeout));
        else settle(ended.id, undefined, `${path}: analysis failed (${ended.message})`);
        w = await spawn(init, threadJit);
      }
    } finally {
      await w.terminate();
    }
  };
  await Promise.all(Array.from({ length: n }, lane));
  return { results: slots.filter((r): r is TriageResult => r !== undefined), errors };
}

/** How a lane's worker stopped early: the file it was on, why, and the files queued behind it. */
interface LaneEnd {
  id: number;
  reason: 'timeout' | 'crashed';
  message: string;
  queued: number[];
}

/**
 * Feeds `w` up to TASKS_PER_WORKER files at a time from `take` until there are none left (resolves
 * null) or the worker overruns the time limit on a file or dies (resolves how). The time limit runs
 * from the worker's `started` message for each file, not from when the file was queued.
 */
function runLane(w: Worker, paths: readonly string[], take: () => number | undefined, settle: (id: number, r: TriageResult | undefined, error?: string) => void, timeout: number, stdin?: StreamRead): Promise<LaneEnd | null> {
  return new Promise((resolve) => {
    const queue: number[] = [];
    let timer: NodeJS.Timeout | undefined;
    const stop = (end: LaneEnd | null): void => {
      clearTimeout(timer);
      w.off('message', onMsg);
      w.off('error', onErr);
      w.off('exit', onExit);
      resolve(end);
    };
    const fill = (): void => {
      while (queue.length < TASKS_PER_WORKER) {
        const id = take();
        if (id === undefined) break;
        queue.push(id);
        const task: WorkerRequest = { type: 'task', id, path: pathOf(id) };
        if (task.path === '-' && stdin) task.read = stdin;
        w.postMessage(task);
      }
      if (queue.length === 0) stop(null);
    };
    const onMsg = (m: WorkerReply): void => {
      if (m.type === 'started' && m.id === queue[0]) {
        clearTimeout(timer);
        timer = setTimeout(() => stop({ id: queue[0]!, reason: 'timeout', message: 'time limit', queued: queue.slice(1) }), timeout);
      } else if ((m.type === 'done' || m.type === 'failed') && m.id === queue[0]) {
        clearTimeout(timer);
        queue.shift();
        if (m.type === 'done') settle(m.id, m.result);
        else settle(m.id, undefined, `${pathOf(m.id)}: ${m.message}`);
        fill();
      }
    };
    // The worker died (heap limit, native fault) on the file it was running, or ended without a word.
    const onErr = (e: Error): void => stop({ id: queue[0]!, reason: 'crashed', message: e.message, queued: queue.slice(1) });
    const onExit = (code: number): void => onErr(new Error(`worker exited with code ${code}`));
    const pathOf = (id: number): string => paths[id]!;
    w.on('message', onMsg);
    w.on('error', onErr);
    w.on('exit', onExit);
    fill();
  });
}

/**
 * Small files each thread gets before the large ones: a worker's first calls run cold code (the
 * JIT has no type feedback yet, and deoptimises on each path it meets for the first time), which
 * costs the most when the first file is the largest. Warming up on small files first measured
 * ~3% less CPU over the bench's files (one thread, 38.8 against 40.0 ms/MB, three runs each).
 */
const WARM_FILES_PER_THREAD = 16;

/**
 * Indices of the files in the order they are handed out: the `warm` smallest first (smallest
 * first, see WARM_FILES_PER_THREAD), then the rest by size, largest first (ties in path order), so
 * the longest tasks start early and the tail of the batch is short ones spread over all threads.
 * Without sizes, path order.
 */
export function handOutOrder(n: number, sizes?: readonly number[], warm = 0): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  if (sizes === undefined || sizes.length !== n) return order;
  order.sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const w = Math.max(0, Math.min(warm, n));
  return w === 0 ? order : [...order.slice(n - w).reverse(), ...order.slice(0, n - w)];
}

function ready(w: Worker): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: WorkerReply): void => {
      w.off('message', onMsg);
      w.off('error', reject);
      if (m.type === 'ready') resolve(w);
      else if (m.type === 'init-error') {
        void w.terminate();
        reject(new RuleError(m.message, { file: m.file ?? '', ...(m.line === undefined ? {} : { line: m.line }) }));
      }
    };
    w.on('message', onMsg);
    w.once('error', reject);
  });
}

/**
 * The record of a file whose analysis overran the time limit: size and streamed hashes only. A pipe or
 * stdin cannot be read a second time: its record has neither.
 */
async function timeoutRecord(path: string, timeout: number): Promise<TriageResult> {
  const st = path === '-' ? null : await stat(path).catch(() => null);
  const regular = st !== null && st.isFile();
  const h = createFileHasher();
  if (regular) for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  const hashes = regular ? h.digest() : { md5: '', sha1: '', sha256: '', sha512: '', ssdeep: '', tlsh: null };
  const given = regular ? 'only the hashes are given' : 'a stream cannot be read again, so nothing is given';
  return {
    schema_version: RECORD_SCHEMA_VERSION, path, size: regular ? st.size : 0, format: 'data', description: 'not analysed (time limit)',
    arch: null, bits: null, dotnet: false, hashes, entropy: 0, packers: [], overlay: null,
    high_entropy_regions: [], embedded: [], crypto: [], iocs: [], capabilities: [], yara: [], relatives: [], details: {},
    warnings: [{ code: 'timeout', message: `analysis stopped after the per-file time limit of ${timeout / 1000} s; ${given}` }],
  };
}

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
import type { WorkerInit, WorkerReply } from './protocol.js';

export interface PoolOptions {
  threads: number;
  /** Milliseconds per file before its worker is terminated (default 60,000). */
  timeoutPerFile?: number;
  /** After each file: its record, or undefined when it could not be read. */
  onResult?: (r: TriageResult | undefined, done: number, total: number) => void;
  /** File sizes in bytes, parallel to `paths`: files are handed out largest first when given. */
  sizes?: readonly number[];
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
  let next = 0;
  let done = 0;
  const finish = (id: number, r: TriageResult): void => {
    slots[id] = r;
    opts.onResult?.(r, ++done, paths.length);
  };
  const lane = async (): Promise<void> => {
    let w = await spawn(init, threadJit);
    try {
      while (next < paths.length) {
        const id = order[next++]!;
        const path = paths[id]!;
        const reply = await runOne(w, id, path, timeout).catch((e: Error) => ({ type: 'crashed' as const, message: e.message }));
        if (reply !== 'timeout' && reply.type === 'crashed') {
          // The worker died on this file (heap limit, native fault): report the file, replace the worker.
          await w.terminate();
          w = await spawn(init, threadJit);
          errors.push({ path, message: `${path}: analysis failed (${reply.message})` });
          opts.onResult?.(undefined, ++done, paths.length);
        } else if (reply === 'timeout') {
          await w.terminate();
          w = await spawn(init, threadJit);
          finish(id, await timeoutRecord(path, timeout));
        } else if (reply.type === 'done') finish(id, reply.result);
        else if (reply.type === 'failed') {
          errors.push({ path, message: `${path}: ${reply.message}` });
          opts.onResult?.(undefined, ++done, paths.length);
        }
      }
    } finally {
      await w.terminate();
    }
  };
  await Promise.all(Array.from({ length: n }, lane));
  return { results: slots.filter((r): r is TriageResult => r !== undefined), errors };
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

function runOne(w: Worker, id: number, path: string, timeout: number): Promise<WorkerReply | 'timeout'> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      resolve('timeout');
    }, timeout);
    const onMsg = (m: WorkerReply): void => {
      if ((m.type === 'done' || m.type === 'failed') && m.id === id) {
        cleanup();
        resolve(m);
      }
    };
    const onErr = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      w.off('message', onMsg);
      w.off('error', onErr);
    };
    w.on('message', onMsg);
    w.once('error', onErr);
    w.postMessage({ type: 'task', id, path });
  });
}

/** The record of a file whose analysis overran the time limit: size and streamed hashes only. */
async function timeoutRecord(path: string, timeout: number): Promise<TriageResult> {
  const { size } = await stat(path);
  const h = createFileHasher();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return {
    schema_version: RECORD_SCHEMA_VERSION, path, size, format: 'data', description: 'not analysed (time limit)',
    arch: null, bits: null, dotnet: false, hashes: h.digest(), entropy: 0, packers: [], overlay: null,
    high_entropy_regions: [], embedded: [], crypto: [], iocs: [], capabilities: [], yara: [], relatives: [], details: {},
    warnings: [{ code: 'timeout', message: `analysis stopped after the per-file time limit of ${timeout / 1000} s; only the hashes are given` }],
  };
}

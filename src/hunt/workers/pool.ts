import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { holdThreadCompilation } from '../../util/jit.js';
import type { FileResult } from '../targets/file.js';
import type { HuntTask } from '../targets/task.js';
import type { WorkerInit, WorkerReply, WorkerStart } from './protocol.js';

/**
 * Starts a worker running worker.ts; it loads its modules, then waits for an `init` message. From
 * compiled JS it is a plain module worker; when the library runs from TypeScript sources (tests, tsx),
 * the worker registers tsx first (a worker's execArgv cannot carry a loader for its entry file on Node 20).
 */
function startWorker(start: WorkerStart = { warmBenign: false }, threadJit = false): Worker {
  const here = import.meta.url;
  const create = (): Worker => here.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(new URL('./worker.ts', here).href)}); })`, { eval: true, workerData: start })
    : new Worker(new URL('./worker.js', here), { workerData: start });
  // With every core scanning, V8's background compiler threads only compete with the scan: the
  // worker compiles its hot code on its own thread (10k indicators, 100 MB: ~0.2 CPU s less; see
  // util/jit.ts). The flag is read when the isolate is made, before 'online'.
  const release = threadJit ? holdThreadCompilation() : null;
  let w: Worker;
  try {
    w = create();
  } catch (e) {
    release?.();
    throw e;
  }
  if (release) for (const ev of ['online', 'error', 'exit'] as const) w.once(ev, release);
  // A worker may fail, exit or answer before `runPool` listens to it: keep what it said for then.
  w.on('error', (e) => early.set(w, e));
  w.on('exit', (code) => early.set(w, code === 0 ? null : new Error(`worker exited with code ${code}`)));
  const box: Mailbox = { queue: [], handler: null };
  boxes.set(w, box);
  w.on('message', (m: WorkerReply) => (box.handler ? box.handler(m) : box.queue.push(m)));
  return w;
}

/** Workers that failed (an Error) or exited cleanly (null) so far. */
const early = new WeakMap<Worker, Error | null>();

/** Replies kept until `runPool` handles them (a worker initialised early may answer first). */
interface Mailbox {
  queue: WorkerReply[];
  handler: ((m: WorkerReply) => void) | null;
}
const boxes = new WeakMap<Worker, Mailbox>();
const initialised = new WeakSet<Worker>();

/**
 * Sends the intel to started workers as soon as it is loaded (before the caller builds its own
 * matcher), so that they build theirs meanwhile. The first worker also gets `benign` to check.
 */
export function initWorkers(workers: readonly Worker[], init: WorkerInit, benign?: readonly number[]): void {
  workers.forEach((w, i) => {
    if (initialised.has(w)) return;
    initialised.add(w);
    w.postMessage({ type: 'init', init: i === 0 && benign ? { ...init, benign } : init });
  });
}

/**
 * Starts `n` workers now, before the intel is loaded: their start-up (a new isolate, module loading)
 * then overlaps the caller's. With `warmBenign`, the first one also reads the warninglists meanwhile
 * (give it the ids to check through `PoolHooks.benign`); with `warmYara`, all load the YARA engine.
 * Give them to `runPool`, or `terminate()` them.
 */
export function prestartWorkers(n: number, warmBenign = false, warmYara = false): Worker[] {
  const ws: Worker[] = [];
  // The workers and the calling thread fill every core: no core is left for background compilation.
  const threadJit = n + 1 >= availableParallelism();
  for (let i = 0; i < n; i++) ws.push(startWorker({ warmBenign: warmBenign && i === 0, warmYara }, threadJit));
  return ws;
}

/** Tasks handed to a worker ahead of time (the one it runs and the next). */
const DEPTH = 2;

export interface PoolHooks {
  onBytes: (n: number) => void;
  onResult: (task: HuntTask, r: FileResult) => void;
  stopped: () => boolean;
  /** Runs a task on the calling thread, which then takes tasks from the same queue as the workers. */
  local?: (task: HuntTask) => Promise<FileResult>;
  /**
   * Indicator ids the first worker checks against the warninglists before it scans; `onResult` gets
   * the benign ones (the other workers are told to drop them).
   */
  benign?: { ids: number[]; onResult: (benign: number[]) => void };
}

/**
 * Runs tasks on `threads` threads — `threads - 1` workers plus the calling thread when `hooks.local` is
 * given (it has the matcher built already, and a worker costs a start-up and a matcher build) — handing out the next task as each worker finishes (big files first
 * is the caller's ordering). When `stopped()` turns true, workers are told to stop, finish their current
 * task early, and no new task is handed out. Results are reported per task; the caller orders them.
 */
export async function runPool(tasks: readonly HuntTask[], threads: number, init: WorkerInit, hooks: PoolHooks, started: Worker[] = []): Promise<void> {
  let next = 0;
  const n = Math.max(hooks.local ? 0 : 1, Math.min(hooks.local ? threads - 1 : threads, tasks.length - (hooks.local ? 1 : 0)));
  const workers: Worker[] = [];
  // Each worker holds up to DEPTH tasks: the next one is already queued when it finishes one, so it
  // never waits for this thread (busy scanning its own share) to hand it out.
  const one = (w: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      const inflight: HuntTask[] = [];
      // Until it is `ready` a worker holds one task (it waits there while it builds its matcher).
      let ready = false;
      const give = (): void => {
        // Near the end a queued task could wait behind a long one while another thread has nothing
        // left: only hold a second task while there are more left than threads to take them.
        const depth = ready && tasks.length - next > threads ? DEPTH : 1;
        while (inflight.length < depth && !hooks.stopped() && next < tasks.length) {
          const t = tasks[next++] as HuntTask;
          inflight.push(t);
          w.postMessage({ type: 'task', task: t });
        }
        if (inflight.length === 0) resolve();
      };
      if (early.has(w)) {
        const e = early.get(w);
        if (e) reject(e);
        else resolve();
        return;
      }
      const box = boxes.get(w) as Mailbox;
      box.handler = (m: WorkerReply) => {
        if (m.type === 'ready') {
          ready = true;
          give();
        }
        else if (m.type === 'skipped') {
          inflight.shift();
          give();
        }
        else if (m.type === 'benign') {
          hooks.benign?.onResult(m.ids);
          if (m.ids.length > 0) for (const o of workers) if (o !== w) o.postMessage({ type: 'drop', ids: m.ids });
        } else if (m.type === 'bytes') hooks.onBytes(m.n);
        else if (m.type === 'done') {
          const t = inflight.shift();
          if (t) hooks.onResult(t, m.result);
          give();
        } else if (m.type === 'error') reject(new Error(`worker failed on ${inflight[0]?.path ?? '?'}: ${m.message}`));
      };
      for (const m of box.queue.splice(0)) box.handler(m);
      // The first task goes with (after) `init`: the worker starts on it the moment it is set up.
      give();
      w.on('error', reject);
      w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with code ${code}`))));
    });
  const stopTimer = setInterval(() => {
    if (hooks.stopped()) for (const w of workers) w.postMessage({ type: 'stop' });
  }, 50);
  try {
    for (const w of started.splice(n)) void w.terminate();
    for (let i = 0; i < n; i++) workers.push(started[i] ?? startWorker(undefined, threads >= availableParallelism()));
    initWorkers(workers, init, hooks.benign?.ids);
    const local = async (): Promise<void> => {
      const run = hooks.local;
      if (!run) return;
      while (!hooks.stopped() && next < tasks.length) {
        const t = tasks[next++] as HuntTask;
        hooks.onResult(t, await run(t));
      }
    };
    // This thread (matcher built) takes the first, biggest task before the workers get theirs.
    const here = local();
    await Promise.all([...workers.map(one), here]);
  } finally {
    clearInterval(stopTimer);
    // Not awaited: tearing an isolate down takes a while, and the results can be written meanwhile.
    for (const w of workers) void w.terminate();
  }
}

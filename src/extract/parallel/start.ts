// Starting the parallel path's workers, from the built dist/ or (tests, tsx) from the TypeScript sources.
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';

/**
 * Starts worker module `name` of this folder (`worker`: whole chunks, worker.ts; `span-worker`: the
 * character pass, span-worker.ts). From TypeScript sources it registers tsx first, as hunt's pool does.
 */
export function startWorker(name: 'worker' | 'span-worker' = 'worker'): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const url = new URL(`./${name}.ts`, here).href;
    return new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(url)}); })`, { eval: true });
  }
  return new Worker(new URL(`./${name}.js`, here));
}

/** Callers between ownThreadCompilation() and its release. */
let holders = 0;
/** True when the process itself was started without concurrent recompilation: leave it so. */
const offByUser = (): boolean => [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)].some((a) => a === '--no-concurrent-recompilation');

/**
 * Makes the isolates created from now on (workers) optimise their code on their own thread rather
 * than on V8's background threads, until the returned function is called (idempotent; call it once
 * the worker runs: an isolate reads the flag when it is created). Why: the span worker waits for the
 * calling thread most of the time, so compiling on its own thread costs no wall time, while V8's
 * background compilation competed with the calling thread for the cores (~0.1 s less process CPU on
 * the 50 MB bench corpus). The same process-wide flag, switched the same way, as triage/batch/jit.ts.
 */
export function ownThreadCompilation(): () => void {
  if (holders++ === 0 && !offByUser()) setFlagsFromString('--no-concurrent-recompilation');
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (--holders === 0 && !offByUser()) setFlagsFromString('--concurrent-recompilation');
  };
}

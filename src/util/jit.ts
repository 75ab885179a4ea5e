/**
 * Where worker threads optimise their JavaScript. Every worker is a fresh V8 isolate that compiles
 * its hot code for itself, and with V8's default concurrent recompilation that compilation runs on
 * background threads, at about three times the CPU cost of compiling the same functions on the
 * worker's own thread (node --trace-opt over bench:triage's 400 files: ~465 optimisations either
 * way, 3.7 s against 1.3 s of CPU). Background compilation only pays when a core would otherwise
 * idle; when the workers (and the calling thread) fill every core it competes with them. Measured:
 * triage ~3 ms of CPU per MB less with two workers on two cores, hunt ~0.2 CPU s less over 100 MB,
 * extract's span worker ~0.1 s less over 50 MB.
 *
 * The setting is a process-wide V8 flag that an isolate reads once, when it is created. It is
 * switched off only while workers are being created and restored once the last of them is up, so
 * the calling thread (and any isolate the host application starts later) keeps V8's default. One
 * counter here serves every pool (triage, hunt, extract), so two pools starting workers at once
 * cannot switch it back early for each other.
 */
import { setFlagsFromString } from 'node:v8';

/** Holders between holdThreadCompilation() and their release. */
let holders = 0;

/** True when the process itself was started without concurrent recompilation: leave it so. */
const offByUser = (): boolean => [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)].some((a) => a === '--no-concurrent-recompilation');

/**
 * Makes the isolates created from now on optimise their code on their own thread, until the returned
 * function is called (idempotent; call it once the worker runs, e.g. on its 'online' event).
 * @example const release = holdThreadCompilation(); const w = new Worker(url); w.once('online', release);
 */
export function holdThreadCompilation(): () => void {
  if (holders++ === 0 && !offByUser()) setFlagsFromString('--no-concurrent-recompilation');
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (--holders === 0 && !offByUser()) setFlagsFromString('--concurrent-recompilation');
  };
}

/**
 * Runs `start` (which creates a worker and resolves once it is up) with the new isolate optimising
 * its code on its own thread; the flag is restored when `start` settles.
 * @example const w = await withThreadCompilation(() => ready(new Worker(url)));
 */
export async function withThreadCompilation<T>(start: () => Promise<T>): Promise<T> {
  const release = holdThreadCompilation();
  try {
    return await start();
  } finally {
    release();
  }
}

/**
 * How the batch workers' JavaScript gets optimised. Every worker is a fresh V8 isolate that compiles
 * the whole triage pipeline (hashes, parsers, string scanners, the indicator engine) for itself,
 * and with V8's default concurrent recompilation that compilation ran on background threads at
 * about three times the CPU cost of compiling the same functions on the worker's own thread
 * (node --trace-opt over the bench's 400 files: ~465 optimisations either way, 3.7 s against
 * 1.3 s; the process's V8 helper threads fell from ~1.7 s to ~0.3 s of CPU). Over bench:triage's
 * files that was ~3 ms of CPU per MB with two workers on two cores (about 47 against 44 ms/MB,
 * three runs each), the largest cost outside the analyses themselves. Background compilation only
 * pays when a core would otherwise idle, so when the workers fill every core (the pool decides)
 * they are started with concurrent recompilation off.
 *
 * The setting is a process-wide V8 flag that an isolate reads once, when it is created; it is
 * switched off only while workers are being created and restored afterwards, so the calling
 * thread (and any other isolate started later by the host application) keeps V8's default.
 */
import { setFlagsFromString } from 'node:v8';

/** Workers being created right now (the flag is restored when the last one is up). */
let starting = 0;

/** True when the process itself was started without concurrent recompilation: leave it so. */
const offByUser = (): boolean => [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)].some((a) => a === '--no-concurrent-recompilation');

/**
 * Runs `start` (which creates a worker and resolves once it is up) with V8's concurrent
 * recompilation off, so the new isolate optimises its code on its own thread.
 * @example const w = await withThreadCompilation(() => ready(new Worker(url)));
 */
export async function withThreadCompilation<T>(start: () => Promise<T>): Promise<T> {
  if (starting++ === 0) setFlagsFromString('--no-concurrent-recompilation');
  try {
    return await start();
  } finally {
    if (--starting === 0 && !offByUser()) setFlagsFromString('--concurrent-recompilation');
  }
}

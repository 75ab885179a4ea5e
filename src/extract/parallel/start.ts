// Starting the parallel path's workers, from the built dist/ or (tests, tsx) from the TypeScript sources.
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

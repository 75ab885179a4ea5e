import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { withThreadCompilation } from './jit.js';

describe('withThreadCompilation', () => {
  it('gives back what the start function resolves to, also when starts overlap', async () => {
    const started = await Promise.all([1, 2, 3].map((n) => withThreadCompilation(async () => n * 2)));
    expect(started).toEqual([2, 4, 6]);
  });

  it('passes a failed start on to the caller', async () => {
    await expect(withThreadCompilation(() => Promise.reject(new Error('no worker')))).rejects.toThrow('no worker');
  });

  it('starts a worker that runs code', async () => {
    const reply = await withThreadCompilation(
      () =>
        new Promise<number>((resolve, reject) => {
          const w = new Worker('require("node:worker_threads").parentPort.postMessage(6 * 7)', { eval: true });
          w.once('message', (m: number) => void w.terminate().then(() => resolve(m)));
          w.once('error', reject);
        }),
    );
    expect(reply).toBe(42);
  });
});

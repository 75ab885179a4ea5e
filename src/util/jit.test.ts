import { describe, expect, it, vi } from 'vitest';
import { Worker } from 'node:worker_threads';

// The V8 flag itself cannot be read back: record how it is switched instead.
const switched = vi.hoisted(() => [] as string[]);
vi.mock('node:v8', async (orig) => {
  const real = await orig<typeof import('node:v8')>();
  return { ...real, setFlagsFromString: (f: string) => { switched.push(f); real.setFlagsFromString(f); } };
});
const { holdThreadCompilation, withThreadCompilation } = await import('./jit.js');

describe('holdThreadCompilation', () => {
  it('switches the flag off for the first holder and back on after the last release, once each', () => {
    switched.length = 0;
    const a = holdThreadCompilation();
    const b = holdThreadCompilation();
    a();
    a(); // a second release of the same hold changes nothing
    expect(switched).toEqual(['--no-concurrent-recompilation']);
    b();
    expect(switched).toEqual(['--no-concurrent-recompilation', '--concurrent-recompilation']);
  });

  it('restores the flag when a start fails', async () => {
    switched.length = 0;
    await expect(withThreadCompilation(() => Promise.reject(new Error('no worker')))).rejects.toThrow('no worker');
    expect(switched).toEqual(['--no-concurrent-recompilation', '--concurrent-recompilation']);
  });
});

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

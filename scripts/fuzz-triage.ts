// Fuzzes triageBytes with mutated corpus files on worker threads: counts crashes (exceptions,
// including ones the pipeline contained), hangs (no progress within --timeout ms: the worker is
// terminated and replaced) and peak RSS. Failing inputs are saved to test/fixtures/fuzz-regressions/
// (replayed by test/triage/fuzz.test.ts). Usage:
//   npm run fuzz:triage [-- --iterations N --seed S --threads T --timeout MS --chunk C --no-save]
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { fuzzCorpusPaths, loadFuzzCorpus } from './fuzz/corpus.js';
import { mutant } from './fuzz/mutate.js';

const REGRESSIONS = fileURLToPath(new URL('../test/fixtures/fuzz-regressions/', import.meta.url));

const { values: v } = parseArgs({
  options: {
    iterations: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string' },
    timeout: { type: 'string', default: '10000' },
    chunk: { type: 'string', default: '500' },
    'no-save': { type: 'boolean' },
  },
});
const total = Number(v.iterations);
const seed = Number(v.seed);
const threads = Number(v.threads ?? Math.max(1, availableParallelism()));
const timeout = Number(v.timeout);
const chunk = Number(v.chunk);

interface Failure { kind: 'crash' | 'hang'; index: number; message: string; bytes: Uint8Array }

function startWorker(corpus: Uint8Array[]): Worker {
  const url = new URL('./fuzz/worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(url)}); })`, { eval: true, workerData: { corpus } });
}

async function main(): Promise<void> {
  const paths = fuzzCorpusPaths();
  const corpus = loadFuzzCorpus(paths);
  const failures: Failure[] = [];
  let peakRss = process.memoryUsage().rss;
  let done = 0;
  let next = 0;
  const started = Date.now();
  const takeChunk = (): { start: number; count: number } | null => {
    if (next >= total) return null;
    const start = next;
    next = Math.min(total, next + chunk);
    return { start, count: next - start };
  };
  const lane = async (): Promise<void> => {
    let job = takeChunk();
    while (job) {
      const w = startWorker(corpus);
      const outcome = await runJob(w, job.start, job.count);
      await w.terminate();
      if (outcome.hangAt !== null) {
        const i = outcome.hangAt;
        failures.push({ kind: 'hang', index: i, message: `no result within ${timeout} ms`, bytes: mutant(corpus, seed, i).bytes });
        done += i - job.start + 1;
        job = i + 1 < job.start + job.count ? { start: i + 1, count: job.start + job.count - i - 1 } : takeChunk();
      } else job = takeChunk();
    }
  };
  /** Runs one job; resolves with the index that hung, if any. */
  const runJob = (w: Worker, start: number, count: number): Promise<{ hangAt: number | null }> =>
    new Promise((resolve, reject) => {
      let last = start - 1;
      let timer = setTimeout(() => resolve({ hangAt: last + 1 }), timeout + 30_000); // start-up grace
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => resolve({ hangAt: last + 1 }), timeout);
      };
      w.on('message', (m: { type: string; i?: number; rss?: number; crashes?: { index: number; message: string; bytes: Uint8Array }[] }) => {
        if (m.type === 'ready') {
          arm();
          w.postMessage({ seed, start, count });
        } else if (m.type === 'progress') {
          last = m.i!;
          done++;
          peakRss = Math.max(peakRss, m.rss!);
          arm();
          if (done % 5000 === 0) process.stderr.write(`${done}/${total} inputs, ${failures.length} failures, ${Math.round(done / ((Date.now() - started) / 1000))}/s\n`);
        } else if (m.type === 'chunk-done') {
          clearTimeout(timer);
          for (const c of m.crashes!) failures.push({ kind: 'crash', index: c.index, message: c.message, bytes: c.bytes });
          resolve({ hangAt: null });
        }
      });
      w.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  await Promise.all(Array.from({ length: threads }, lane));
  const secs = (Date.now() - started) / 1000;
  const crashes = failures.filter((f) => f.kind === 'crash');
  const hangs = failures.filter((f) => f.kind === 'hang');
  for (const f of failures) {
    const name = `${f.kind}-s${seed}-i${f.index}-${createHash('sha256').update(f.bytes).digest('hex').slice(0, 12)}.hex`;
    process.stderr.write(`${f.kind} at input ${f.index}: ${f.message.split('\n')[0]}\n`);
    // Hex text, not raw bytes: fixtures never hold raw executables (house rule), mutated or not.
    if (!v['no-save']) writeFileSync(join(REGRESSIONS, name), `${Buffer.from(f.bytes).toString('hex').replace(/(.{64})/g, '$1\n')}\n`);
  }
  const report = { iterations: total, seed, corpus_files: corpus.length, seconds: Math.round(secs), per_second: Math.round(total / secs), crashes: crashes.length, hangs: hangs.length, peak_rss_mb: Math.round(peakRss / 1048576) };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

await main();

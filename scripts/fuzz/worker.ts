// Fuzz worker: runs the chunk it is given and reports progress after every input, so the
// supervisor can tell a hang (no progress within the time limit) from slow work.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCapabilityRules } from '../../src/rules/index.js';
import { runChunk } from './run-chunk.js';

// The corpus bytes come from the supervisor: the built corpus directory may be rebuilt meanwhile.
const { corpus } = workerData as { corpus: Uint8Array[] };
const capabilities = loadCapabilityRules();
const port = parentPort!;
port.on('message', (m: { seed: number; start: number; count: number }) => {
  const crashes = runChunk(corpus, m.seed, m.start, m.count, capabilities, (i) => port.postMessage({ type: 'progress', i, rss: process.memoryUsage().rss }));
  port.postMessage({ type: 'chunk-done', crashes: crashes.map((c) => ({ ...c, bytes: Buffer.from(c.bytes) })) });
});
port.postMessage({ type: 'ready' });

// Entity recognition throughput: recognizeEntities (bundled knowledge, one automaton pass plus context
// rules and discovery) on an ~8 MB text made of the labelled fixture reports repeated, next to the
// indicator extractor on the same text, so the overhead of turning knowledge on can be read off.
// Usage: npm run bench:entities [-- --mb N] (times are process CPU time)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { recognizeEntities } from '../src/extract/entities/index.js';
import { extractIndicators } from '../src/extract/indicators/index.js';
import { loadKnowledge } from '../src/knowledge/load.js';

const mbArg = process.argv.indexOf('--mb');
const targetMb = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 8;
const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'reports');
const base = readdirSync(dir).filter((f) => /^\d+-.*\.md$/.test(f)).sort().map((f) => readFileSync(join(dir, f), 'utf8')).join('\n\n');
const parts: string[] = [];
let size = 0;
while (size < targetMb * 1024 * 1024) {
  parts.push(base);
  size += base.length + 2;
}
// Flat string, as read from a file (a string built with += is a rope and scans slower).
const text = Buffer.from(parts.join('\n\n'), 'utf8').toString('utf8');
const mb = text.length / 1024 / 1024;

const t0 = performance.now();
const kb = loadKnowledge();
void kb.names;
const loadMs = performance.now() - t0;

/** Best process CPU seconds of a few rounds: on a shared machine wall time mostly measures the other jobs. */
function best(fn: () => unknown, rounds = 5): number {
  let min = Infinity;
  for (let i = 0; i < rounds; i++) {
    const s = process.cpuUsage();
    fn();
    const c = process.cpuUsage(s);
    min = Math.min(min, (c.user + c.system) / 1e6);
  }
  return min;
}

const ind = best(() => extractIndicators(text));
const ent = best(() => recognizeEntities(text, kb));
const count = recognizeEntities(text, kb).length;
process.stdout.write(
  [
    `text: ${mb.toFixed(1)} MB (${base.length} chars of fixture reports repeated)`,
    `knowledge load + name index: ${loadMs.toFixed(0)} ms (${kb.names.automaton.keys.length} names, ${kb.names.automaton.out.length} states)`,
    `recognizeEntities: ${ent.toFixed(2)} s, ${(mb / ent).toFixed(1)} MB/s (${count} entities)`,
    `extractIndicators: ${ind.toFixed(2)} s, ${(mb / ind).toFixed(1)} MB/s`,
    `entities / indicators time: ${((100 * ent) / ind).toFixed(0)}%`,
    '',
  ].join('\n'),
);

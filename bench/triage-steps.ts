// npx tsx bench/triage-steps.ts [--dir D (repeatable)] [--limit-files N] [--limit-mb MB] [--dist DIR]
// Where bench:triage's CPU goes: each analysis of `triageBytes` timed on its own (process CPU time,
// one thread) over the same files bench:triage sweeps, in ms per MB, then the whole `triageBytes`
// over them to compare with the sum. From the built dist/ (built first when stale) or another build
// (`--dist`, e.g. a copy of an older dist/ for a before/after comparison, with node_modules, rules/
// and data/ beside it). The batch run of bench:triage costs more than the whole here: worker
// start-up, the main thread's relatives, and two threads sharing the caches.
//
// The timing runs in a plain `node` child: under the tsx CLI (its preflight or loader hooks) the same
// built TLSH code measured ~1.7x slower (17 against 10 ms/MB), which would blame the wrong analysis.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuilt } from '../test/e2e/extract-build.js';
import { DEFAULT_DIRS, pickFiles } from './triage-files.js';

const { values: v } = parseArgs({
  options: {
    dir: { type: 'string', multiple: true },
    'limit-files': { type: 'string', default: '400' },
    'limit-mb': { type: 'string', default: '400' },
    dist: { type: 'string' },
  },
});

/**
 * The child's program (an ES module): reads JSON `{ dist, paths }` from stdin, prints
 * `{ mb, ms: { analysis: cpuMs } }`. Mirrors the steps of `triageBytes` (src/triage/pipeline/bytes.ts).
 */
const SCRIPT = String.raw`
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const { dist, paths } = JSON.parse(readFileSync(0, 'utf8'));
const load = (rel) => import(pathToFileURL(join(dist, rel)).href);
const hash = await load('triage/hash/index.js');
const { analyzeEntropy } = await load('triage/entropy/index.js');
const { formatFacts } = await load('triage/pipeline/formats.js');
const { carveEmbedded } = await load('triage/pipeline/payload.js');
const { findCryptoConstants } = await load('triage/crypto/index.js');
const { scanStrings, tableIndicators } = await load('triage/strings/index.js');
const { extractIndicators } = await load('extract/indicators/index.js');
const { matchCapabilities } = await load('rules/index.js');
const { fileFeatureSet } = await load('triage/pipeline/features.js');
const { detectPackers } = await load('triage/packers/index.js');
const { defaultCapabilities, defaultYara } = await load('triage/pipeline/file.js');
const { triageBytes } = await load('triage/pipeline/bytes.js');
const caps = defaultCapabilities();
const yara = defaultYara();
const ms = {};
let mb = 0;
const time = (k, fn) => {
  const c = process.cpuUsage();
  const r = fn();
  const u = process.cpuUsage(c);
  ms[k] = (ms[k] ?? 0) + (u.user + u.system) / 1e3;
  return r;
};
for (const p of paths) {
  const b = time('read', () => readFileSync(p));
  mb += b.length / 1e6;
  for (const a of ['md5', 'sha1', 'sha256', 'sha512']) time(a, () => createHash(a).update(b).digest('hex'));
  time('ssdeep', () => hash.ssdeepBytes(b));
  time('tlsh', () => hash.tlshBytes(b));
  // Entropy first, as in triageBytes: its range histograms answer the ELF section entropies of the
  // format step (builds older than that ignore the option and the argument).
  const ent = time('entropy', () => analyzeEntropy(b, { ranges: true }));
  const facts = time('format', () => formatFacts(b, 0, { maxDepth: 3, maxEntries: 10000, maxTotalSize: 256 * 1024 * 1024 }, ent.rangeEntropy));
  const embedded = time('carving', () => carveEmbedded(b, 32, []));
  const found = time('crypto', () => findCryptoConstants(b));
  const table = time('strings', () => scanStrings(b));
  time('indicators', () => tableIndicators(table, (t) => extractIndicators(t)));
  time('capabilities', () => matchCapabilities(caps, fileFeatureSet(facts, found, table, embedded.length > 0)));
  time('yara', () => yara.scan(b));
  time('packers', () => detectPackers({ bytes: b, format: facts.format, pe: facts.pe ?? null, elf: facts.elf ?? null, entropy: ent.entropy }));
  time('triageBytes (all)', () => triageBytes(b, { path: p, capabilities: caps, yara, now: 0 }));
}
process.stdout.write(JSON.stringify({ mb, ms }));
`;

/** CPU ms per analysis (and for the whole triageBytes) over `paths`, with the MB they hold. */
export function triageSteps(paths: readonly string[], dist: string): { mb: number; ms: Record<string, number> } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { input: JSON.stringify({ dist, paths }), encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out) as { mb: number; ms: Record<string, number> };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (v.dist === undefined) await ensureBuilt();
  const dist = v.dist ?? join(import.meta.dirname, '..', 'dist');
  const files = pickFiles(v.dir ?? DEFAULT_DIRS, Number(v['limit-files']), Number(v['limit-mb']) * 1e6);
  const { mb, ms } = triageSteps(files.map((x) => x.path), dist);
  let sum = 0;
  console.log(`${files.length} files, ${mb.toFixed(1)} MB, one thread (${dist})`);
  for (const [k, t] of Object.entries(ms)) {
    if (!k.startsWith('triageBytes')) sum += t;
    console.log(`${k.padEnd(18)} ${(t / mb).toFixed(2).padStart(6)} ms/MB`);
  }
  console.log(`${'sum of the above'.padEnd(18)} ${(sum / mb).toFixed(2).padStart(6)} ms/MB (read and each analysis alone)`);
}

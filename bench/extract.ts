// npm run bench:extract [-- --quick] [-- --threads N]
// 1. Throughput and accuracy: a deterministic ~50 MB report-like corpus with planted truth (seeded
//    PRNG, in memory), Pillbox and the npm package ioc-extractor side by side. Pillbox runs from the
//    built dist/ (what `pillbox extract` runs), once on the calling thread (extractIndicators) and once
//    as extract() does it for big inputs (extractIndicatorsParallel: all threads, workers started in
//    the timed call). Its planted-truth figures are those of the parallel result.
// 2. Linear time on adversarial input (1 MB vs 10 MB of dots, `[.]`, hex, `a.a.a.`, one mixed line),
//    each case in a child process so that its peak RSS can be read from resourceUsage().maxRSS.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractIOC } from 'ioc-extractor';
import type * as IndicatorsModule from '../src/extract/indicators/index.js';
import type * as NormalizeModule from '../src/extract/indicators/normalize.js';
import type * as ParallelModule from '../src/extract/parallel/index.js';
import type * as WarninglistsModule from '../src/knowledge/warninglists/index.js';
import type { Indicator } from '../src/model/indicator.js';
import { ensureBuilt } from '../test/e2e/extract-build.js';
import { BIN, ROOT } from '../test/e2e/extract-cli.js';
import { CorpusGenerator, type Truth } from './extract-corpus.js';
import { ADVERSARIAL_KINDS, adversarialScript, buildInput, type AdversarialMode } from './extract-adversarial.js';

const quick = process.argv.includes('--quick');
const threadsArg = process.argv.indexOf('--threads');
const THREADS = threadsArg > 0 ? Number(process.argv[threadsArg + 1]) : availableParallelism();

/** A module of the built dist/, typed as its source. */
const dist = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', path)).href)) as T;
let extractIndicators: typeof IndicatorsModule.extractIndicators;
let extractIndicatorsParallel: typeof ParallelModule.extractIndicatorsParallel;
let normalizeUrl: typeof NormalizeModule.normalizeUrl;
let loadWarninglists: typeof WarninglistsModule.loadWarninglists;

async function loadDist(): Promise<void> {
  await ensureBuilt();
  ({ extractIndicators } = await dist<typeof IndicatorsModule>('extract/indicators/index.js'));
  ({ extractIndicatorsParallel } = await dist<typeof ParallelModule>('extract/parallel/index.js'));
  ({ normalizeUrl } = await dist<typeof NormalizeModule>('extract/indicators/normalize.js'));
  ({ loadWarninglists } = await dist<typeof WarninglistsModule>('knowledge/warninglists/index.js'));
}
const MB = 1024 * 1024;
const WARM_BYTES = MB, WARM_PASSES = 4;

interface Score { tp: number; fp: number; fn: number }
const PEER_KEYS: Record<string, string> = { md5: 'md5s', sha1: 'sha1s', sha256: 'sha256s', sha512: 'sha512s', ipv4: 'ipv4s', ipv6: 'ipv6s', domain: 'domains', url: 'urls', email: 'emails', cve: 'cves', btc: 'btcs', eth: 'eths' };

function score(found: Set<string>, truth: Set<string>): Score {
  let tp = 0;
  for (const v of found) if (truth.has(v)) tp++;
  return { tp, fp: found.size - tp, fn: truth.size - tp };
}
const pr = (s: Score): string => {
  const p = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp), r = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  return `P ${p.toFixed(4)} R ${r.toFixed(4)}`;
};

interface Timing { wall: number; cpu: number }

/**
 * Wall-clock and process CPU seconds (all threads: process.cpuUsage counts workers too). On a shared
 * machine the CPU figure is the steadier one.
 */
async function time<T>(fn: () => T | Promise<T>): Promise<[T, Timing]> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const v = await fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return [v, { wall, cpu: (c.user + c.system) / 1e6 }];
}

/** SHA-256 of the JSON of a result (equal digests: identical output). */
function digest(inds: readonly Indicator[]): string {
  const h = createHash('sha256');
  for (const i of inds) h.update(JSON.stringify(i));
  return h.digest('hex');
}

function typeSets(inds: readonly Indicator[]): Map<string, Set<string>> {
  const sets = new Map<string, Set<string>>();
  for (const i of inds) {
    let s = sets.get(i.type);
    if (s === undefined) { s = new Set(); sets.set(i.type, s); }
    s.add(i.value);
  }
  return sets;
}

async function peerSets(text: string): Promise<[Map<string, Set<string>>, Timing]> {
  const [ioc, secs] = await time(() => extractIOC(text, { refang: true }));
  const sets = new Map<string, Set<string>>();
  for (const [type, key] of Object.entries(PEER_KEYS)) {
    const vals = (ioc as unknown as Record<string, string[]>)[key] ?? [];
    // Same canonical forms as the planted truth: lower-case hashes, hosts, e-mails and ETH; BTC as written.
    const canon = (v: string): string => (type === 'url' ? normalizeUrl(v) ?? v : type === 'cve' ? v.toUpperCase() : type === 'btc' ? v : v.toLowerCase());
    sets.set(type, new Set(vals.map(canon)));
  }
  return [sets, secs];
}

function report(name: string, sets: Map<string, Set<string>>, truth: Truth, types: readonly string[]): number {
  let worst = 1;
  const cells: string[] = [];
  for (const t of types) {
    const s = score(sets.get(t) ?? new Set(), truth.get(t) ?? new Set());
    const p = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp), r = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
    worst = Math.min(worst, p, r);
    cells.push(`  ${t.padEnd(9)} ${pr(s)}  (tp ${s.tp} fp ${s.fp} fn ${s.fn})`);
  }
  console.log(`${name}:\n${cells.join('\n')}`);
  return worst;
}

async function throughput(): Promise<boolean> {
  const size = (quick ? 5 : 50) * MB;
  const gen = new CorpusGenerator(20261127);
  const corpus = gen.generate(size);
  const peerText = quick ? corpus.slice(0, 2 * MB) : corpus;
  const mb = corpus.length / MB, peerMb = peerText.length / MB;
  console.log(`corpus: ${mb.toFixed(1)} MB, ${[...gen.truth.values()].reduce((a, t) => a + t.size, 0)} planted unique indicators`);
  // The same warm-up for both: WARM_PASSES passes over the same slice. One pass over 1 MB left about
  // 90 of Pillbox's functions to be optimised during the timed run (--trace-opt), which then measured
  // JIT tier-up rather than throughput (first 5 MB run ~2.5x slower than the next ones).
  const warm = corpus.slice(0, WARM_BYTES);
  const wl = loadWarninglists();
  for (let i = 0; i < WARM_PASSES; i++) {
    extractIndicators(warm, { warninglists: wl });
    extractIOC(warm, { refang: true });
  }
  // Each result is reduced to a digest (and the sets scored below) before the next run: a retained
  // result (~165k indicators) made the next run's garbage collections mark it again and again.
  const [single, sSecs] = await time(() => extractIndicators(corpus, { warninglists: wl }));
  const singleDigest = digest(single);
  const found = single.length;
  single.length = 0;
  const [par, pSecs] = await time(() => extractIndicatorsParallel(corpus, { warninglists: wl, threads: THREADS }));
  const same = digest(par) === singleDigest;
  const pSets = typeSets(par);
  par.length = 0;
  const [qSets, qSecs] = await peerSets(peerText);
  const rate = (t: Timing): [number, number] => [mb / t.wall, mb / t.cpu];
  const [sWall, sCpu] = rate(sSecs), [pWall, pCpu] = rate(pSecs);
  const qWall = peerMb / qSecs.wall, qCpu = peerMb / qSecs.cpu;
  const planted = [...gen.truth.values()].reduce((a, t) => a + t.size, 0);
  const row = (name: string, w: number, c: number, t: Timing, m: number): void =>
    console.log(`${name.padEnd(26)} ${w.toFixed(1).padStart(6)} MB/s wall ${c.toFixed(1).padStart(6)} MB/s CPU  (${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU on ${m.toFixed(1)} MB)`);
  console.log(`density       one planted indicator per ${(corpus.length / planted).toFixed(0)} characters`);
  console.log(`warm-up       ${WARM_PASSES} passes over the same ${WARM_BYTES / MB} MB for each tool (calling thread only: workers start cold, as in the CLI)`);
  row('pillbox single-thread', sWall, sCpu, sSecs, mb);
  row(`pillbox parallel (${THREADS} threads)`, pWall, pCpu, pSecs, mb);
  row('ioc-extractor', qWall, qCpu, qSecs, peerMb);
  console.log(`per indicator  pillbox single-thread ${(sSecs.cpu * 1e6 / found).toFixed(2)} us CPU each (${found} indicators found, all work included)`);
  console.log(`parallel result identical to single-thread: ${same ? 'yes' : 'NO'}`);
  console.log(`ratio single-thread       ${(sWall / qWall).toFixed(1)}x wall, ${(sCpu / qCpu).toFixed(1)}x CPU`);
  console.log(`ratio parallel            ${(pWall / qWall).toFixed(1)}x wall, ${(pCpu / qCpu).toFixed(1)}x CPU (CPU: all threads' time, so at most the single-thread figure)`);
  // The same corpus, each mode in a fresh process as the CLI runs it (file read and warninglists included).
  mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
  const file = join(ROOT, 'bench', 'out', 'extract-corpus.txt');
  writeFileSync(file, corpus);
  const c1 = coldRun(file, 1), cN = coldRun(file, THREADS);
  rmSync(file, { force: true });
  row('cold process, 1 thread', mb / c1.wall, mb / c1.cpu, c1, mb);
  row(`cold process, ${THREADS} threads`, mb / cN.wall, mb / cN.cpu, cN, mb);
  console.log(`cold process ratio vs peer ${(mb / cN.wall / qWall).toFixed(1)}x wall (${THREADS} threads), ${(mb / c1.wall / qWall).toFixed(1)}x wall (1 thread)`);
  const shared = Object.keys(PEER_KEYS);
  const peerTruth: Truth = quick ? new PrefixTruth(peerText, gen.truth) : gen.truth;
  const worst = report('pillbox (planted truth)', pSets, gen.truth, [...shared, 'filename']);
  report('ioc-extractor (planted truth)', qSets, peerTruth, shared);
  const headline = pWall / qWall;
  const ok = headline >= 20 && worst >= 0.98 && same;
  console.log(`pillbox worst P/R ${worst.toFixed(4)} (target >= 0.98): ${worst >= 0.98 ? 'OK' : 'MISSED'}`);
  console.log(`throughput ratio (what \`pillbox extract\` gets: parallel wall vs peer wall) ${headline.toFixed(1)}x (target >= 20x): ${headline >= 20 ? 'OK' : 'MISSED'}`);
  return ok;
}

/**
 * What one `pillbox extract` run gets: a fresh process (cold JIT on every thread, no warm-up) that reads
 * the corpus from a file and extracts its indicators with `threads` threads. Wall and CPU (all threads).
 */
function coldRun(file: string, threads: number): Timing {
  const mod = (p: string): string => JSON.stringify(pathToFileURL(join(ROOT, 'dist', p)).href);
  const script = `
    const { readFileSync } = await import('node:fs');
    const { extractIndicatorsParallel } = await import(${mod('extract/parallel/index.js')});
    const c0 = process.cpuUsage(), t0 = process.hrtime.bigint();
    const inds = await extractIndicatorsParallel(readFileSync(${JSON.stringify(file)}, 'utf8'), { threads: ${threads} });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9, c = process.cpuUsage(c0);
    console.log(JSON.stringify({ wall, cpu: (c.user + c.system) / 1e6, n: inds.length }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Timing;
  return { wall: j.wall, cpu: j.cpu };
}

/** In --quick mode the peer reads only a prefix: its truth is the planted values that occur in that prefix. */
class PrefixTruth extends Map<string, Set<string>> {
  constructor(prefix: string, truth: Truth) {
    super();
    const found = extractIndicators(prefix, { warninglists: null });
    const seen = new Set(found.map((i) => `${i.type}\u0000${i.value}`));
    for (const [t, vals] of truth) this.set(t, new Set([...vals].filter((v) => seen.has(`${t}\u0000${v}`))));
  }
}

/** One adversarial case in a plain `node` process (see adversarialScript); process CPU seconds and peak bytes. */
function runChild(mode: AdversarialMode, file: string): { secs: number; peak: number } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', adversarialScript(mode, file, join(ROOT, 'dist'))], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${mode} ${file} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { secs: number; peak: number };
}

/** The adversarial input of `kind` and `bytes` as a file (what the CLI reads), written once under bench/out. */
function adversarialFile(kind: string, bytes: number): string {
  const dir = join(ROOT, 'bench', 'out', 'adversarial');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${kind}-${bytes}.txt`);
  if (!existsSync(file)) writeFileSync(file, buildInput(kind, bytes));
  return file;
}

/**
 * Peak RSS in bytes of the CLI itself, `pillbox extract FILE --json` with every thread and its output
 * thrown away: read in its own process as it exits (a preloaded hook), so no external `time` is needed.
 * The output rendering counts here, as it does for a user (it never shows in an in-process figure).
 */
function cliPeak(file: string): number {
  const out = join(tmpdir(), `pillbox-bench-rss-${process.pid}`);
  const hook = `import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));`;
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, BIN, 'extract', file, '--json'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pillbox extract ${file} exited ${r.status}: ${r.stderr}`);
  const kb = Number(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  return kb * 1024;
}

/**
 * The 1 MB -> 10 MB time ratio and the 10 MB peak memory of each adversarial input, for the indicator
 * extractor alone and for the whole pipeline (`extract()` on one thread: the knowledge stages read the
 * same text). Time is process CPU in-process (a CLI run's fixed start-up would flatter the ratio).
 * Memory: for the extractor, the peak RSS over the process's RSS once the input is read (what it needs
 * beyond the text itself); for the pipeline, the CLI's own peak (`extract FILE --json`, all threads,
 * output included) above its peak on a one-line file.
 */
function linearity(): boolean {
  let ok = true;
  const tiny = adversarialFile('mixed-line', 64);
  const cliBase = cliPeak(tiny);
  console.log('\nlinear time (1 MB -> 10 MB, process CPU time) and peak memory on adversarial input read from a file:');
  for (const mode of ['indicators', 'pipeline'] as const) {
    console.log(mode === 'indicators'
      ? ' indicator extractor (peak RSS over the process holding the input):'
      : ` whole pipeline (time: extract() on 1 thread; memory: the CLI's peak, extract FILE --json, above its ${(cliBase / MB).toFixed(0)} MB on a one-line file):`);
    for (const kind of ADVERSARIAL_KINDS) {
      const small = runChild(mode, adversarialFile(kind, MB));
      const big = runChild(mode, adversarialFile(kind, 10 * MB));
      const ratio = big.secs / Math.max(small.secs, 1e-6);
      const peak = mode === 'indicators' ? big.peak : Math.max(0, cliPeak(adversarialFile(kind, 10 * MB)) - cliBase);
      const memX = peak / (10 * MB);
      const good = ratio <= 12 && memX < 10;
      ok &&= good;
      console.log(`  ${kind.padEnd(12)} 1 MB ${(small.secs * 1000).toFixed(0).padStart(5)} ms  10 MB ${(big.secs * 1000).toFixed(0).padStart(6)} ms  ratio ${ratio.toFixed(1).padStart(5)}  peak +${(peak / MB).toFixed(0)} MB (${memX.toFixed(1)}x input) ${good ? '' : 'MISSED'}`);
    }
  }
  return ok;
}

await loadDist();
const a = await throughput();
const b = linearity();
process.exitCode = a && b ? 0 : 1;

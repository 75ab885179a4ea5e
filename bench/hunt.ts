// npm run bench:hunt [-- --size 1g] [-- --counts 1000,10000,100000] [-- --threads N] [-- --no-1m]
// Sweeps generated logs (100 MB by default) with 1k, 10k and 100k indicators, Pillbox (the built CLI,
// all threads) and `rg -F -f patterns.txt` (ripgrep, all threads) side by side; prints MB/s, the ratio,
// the CPU seconds each used (steadier than wall time on a shared machine), and each tool's false
// positives and misses against the generator's ground truth (lines for rg, exact hits for Pillbox).
// Then the peak memory of Pillbox loading 1 million indicators.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { decoyValues, generateHuntCorpus, type Corpus, type TruthHit } from '../scripts/gen-hunt-logs.js';
import { rng, WRITERS } from '../scripts/hunt-corpus/formats.js';
import { ensureBuilt } from '../test/e2e/extract-build.js';
import { BIN, ROOT } from '../test/e2e/extract-cli.js';

const args = process.argv.slice(2);
const arg = (k: string): string | undefined => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const MB = 1024 * 1024;
const sizeArg = arg('--size') ?? '100m';
const mult: Record<string, number> = { k: 1024, m: MB, g: 1024 * MB };
const targetBytes = Number.parseFloat(sizeArg) * (mult[sizeArg.slice(-1).toLowerCase()] ?? 1);
const counts = (arg('--counts') ?? '1000,10000,100000').split(',').map(Number);
const threads = arg('--threads');

function typeOf(v: string): string {
  if (/^[0-9a-f]{32}$/.test(v)) return 'md5';
  if (/^[0-9a-f]{40}$/.test(v)) return 'sha1';
  if (/^[0-9a-f]{64}$/.test(v)) return 'sha256';
  if (v.startsWith('http')) return 'url';
  return /^\d/.test(v) ? 'ip' : 'domain';
}

/** Runs a command; wall time from here, CPU time (user+sys of it and its threads) from bash's `time`. */
function run(cmd: string, argv: string[]): Promise<{ secs: number; cpu: number; stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const quoted = [cmd, ...argv].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('bash', ['-c', `TIMEFORMAT='%U %S'; time ${quoted}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /(\d+\.\d+) (\d+\.\d+)\s*$/.exec(err);
      const cpu = m ? Number(m[1]) + Number(m[2]) : NaN;
      resolve({ secs: Number(process.hrtime.bigint() - t0) / 1e9, cpu, stdout: Buffer.concat(out).toString(), code });
    });
  });
}

const key = (h: TruthHit): string => `${h.file}|${h.line}|${h.indicator}|${h.match}|${h.source}`;

function scorePillbox(c: Corpus, jsonl: string): { fp: number; miss: number } {
  const got = new Set<string>();
  for (const l of jsonl.split('\n')) {
    if (!l) continue;
    const h = JSON.parse(l) as { file: string; line: number | null; indicator: string; match: string; source: string };
    got.add(key({ file: relative(c.logs, h.file), line: h.line, indicator: h.indicator, match: h.match, source: basename(h.source) }));
  }
  const want = new Set(c.truth.map(key));
  return { fp: [...got].filter((k) => !want.has(k)).length, miss: [...want].filter((k) => !got.has(k)).length };
}

function scoreRg(c: Corpus, out: string): { fp: number; miss: number } {
  const got = new Set<string>();
  for (const l of out.split('\n')) {
    const a = l.indexOf(':');
    const b = l.indexOf(':', a + 1);
    if (a > 0 && b > a) got.add(`${relative(c.logs, l.slice(0, a))}:${l.slice(a + 1, b)}`);
  }
  const want = new Set(c.truth.filter((h) => h.line !== null).map((h) => `${h.file}:${h.line}`));
  return { fp: [...got].filter((k) => !want.has(k)).length, miss: [...want].filter((k) => !got.has(k)).length };
}

function memoryFor(n: number, dir: string): { rssMB: number; secs: number } {
  const csv = join(dir, `decoys-${n}.csv`);
  if (!existsSync(csv)) writeFileSync(csv, `indicator,type\n${decoyValues(rng(99), n).map((v) => `${v},${typeOf(v)}`).join('\n')}\n`);
  const script = `
    const t0 = Date.now();
    const { loadIntel } = await import(${JSON.stringify(join(ROOT, 'dist/hunt/intel/index.js'))});
    const { IndicatorMatcher } = await import(${JSON.stringify(join(ROOT, 'dist/hunt/match/matcher.js'))});
    const intel = await loadIntel([${JSON.stringify(csv)}], { includeBenign: true });
    const m = new IndicatorMatcher(intel.indicators);
    console.log(JSON.stringify({ n: m.indicators.length, rss: process.resourceUsage().maxRSS, secs: (Date.now() - t0) / 1000 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { rss: number; secs: number };
  return { rssMB: j.rss / 1024, secs: j.secs };
}

async function main(): Promise<void> {
  await ensureBuilt();
  const dir = join(ROOT, 'bench', 'out', `hunt-${sizeArg}`);
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`generating ${sizeArg} of logs in ${dir} …\n`);
  const corpus = generateHuntCorpus(dir, { seed: 1, targetBytes, spacing: 400 });
  const logBytes = corpus.bytes + statSync(join(corpus.logs, 'zeek/dns.log.gz')).size;
  const rgVersion = spawnSync('rg', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? 'rg ?';
  console.log(`hunt bench: ${(logBytes / MB).toFixed(1)} MiB of logs in ${WRITERS.length} files of ${new Set(WRITERS.map((w) => w.format)).size} formats (+ a .gz copy and binaries), ${corpus.truth.length} true hits; ${rgVersion}; Node ${process.version}; ${threads ?? 'all'} threads`);
  console.log('indicators | pillbox MiB/s | rg MiB/s | pillbox/rg | CPU s pillbox / rg | pillbox FP/miss | rg FP/miss (lines)');
  for (const n of counts) {
    const extra = Math.max(0, n - corpus.patterns.length);
    const decoys = decoyValues(rng(1000 + n), extra);
    const csv = join(dir, `intel-decoys-${n}.csv`);
    writeFileSync(csv, `indicator,type\n${decoys.map((v) => `${v},${typeOf(v)}`).join('\n')}\n`);
    const patterns = join(dir, `patterns-${n}.txt`);
    writeFileSync(patterns, `${[...corpus.patterns, ...decoys].join('\n')}\n`);
    const pb = await run(process.execPath, [BIN, 'hunt', '--jsonl', '--quiet', ...(threads ? ['--threads', threads] : []), ...corpus.intel.flatMap((i) => ['--intel', i]), '--intel', csv, corpus.logs]);
    const rg = await run('rg', ['-F', '-f', patterns, '--no-heading', '-n', ...(threads ? ['-j', threads] : []), corpus.logs]);
    const ps = scorePillbox(corpus, pb.stdout);
    const rs = scoreRg(corpus, rg.stdout);
    const pbRate = logBytes / MB / pb.secs;
    const rgRate = logBytes / MB / rg.secs;
    const cpu = `${pb.cpu.toFixed(2)} / ${rg.cpu.toFixed(2)}`;
    console.log(`${String(n).padStart(10)} | ${pbRate.toFixed(1).padStart(13)} | ${rgRate.toFixed(1).padStart(8)} | ${(pbRate / rgRate).toFixed(2).padStart(10)} | ${cpu.padStart(18)} | ${`${ps.fp}/${ps.miss}`.padStart(15)} | ${rs.fp}/${rs.miss}`);
  }
  // The fixed cost every sweep pays (start-up, intel, matcher, YARA), on a log of a few KB.
  const tiny = join(dir, 'tiny.log');
  writeFileSync(tiny, 'Nov 27 06:00:01 host sshd[1]: Accepted publickey for ops from 10.0.0.5 port 50022\n'.repeat(40));
  const csv1k = join(dir, `intel-decoys-${counts[0] ?? 1000}.csv`);
  const fixed = await run(process.execPath, [BIN, 'hunt', '--jsonl', '--quiet', ...corpus.intel.flatMap((i) => ['--intel', i]), '--intel', csv1k, tiny]);
  console.log(`start-up (same intel, ${counts[0] ?? 1000} indicators, a 3 KB log): ${fixed.secs.toFixed(2)} s wall, ${fixed.cpu.toFixed(2)} CPU s`);
  if (!args.includes('--no-1m')) {
    const mem = memoryFor(1_000_000, dir);
    console.log(`1,000,000 indicators (typed CSV): loaded and compiled in ${mem.secs.toFixed(1)} s, peak RSS ${mem.rssMB.toFixed(0)} MiB (target < 1024)`);
  }
}

void main();

// npm run bench:triage [-- --dir D (repeatable)] [--limit-files N] [--limit-mb MB] [--threads N] [--pe-limit N] [--no-pefile] [--no-memory]
// Pillbox triage with every analysis on (all hashes incl. ssdeep and TLSH, parsing, entropy, crypto
// constants, strings with indicators, capabilities, YARA-X with the bundled rules), on all cores,
// from the built dist/ (what `pillbox triage` runs; built first when stale), against `file` +
// `sha256sum` + `ssdeep` (summed wall time) over the same files in the same run; CPU time of both
// sides too (wall time is noise on a shared machine: the CPU ratio divides ours by the threads);
// then PE parsing against python3-pefile on the wine PE files (C2's benchPe), and the peak RSS of
// triaging a 100 MB file. Default files: /usr/bin and /usr/lib/x86_64-linux-gnu (regular files,
// sorted, capped) plus the test corpus.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildPeCorpus } from '../test/fixtures/pe/build.js';
import { buildSamples } from '../test/fixtures/samples/build.js';
import { ensureBuilt } from '../test/e2e/extract-build.js';
import { benchPe } from './pe.js';
import { DEFAULT_DIRS, MAX_FILE, pickFiles } from './triage-files.js';

type BatchModule = typeof import('../src/triage/batch/index.js');
/** A module of the build, by its path under dist/ (ensureBuilt first). */
const distUrl = (rel: string): string => pathToFileURL(join(import.meta.dirname, '..', 'dist', rel)).href;

const { values: v } = parseArgs({
  options: {
    dir: { type: 'string', multiple: true },
    'limit-files': { type: 'string', default: '1500' },
    'limit-mb': { type: 'string', default: '1500' },
    threads: { type: 'string' },
    'pe-limit': { type: 'string', default: '400' },
    'no-pefile': { type: 'boolean' },
    'no-memory': { type: 'boolean' },
  },
});
const MB = 1e6;

/** CPU seconds (user + system) of the process and all its threads since `start`. */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
}

/**
 * Wall and CPU seconds of one native tool over all files (paths passed in batches, as xargs does);
 * CPU from GNU time when installed (else null). Null when the tool is missing.
 */
function timeTool(cmd: string, args: string[], paths: string[]): { wall: number; cpu: number | null } | null {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) return null;
  const gnuTime = existsSync('/usr/bin/time');
  const out = join(tmpdir(), `pillbox-bench-time-${process.pid}.txt`);
  let cpu = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < paths.length; i += 500) {
    const argv = [...args, ...paths.slice(i, i + 500)];
    if (gnuTime) spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', out, cmd, ...argv], { stdio: ['ignore', 'ignore', 'ignore'] });
    else spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'ignore'] });
    if (gnuTime) cpu += readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2).reduce((n, x) => n + Number(x), 0);
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (gnuTime) rmSync(out, { force: true });
  return { wall, cpu: gnuTime && Number.isFinite(cpu) ? cpu : null };
}

/**
 * Peak RSS (MB) of a child process triaging one file with every analysis on. VmHWM, not getrusage's
 * maxrss: Linux keeps maxrss across exec, so a child forked from this (large) process would report
 * the parent's size.
 */
function peakRss(path: string): number {
  const mod = distUrl('triage/index.js');
  const script = `const m = await import(${JSON.stringify(mod)}); const r = await m.triageFile(${JSON.stringify(path)}, { maxSize: ${MAX_FILE + 1} }); const hwm = /VmHWM:\\s+(\\d+)/.exec((await import('node:fs')).readFileSync('/proc/self/status', 'utf8')); process.stdout.write(JSON.stringify({ maxrss: hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS, warnings: r.warnings.length }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out).maxrss / 1024;
}

/** A 100 MB file of real library bytes (deterministic), made once in the temp dir. */
function hundredMb(): string {
  const path = join(tmpdir(), 'pillbox-bench-triage-100mb.bin');
  if (existsSync(path) && lstatSync(path).size === 100 * 1024 * 1024) return path;
  execFileSync('sh', ['-c', `cat /usr/lib/x86_64-linux-gnu/*.so* 2>/dev/null | head -c ${100 * 1024 * 1024} > ${path}`]);
  return path;
}

export async function benchTriage(): Promise<Record<string, unknown>> {
  await ensureBuilt();
  const { triagePaths } = (await import(distUrl('triage/batch/index.js'))) as BatchModule;
  const dirs = v.dir ?? DEFAULT_DIRS;
  const files = pickFiles(dirs, Number(v['limit-files']), Number(v['limit-mb']) * MB);
  const corpus = [...Object.values(buildSamples().files), ...Object.values(buildPeCorpus().files)].filter((p): p is string => typeof p === 'string');
  const paths = [...files.map((f) => f.path), ...corpus];
  const bytes = files.reduce((n, f) => n + f.size, 0) + corpus.reduce((n, p) => n + lstatSync(p).size, 0);
  const threads = Number(v.threads ?? availableParallelism());
  // Warm the page cache so neither side pays for the first read.
  timeTool('cat', [], paths);
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const batch = await triagePaths(paths, { threads, now: Date.now() });
  const pillboxCpu = cpuSeconds(c0);
  const pillboxS = Number(process.hrtime.bigint() - t0) / 1e9;
  const tools = { file: timeTool('file', ['-b'], paths), sha256sum: timeTool('sha256sum', [], paths), ssdeep: timeTool('ssdeep', ['-s'], paths) };
  const all = Object.values(tools);
  const nativeS = all.every((x) => x !== null) ? all.reduce((n, x) => n + x!.wall, 0) : null;
  const nativeCpu = all.every((x) => x?.cpu != null) ? all.reduce((n, x) => n + x!.cpu!, 0) : null;
  const native = Object.fromEntries(Object.entries(tools).map(([k, x]) => [k, x === null ? null : +x.wall.toFixed(2)]));
  // CPU-time view of the same target: ours spread over `threads` cores against the tools one after another.
  const cpuRatio = nativeCpu === null ? null : nativeCpu / (pillboxCpu / threads);
  const pe = await benchPe({ limit: Number(v['pe-limit']), pefile: v['no-pefile'] !== true });
  const rss = v['no-memory'] ? null : peakRss(hundredMb());
  return {
    files: paths.length,
    mb: +(bytes / MB).toFixed(1),
    threads,
    records: batch.results.length,
    timeouts: batch.results.filter((r) => r.warnings.some((w) => w.code === 'timeout')).length,
    pillbox: { seconds: +pillboxS.toFixed(2), files_per_s: +(paths.length / pillboxS).toFixed(1), mb_per_s: +(bytes / MB / pillboxS).toFixed(1), cpu_seconds: +pillboxCpu.toFixed(2), cpu_ms_per_mb: +((pillboxCpu * 1000) / (bytes / MB)).toFixed(1) },
    native: { ...native, seconds: nativeS === null ? null : +nativeS.toFixed(2), mb_per_s: nativeS === null ? null : +(bytes / MB / nativeS).toFixed(1), cpu_seconds: nativeCpu === null ? null : +nativeCpu.toFixed(2) },
    ratio_vs_native: nativeS === null ? null : +(nativeS / pillboxS).toFixed(2),
    cpu_ratio_vs_native: cpuRatio === null ? null : +cpuRatio.toFixed(2),
    pe: { files: pe.files, mb: +(pe.bytes / MB).toFixed(1), pillbox_mb_per_s: +pe.pillbox.mb_per_s.toFixed(1), pefile_mb_per_s: pe.pefile ? +pe.pefile.mb_per_s.toFixed(1) : null, ratio: pe.ratio === null ? null : +pe.ratio.toFixed(1) },
    peak_rss_mb_100mb_file: rss === null ? null : Math.round(rss),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchTriage();
  const p = r['pillbox'] as { mb_per_s: number; files_per_s: number; seconds: number; cpu_seconds: number; cpu_ms_per_mb: number };
  const n = r['native'] as { mb_per_s: number | null; seconds: number | null; cpu_seconds: number | null };
  const pe = r['pe'] as { pillbox_mb_per_s: number; pefile_mb_per_s: number | null; ratio: number | null };
  console.log(`files: ${String(r['files'])} (${String(r['mb'])} MB), threads ${String(r['threads'])}`);
  console.log(`pillbox triage (all analyses): ${p.seconds} s, ${p.files_per_s} files/s, ${p.mb_per_s} MB/s`);
  console.log(`file + sha256sum + ssdeep:     ${n.seconds ?? '-'} s, ${n.mb_per_s ?? '-'} MB/s  → ratio ${String(r['ratio_vs_native'])}x (target ≥ 1x)`);
  console.log(`CPU time: pillbox ${p.cpu_seconds} s (${p.cpu_ms_per_mb} ms/MB), tools ${n.cpu_seconds ?? '-'} s → ratio over ${String(r['threads'])} threads ${String(r['cpu_ratio_vs_native'] ?? '-')}x`);
  console.log(`PE parsing: pillbox ${pe.pillbox_mb_per_s} MB/s, pefile ${pe.pefile_mb_per_s ?? '-'} MB/s → ${pe.ratio ?? '-'}x (target ≥ 10x)`);
  console.log(`peak RSS, 100 MB file: ${String(r['peak_rss_mb_100mb_file'])} MB (target < 300 MB)`);
  writeFileSync(join(import.meta.dirname, 'out', 'triage.json'), `${JSON.stringify(r, null, 2)}\n`);
  // Non-zero when a measured target is missed (as the other benches do); unmeasured ones do not count.
  const rss = r['peak_rss_mb_100mb_file'] as number | null;
  const missed = [(r['ratio_vs_native'] as number | null) ?? 1, pe.ratio === null ? 10 : pe.ratio / 10, rss === null ? 1 : 300 / rss].some((x) => x < 1);
  process.exitCode = missed ? 1 : 0;
}

// Byte-analysis speed: our ssdeep, TLSH, one-pass file hasher, entropy, crypto constants and strings
// on one large file held in memory, against the native `ssdeep` and `tlsh` binaries on the same file,
// in the same run, plus the CPU cost of all byte analyses together in ms per MB (issue #4's budget is
// about 30 ms/MB for everything). Usage: npx tsx bench/triage-bytes.ts [FILE] [RUNS] (default: 100 MB
// built from system libraries in the temp dir; best of 2 timed runs, more on a busy machine).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileHasher, createSsdeep, hashBytes, ssdeepBytes, tlshBytes } from '../src/triage/hash/index.js';
import { analyzeEntropy, shannonEntropy } from '../src/triage/entropy/index.js';
import { findCryptoConstants } from '../src/triage/crypto/index.js';
import { extractStrings } from '../src/triage/strings/index.js';

export interface ByteBenchResult {
  file: string;
  bytes: number;
  /** MB/s of CPU time (user + system), best of `runs` runs after a warm-up. */
  pillbox: Record<string, number>;
  /** MB/s of CPU time of the native tools (children), null when missing. */
  native: Record<string, number | null>;
}

const DIGESTS = ['md5', 'sha1', 'sha256', 'sha512'] as const;
const NO_LIMITS = { maxStrings: 1e12, maxTotalChars: 1e12 };

/** ~100 MB of real binaries concatenated (deterministic: sorted library names). */
function defaultInput(): string {
  const path = join(tmpdir(), 'pillbox-bench-100mb.bin');
  if (existsSync(path) && statSync(path).size === 100_000_000) return path;
  const dir = '/usr/lib/x86_64-linux-gnu';
  const out = Buffer.alloc(100_000_000);
  let at = 0;
  for (const name of readdirSync(dir).sort()) {
    if (at >= out.length) break;
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (st === undefined || !st.isFile() || st.size < 1 << 20) continue;
    at += readFileSync(p).copy(out, at);
  }
  writeFileSync(path, out.subarray(0, at));
  return path;
}

let timedRuns = 2;

function cpuMbPerSecond(bytes: number, fn: () => unknown): number {
  fn();
  let best = 0;
  for (let k = 0; k < timedRuns; k++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.max(best, bytes / 1e6 / ((used.user + used.system) / 1e6));
  }
  return best;
}

/** Streams `b` in 1 MiB chunks through `update`, as triage does for files it cannot hold whole. */
function streamed(b: Uint8Array, h: { update(chunk: Uint8Array): void; digest(): unknown }): unknown {
  for (let i = 0; i < b.length; i += 1 << 20) h.update(b.subarray(i, i + (1 << 20)));
  return h.digest();
}

/** CPU MB/s of a native command, measured with /usr/bin/time; null when the tool is missing. */
function nativeMbPerSecond(bytes: number, cmd: string, args: string[]): number | null {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) return null;
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', cmd, ...args], { encoding: 'utf8' });
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (m === null) return null;
  return bytes / 1e6 / Math.max(0.001, Number(m[1]) + Number(m[2]));
}

/**
 * Runs the byte-analysis benchmark on one file.
 * @example const r = benchTriageBytes(); console.log(r.pillbox.ssdeep, r.native.ssdeep);
 */
export function benchTriageBytes(file: string = defaultInput(), runs = 2): ByteBenchResult {
  timedRuns = Math.max(1, runs);
  const b = new Uint8Array(readFileSync(file));
  const n = b.length;
  return {
    file,
    bytes: n,
    pillbox: {
      ssdeep: cpuMbPerSecond(n, () => ssdeepBytes(b)),
      // Without the size hint, as for streamed files: more block sizes stay active.
      ssdeep_stream: cpuMbPerSecond(n, () => streamed(b, createSsdeep())),
      tlsh: cpuMbPerSecond(n, () => tlshBytes(b)),
      ...Object.fromEntries(DIGESTS.map((a) => [a, cpuMbPerSecond(n, () => createHash(a).update(b).digest())])),
      all_hashes: cpuMbPerSecond(n, () => hashBytes(b)),
      all_hashes_stream: cpuMbPerSecond(n, () => streamed(b, createFileHasher())),
      entropy: cpuMbPerSecond(n, () => analyzeEntropy(b)),
      // One histogram pass (what section entropies and the packer check cost per byte).
      shannon: cpuMbPerSecond(n, () => shannonEntropy(b)),
      crypto: cpuMbPerSecond(n, () => findCryptoConstants(b)),
      // Without limits: the default limits (100,000 strings) stop the scan early on a large file.
      strings: cpuMbPerSecond(n, () => extractStrings(b, NO_LIMITS)),
      // Every byte analysis above as triage runs them (strings with their default limits).
      all_bytes: cpuMbPerSecond(n, () => [hashBytes(b), analyzeEntropy(b), findCryptoConstants(b), extractStrings(b)]),
    },
    native: {
      ssdeep: nativeMbPerSecond(n, 'ssdeep', ['-s', file]),
      tlsh: nativeMbPerSecond(n, 'tlsh', ['-f', file]),
      sha256sum: nativeMbPerSecond(n, 'sha256sum', [file]),
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = benchTriageBytes(process.argv[2] || undefined, Number(process.argv[3] ?? 2));
  console.log(`${r.file}: ${(r.bytes / 1e6).toFixed(1)} MB (CPU-time MB/s)`);
  for (const [k, v] of Object.entries(r.pillbox)) console.log(`  pillbox ${k.padEnd(17)} ${v.toFixed(0).padStart(5)}  (${(1000 / v).toFixed(1)} ms/MB)`);
  for (const [k, v] of Object.entries(r.native)) console.log(`  native  ${k.padEnd(17)} ${v === null ? 'missing' : v.toFixed(0)}`);
}

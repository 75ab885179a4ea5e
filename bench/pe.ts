// PE parsing speed: parsePe (+ imphash, section MD5 and entropy, everything on) against
// python3-pefile (full parse with imphash, fast_load=False) over the PE files of the wine packages,
// both from memory, in the same run. Ours runs from the built dist/ (what `pillbox triage` runs;
// built first when stale). Usage: npx tsx bench/pe.ts [--limit N] [--no-pefile]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from '../test/e2e/extract-build.js';
import { DUMP_SCRIPT, PYTHON, pefileAvailable, sample, winePeFiles } from '../test/fixtures/pe/agreement.js';

export interface PeBenchSide {
  seconds: number;
  files_per_s: number;
  mb_per_s: number;
}

export interface PeBenchResult {
  files: number;
  bytes: number;
  /** Everything on: headers, directories, imphash, per-section/resource MD5 and entropy. */
  pillbox: PeBenchSide;
  /** `hashes: false`: the same structural work pefile does (no per-section MD5/entropy). */
  pillbox_structure: PeBenchSide;
  pefile: PeBenchSide | null;
  /** pillbox (everything on) MB/s divided by pefile MB/s. */
  ratio: number | null;
}

function side(files: number, bytes: number, seconds: number): PeBenchSide {
  return { seconds, files_per_s: files / seconds, mb_per_s: bytes / 1e6 / seconds };
}

/**
 * Run the PE benchmark and return the figures (bench:triage folds these into its report).
 * @example const r = await benchPe({ limit: 200 }); console.log(r.ratio);
 */
export async function benchPe(opts: { files?: string[]; limit?: number; pefile?: boolean } = {}): Promise<PeBenchResult> {
  await ensureBuilt();
  const dist = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'triage', 'formats', 'pe', 'index.js')).href;
  const { parsePe } = (await import(dist)) as typeof import('../src/triage/formats/pe/index.js');
  let files = opts.files ?? winePeFiles();
  if (opts.limit) files = sample(files, opts.limit);
  const blobs = files.map((f) => new Uint8Array(readFileSync(f)));
  const bytes = blobs.reduce((n, b) => n + b.length, 0);
  for (const b of blobs.slice(0, 20)) parsePe(b); // warm-up
  const timed = (hashes: boolean): number => {
    const t0 = process.hrtime.bigint();
    let sink = 0;
    for (const b of blobs) sink += parsePe(b, { hashes })?.imphash.length ?? 0;
    if (sink < 0) throw new Error('unreachable');
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  const pillbox = side(blobs.length, bytes, timed(true));
  const structure = side(blobs.length, bytes, timed(false));
  let pefile: PeBenchSide | null = null;
  if (opts.pefile !== false && pefileAvailable()) {
    const out = execFileSync(PYTHON, [DUMP_SCRIPT, '--bench'], { input: files.join('\n'), encoding: 'utf8', maxBuffer: 1 << 24 });
    const r = JSON.parse(out) as { files: number; bytes: number; seconds: number };
    pefile = side(r.files, r.bytes, r.seconds);
  }
  return { files: blobs.length, bytes, pillbox, pillbox_structure: structure, pefile, ratio: pefile ? pillbox.mb_per_s / pefile.mb_per_s : null };
}

function fmt(name: string, s: PeBenchSide): string {
  return `${name.padEnd(14)} ${s.seconds.toFixed(2).padStart(7)} s ${s.files_per_s.toFixed(0).padStart(7)} files/s ${s.mb_per_s.toFixed(1).padStart(8)} MB/s`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--limit');
  const r = await benchPe({ ...(i > 0 ? { limit: Number(process.argv[i + 1]) } : {}), pefile: !process.argv.includes('--no-pefile') });
  console.log(`PE files: ${r.files}, ${(r.bytes / 1e6).toFixed(1)} MB (wine PE files)`);
  console.log(fmt('pillbox', r.pillbox));
  console.log(fmt('  no hashes', r.pillbox_structure));
  if (r.pefile) console.log(fmt('python-pefile', r.pefile));
  if (r.ratio !== null) console.log(`ratio: ${r.ratio.toFixed(1)}x pefile (target >= 10x)`);
}

// Deterministic generator of the hunt corpus: intel files, logs of every format hunt reads (with
// planted hits and planted near-misses), binary targets, and the ground truth as JSON.
// Usage: tsx scripts/gen-hunt-logs.ts OUTDIR [--seed N] [--size 100m] [--decoys N]
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rng, WRITERS, type Rand } from './hunt-corpus/formats.js';
import { FAKE_EXE, intelFiles, M1, N1, PAYLOAD_BIN, plants, TOOL_DAT, TOOL_SHA256, type Plant } from './hunt-corpus/plants.js';

/** One expected hit; `file` is relative to the logs directory; `source` is the intel file's base name. */
export interface TruthHit {
  file: string;
  line: number | null;
  indicator: string;
  match: string;
  source: string;
}

export interface CorpusOptions {
  seed?: number;
  /** Total log bytes to aim for (filler grows to fit); default small (a few hundred lines per format). */
  targetBytes?: number;
  /** Filler lines between two planted lines (default 3; the bench uses hundreds). */
  spacing?: number;
  /** Extra random intel (never in the logs) written to `intel/decoys.txt`. */
  decoys?: number;
}

export interface Corpus {
  intel: string[];
  logs: string;
  truth: TruthHit[];
  /** Log bytes written. */
  bytes: number;
  /** Every intel value as a fixed string (what `grep -F -f` would be given). */
  patterns: string[];
}

function fits(p: Plant, format: string): boolean {
  return p.only === undefined || p.only.includes(format);
}

/** Writes one log file: header, then filler with the plants spread through it. */
function writeLog(path: string, w: (typeof WRITERS)[number], r: Rand, list: Plant[], total: number, spacing: number, truth: TruthHit[], rel: string): number {
  mkdirSync(dirname(path), { recursive: true });
  const parts: string[] = [...w.header];
  let line = w.header.length;
  let bytes = 0;
  const fd = openSync(path, 'w');
  const flush = (force: boolean): void => {
    if (parts.length < 4096 && !force) return;
    const s = `${parts.join('\n')}\n`;
    bytes += Buffer.byteLength(s);
    writeSync(fd, s);
    parts.length = 0;
  };
  let i = 0;
  for (let n = 0; n < total; n++) {
    const p = list[n % list.length] as Plant;
    const gap = 1 + Math.floor(r() * spacing * 2);
    for (let k = 0; k < gap; k++) {
      parts.push(w.filler(r, i++));
      line++;
      flush(false);
    }
    parts.push(w.carry(r, i++, p.token));
    line++;
    for (const h of p.hits) truth.push({ file: rel, line, indicator: h.indicator, match: h.match, source: h.source });
    flush(false);
  }
  parts.push(w.filler(r, i++));
  flush(true);
  closeSync(fd);
  return bytes;
}

/** Random intel values that never occur in the logs (padding for intel-size benchmarks). */
export function decoyValues(r: Rand, n: number): string[] {
  const out: string[] = [];
  const hex = (k: number): string => Array.from({ length: k }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
  const label = (): string => Array.from({ length: 6 + Math.floor(r() * 8) }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(r() * 26)]).join('');
  for (let i = 0; i < n; i++) {
    switch (i % 6) {
      case 0: out.push(`${label()}-${label()}.${['com', 'net', 'org', 'info', 'biz'][i % 5]}`); break;
      case 1: out.push(`60.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`); break;
      case 2: out.push(hex(64)); break;
      case 3: out.push(hex(32)); break;
      case 4: out.push(`http://${label()}.${label()}.com/${label()}.php`); break;
      default: out.push(hex(40)); break;
    }
  }
  return out;
}

/**
 * Writes the corpus under `dir` (`intel/`, `logs/`, `truth.json`) and returns where everything is and
 * the ground truth. Same options and seed → byte-identical output.
 */
export function generateHuntCorpus(dir: string, opts: CorpusOptions = {}): Corpus {
  const r = rng(opts.seed ?? 1);
  const intelDir = join(dir, 'intel');
  const logs = join(dir, 'logs');
  mkdirSync(intelDir, { recursive: true });
  mkdirSync(logs, { recursive: true });
  const files = intelFiles();
  if (opts.decoys) files['decoys.txt'] = `${decoyValues(r, opts.decoys).join('\n')}\n`;
  for (const [name, text] of Object.entries(files)) writeFileSync(join(intelDir, name), text);
  const truth: TruthHit[] = [];
  const all = plants();
  const spacing = opts.spacing ?? 3;
  let bytes = 0;
  for (const w of WRITERS) {
    const list = all.filter((p) => fits(p, w.format));
    // Every plant at least once; more (cycling) to reach the byte target, at ~146 bytes a line.
    const perPlant = (spacing + 1) * 146;
    const total = opts.targetBytes ? Math.max(list.length, Math.round(opts.targetBytes / WRITERS.length / perPlant)) : list.length;
    bytes += writeLog(join(logs, w.file), w, rng(Math.floor(r() * 2 ** 31)), list, total, spacing, truth, w.file);
  }
  // A gzip copy of the Zeek log: same hits under another name.
  const zeek = WRITERS[0]?.file as string;
  writeFileSync(join(logs, `${zeek}.gz`), gzipSync(readFileSync(join(logs, zeek))));
  for (const t of truth.filter((h) => h.file === zeek)) truth.push({ ...t, file: `${zeek}.gz` });
  mkdirSync(join(logs, 'bin'), { recursive: true });
  writeFileSync(join(logs, 'bin/tool.dat'), TOOL_DAT);
  writeFileSync(join(logs, 'bin/payload.bin'), PAYLOAD_BIN);
  writeFileSync(join(logs, `bin/${N1}`), FAKE_EXE);
  truth.push(
    { file: 'bin/tool.dat', line: null, indicator: 'Pillbox_Test_Marker', match: 'yara', source: 'rules.yar' },
    { file: 'bin/tool.dat', line: null, indicator: TOOL_SHA256, match: 'hash', source: 'misp.json' },
    { file: 'bin/tool.dat', line: null, indicator: 'tool.dat', match: 'filename', source: 'misp.json' },
    { file: 'bin/payload.bin', line: null, indicator: M1, match: 'hash', source: 'list.txt' },
    { file: `bin/${N1}`, line: null, indicator: N1, match: 'filename', source: 'stix.json' },
  );
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(truth, null, 1));
  const patterns = Object.entries(files).filter(([n]) => n !== 'rules.yar').flatMap(([, t]) => patternsOf(t));
  return { intel: Object.keys(files).map((n) => join(intelDir, n)), logs, truth, bytes, patterns };
}

/** The fixed strings an analyst would feed `grep -F -f`: the values written in each intel file, refanged. */
function patternsOf(text: string): string[] {
  const out: string[] = [];
  const add = (v: string): void => {
    const s = v.replace(/\[\.\]/g, '.').replace(/\[@\]/g, '@').replace(/^hxxp/, 'http');
    if (s) out.push(s);
  };
  if (text.trimStart().startsWith('{')) {
    for (const m of text.matchAll(/"(?:value|pattern)": "([^"]*)"/g)) {
      const v = m[1] as string;
      for (const q of v.matchAll(/'([^']+)'/g)) add((q[1] as string).toLowerCase());
      if (!v.includes("'")) for (const part of v.split('|')) if (!/^\d+$/.test(part)) add(part);
    }
    return out;
  }
  for (const line of text.split('\n')) {
    const v = line.replace(/(^|\s)#.*$/, '').trim();
    if (!v || v.startsWith('indicator,')) continue;
    add(v.startsWith('"') ? (v.slice(1, v.indexOf('"', 1))) : (v.split(',')[0] as string));
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) {
    process.stderr.write('usage: tsx scripts/gen-hunt-logs.ts OUTDIR [--seed N] [--size 100m] [--decoys N]\n');
    process.exitCode = 2;
    return;
  }
  const val = (k: string): string | undefined => args[args.indexOf(k) + 1];
  const size = val('--size');
  const mult: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  const opts: CorpusOptions = { seed: Number(val('--seed') ?? 1) };
  if (args.includes('--size') && size) opts.targetBytes = Number.parseFloat(size) * (mult[size.slice(-1).toLowerCase()] ?? 1);
  if (args.includes('--decoys')) opts.decoys = Number(val('--decoys'));
  if (opts.targetBytes) opts.spacing = 400;
  const c = generateHuntCorpus(dir, opts);
  process.stdout.write(`wrote ${c.bytes} log bytes, ${c.truth.length} expected hits, intel: ${c.intel.join(' ')}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() as string)) void main();

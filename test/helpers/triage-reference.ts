/**
 * Reference corpus and reference tools for the triage hash tests: real files from the system plus
 * generated edge cases, hashed at test time by Debian's `ssdeep` and `tlsh` binaries.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, lstatSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Is `name` an executable on PATH? */
export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Regular files (no symlinks) of a directory, sorted, between the given sizes. */
function regularFiles(dir: string, minSize: number, maxSize: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names
    .map((n) => join(dir, n))
    .filter((p) => {
      const st = lstatSync(p, { throwIfNoEntry: false });
      return st !== undefined && st.isFile() && st.size >= minSize && st.size <= maxSize;
    });
}

/** Every k-th element, to spread `count` picks over a sorted list. */
function spread<T>(list: T[], count: number): T[] {
  if (list.length <= count) return list;
  const step = list.length / count;
  return Array.from({ length: count }, (_, i) => list[Math.floor(i * step)]!);
}

/** Concatenation of byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Deterministic pseudo-random bytes (xorshift32), for compressible-looking-random test inputs. */
export function pseudoRandomBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Edge-case files written to a fresh temp dir: empty, 1 byte, tiny, under 4096 bytes, a run of
 * zeros, a file ending in zeros (rolling sum 0 at the end), text, random data, a large file.
 */
export function edgeCaseFiles(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pillbox-hash-'));
  const text = new TextEncoder().encode('The quick brown fox jumps over the lazy dog.\n'.repeat(300));
  const random = pseudoRandomBytes(3 << 20);
  const cases: Record<string, Uint8Array> = {
    'empty.bin': new Uint8Array(0),
    'one.bin': Uint8Array.of(0x41),
    'hello.txt': new TextEncoder().encode('hello'),
    'fifty.bin': random.subarray(0, 50),
    'r255.bin': random.subarray(0, 255),
    'r256.bin': random.subarray(0, 256),
    'r4095.bin': random.subarray(0, 4095),
    'r4096.bin': random.subarray(0, 4096),
    'zeros8k.bin': new Uint8Array(8192),
    'text.txt': text,
    'text-zero-tail.bin': concatBytes(text.subarray(0, 6000), new Uint8Array(100)),
    'random3m.bin': random,
    'random3m-zero-tail.bin': concatBytes(random.subarray(0, 1 << 20), new Uint8Array(64)),
  };
  return Object.entries(cases).map(([name, bytes]) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  });
}

/**
 * About `count` real files from /usr/bin and /usr/lib/x86_64-linux-gnu (at most `maxSize` bytes
 * each, spread over the sorted listings), plus one large library when present.
 */
export function systemFiles(count: number, maxSize = 4 << 20): string[] {
  const bin = spread(regularFiles('/usr/bin', 1, maxSize), Math.ceil(count / 2));
  const lib = spread(regularFiles('/usr/lib/x86_64-linux-gnu', 1, maxSize), Math.floor(count / 2));
  const large = regularFiles('/usr/lib/x86_64-linux-gnu', 20 << 20, 64 << 20).slice(0, 1);
  return [...bin, ...lib, ...large];
}

/** `ssdeep -s -c` over many files at once: path → digest. */
export function ssdeepReference(files: string[]): Map<string, string> {
  const out = execFileSync('ssdeep', ['-s', '-c', ...files], { maxBuffer: 1 << 26 }).toString();
  const map = new Map<string, string>();
  for (const line of out.split('\n').slice(1)) {
    const m = /^([^,]*),"(.*)"$/.exec(line);
    if (m !== null) map.set(m[2]!, m[1]!);
  }
  return map;
}

/** Score `ssdeep -a -x` gives each ordered pair of the given digests: `i,j` → score. */
export function ssdeepCompareReference(digests: string[]): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'pillbox-ssdeep-'));
  const sig = join(dir, 'sigs.txt');
  const lines = digests.map((d, i) => `${d},"f${i}"`);
  writeFileSync(sig, ['ssdeep,1.1--blocksize:hash:hash,filename', ...lines, ''].join('\n'));
  const out = execFileSync('ssdeep', ['-a', '-x', sig], { maxBuffer: 1 << 28 }).toString();
  const scores = new Map<string, number>();
  for (const m of out.matchAll(/:f(\d+) matches .*?:f(\d+) \((\d+)\)/g)) scores.set(`${m[1]},${m[2]}`, Number(m[3]));
  return scores;
}

/**
 * `tlsh -r` (3.4.4) over many files in one run, through a directory of symlinks: path → 70-hex
 * body, or null when the tool refuses the file (too small, too uniform).
 */
export function tlshReference(files: string[]): Map<string, string | null> {
  const dir = mkdtempSync(join(tmpdir(), 'pillbox-tlsh-ref-'));
  files.forEach((f, i) => symlinkSync(f, join(dir, `f${i}`)));
  const out = spawnSync('tlsh', ['-r', dir], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout;
  const map = new Map<string, string | null>(files.map((f) => [f, null]));
  for (const m of out.matchAll(/^([0-9A-F]{70})\t.*\/f(\d+)$/gm)) map.set(files[Number(m[2])]!, m[1]!);
  return map;
}

/** Distances `tlsh -xref -l` gives for every pair of a digest list (length difference on). */
export function tlshDiffReference(bodies: string[]): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'pillbox-tlsh-'));
  const list = join(dir, 'list.txt');
  writeFileSync(list, bodies.map((b, i) => `${b}\tf${i}`).join('\n') + '\n');
  const out = execFileSync('tlsh', ['-xref', '-l', list, '-T', '100000'], { maxBuffer: 1 << 26 }).toString();
  const map = new Map<string, number>();
  for (const m of out.matchAll(/^f(\d+)\tf(\d+)\t(\d+)$/gm)) map.set(`${m[1]},${m[2]}`, Number(m[3]));
  return map;
}

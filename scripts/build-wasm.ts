// Compiles native/fuzzy/*.c into data/wasm/fuzzy.wasm with Debian's clang and wasm-ld (packages
// clang and lld). `--check`: builds into a temporary file and exits 1 when the committed module
// differs from it (the build is byte-reproducible: no debug info, no producers section, no paths),
// 2 when clang is missing. Usage: npm run build:wasm [-- --check]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FUZZY_WASM_PATH } from '../src/triage/hash/fuzzy-wasm.js';

const SOURCES = fileURLToPath(new URL('../native/fuzzy/', import.meta.url));
/** Page size of WebAssembly memory. */
const PAGE = 65536;
/** End of the fixed memory map of native/fuzzy/memory.h (the entropy histograms end there). */
const MAP_END = 0x115000;
/** Memory pages: the map, the C constants and a 16 KiB stack; initial = maximum, so it never grows. */
const MEMORY = Math.ceil((MAP_END + 4096 + 16384) / PAGE) * PAGE;

const FLAGS = [
  '--target=wasm32', '-O3', '-msimd128', '-nostdlib', '-ffreestanding', '-Wall', '-Werror',
  '-Wl,--no-entry', '-Wl,--strip-all', `-Wl,--global-base=${MAP_END}`, '-Wl,-z,stack-size=16384',
  `-Wl,--initial-memory=${MEMORY}`, `-Wl,--max-memory=${MEMORY}`,
];

/** Compiles the C sources (sorted, relative to their folder, so the output has no path in it) to `out`. */
function build(out: string): void {
  const sources = readdirSync(SOURCES).filter((f) => f.endsWith('.c')).sort();
  execFileSync('clang', [...FLAGS, '-o', out, ...sources], { cwd: SOURCES, stdio: ['ignore', 'inherit', 'inherit'] });
}

const { values: v } = parseArgs({ options: { check: { type: 'boolean' } } });
try {
  execFileSync('clang', ['--version'], { stdio: 'ignore' });
} catch {
  process.stderr.write('build:wasm needs clang and lld (apt-get install clang lld)\n');
  process.exit(2);
}
if (v.check) {
  const dir = mkdtempSync(join(tmpdir(), 'pillbox-wasm-'));
  try {
    build(join(dir, 'fuzzy.wasm'));
    const fresh = readFileSync(join(dir, 'fuzzy.wasm'));
    let committed: Buffer | undefined;
    try {
      committed = readFileSync(FUZZY_WASM_PATH);
    } catch {
      committed = undefined;
    }
    if (committed === undefined || !fresh.equals(committed)) {
      process.stderr.write(`${FUZZY_WASM_PATH} differs from a fresh build of native/fuzzy/: run npm run build:wasm and commit it\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`${FUZZY_WASM_PATH} matches a fresh build (${fresh.length} bytes)\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  mkdirSync(dirname(FUZZY_WASM_PATH), { recursive: true });
  const tmp = `${FUZZY_WASM_PATH}.tmp`;
  build(tmp);
  writeFileSync(FUZZY_WASM_PATH, readFileSync(tmp));
  rmSync(tmp);
  process.stderr.write(`wrote ${FUZZY_WASM_PATH} (${readFileSync(FUZZY_WASM_PATH).length} bytes)\n`);
}

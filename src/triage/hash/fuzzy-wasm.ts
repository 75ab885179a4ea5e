/**
 * The fuzzy-hash WebAssembly module (data/wasm/fuzzy.wasm, compiled from our C in native/fuzzy/ by
 * `npm run build:wasm`). It runs the per-byte loops of TLSH and ssdeep (and the entropy pass's
 * byte counting, src/triage/entropy/window-wasm.ts): WebAssembly has no bounds
 * checks (guard pages) and no small-integer or typed-array checks, which measured ~1.4x (TLSH) and
 * ~1.6x (ssdeep) faster than the tuned JavaScript loops on the bench files. Loaded synchronously
 * (3 KB) on first use, once per thread; its memory has a fixed size, and input is copied in through
 * a 1 MiB slice.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PillboxError } from '../../errors.js';
import { TLSH_PEARSON } from './internal/tlsh-table.js';

/** data/wasm/fuzzy.wasm of this package (three levels above src/triage/hash or dist/triage/hash). */
export const FUZZY_WASM_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'wasm', 'fuzzy.wasm');

/** An instantiated fuzzy-hash module: views of its memory and its entry points. */
export interface FuzzyWasm {
  /** The module's memory, as bytes and as uint32 words; it never grows, so the views stay valid. */
  readonly mem8: Uint8Array;
  readonly mem32: Uint32Array;
  /** Byte address and size of the input slice. */
  readonly inputAt: number;
  readonly inputSize: number;
  /** Word index of the TLSH state: 256 buckets, then b1 b2 b3 b4 checksum. */
  readonly tlshState: number;
  /** Mixes the first `n` bytes of the input slice into the TLSH state. */
  readonly tlshMix: (n: number) => void;
  /** Word index of the ssdeep state: h1 h2 h3, lane words w0 w1 w2, reset mask, q. */
  readonly ssdeepState: number;
  /**
   * The ssdeep loops for 1, 2 and 3 lane words: run(from, n) hashes the input slice from `from` to
   * the first reset point (its index) or to `n` (then n + 1). The 7 bytes before the slice hold the
   * rolling window's earlier bytes.
   */
  readonly ssdeepRuns: readonly [(from: number, n: number) => number, (from: number, n: number) => number, (from: number, n: number) => number];
  /** The entropy pass's window histogram (256 counts, windows under 64 KiB; native/fuzzy/entropy.c). */
  readonly entropyWin: Uint16Array;
  /** The entropy pass's sum of tile windows' histograms (256 uint32 counts). */
  readonly entropyTotal: Uint32Array;
  /**
   * Moves the entropy window to the `blocks` blocks of `len` bytes from input-slice offset `start`:
   * ring slot `slot` (the leaving block's) takes the entering block. Flags: 1 starts a new input
   * (its first window), 2 adds the window to the total after. Returns 0 when the window histogram
   * is unchanged, else 1 + the number of distinct byte values in the window.
   */
  readonly entropyBlock: (start: number, len: number, blocks: number, slot: number, flags: number) => number;
}

/** The slice of the WebAssembly JS API used here (the project's lib settings do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => { buffer: ArrayBuffer };
}
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let shared: FuzzyWasm | undefined;

/** The bundled module of this thread, loaded on first call. Throws PillboxError (E_KB_MISSING) when missing or damaged. */
export function fuzzyWasm(): FuzzyWasm {
  shared ??= loadFuzzyWasm(FUZZY_WASM_PATH);
  return shared;
}

/**
 * Loads and initialises a fuzzy-hash module file (tests pass damaged copies).
 * @example loadFuzzyWasm(FUZZY_WASM_PATH).inputSize // 1048576
 */
export function loadFuzzyWasm(path: string): FuzzyWasm {
  const fail = (why: string, cause?: unknown): PillboxError =>
    new PillboxError('E_KB_MISSING', `fuzzy-hash module ${why}: ${path} (rebuild it with npm run build:wasm)`, { cause });
  let exports: Record<string, unknown>;
  try {
    exports = new WASM.Instance(new WASM.Module(readFileSync(path)), {}).exports;
  } catch (cause) {
    throw fail('unreadable', cause);
  }
  const fn = (name: string): ((...args: number[]) => number) => {
    const f = exports[name];
    if (typeof f !== 'function') throw fail(`has no function ${name}`);
    return f as (...args: number[]) => number;
  };
  const memory = exports['memory'];
  if (!(memory instanceof WASM.Memory)) throw fail('exports no memory');
  const { buffer } = memory;
  const inputAt = fn('input_at')();
  const inputSize = fn('input_size')();
  const stateAt = fn('tlsh_state')();
  const pearsonAt = fn('tlsh_pearson')();
  const ssdeepAt = fn('ssdeep_state')();
  const winAt = fn('entropy_win')();
  const totalAt = fn('entropy_total')();
  const fits = (at: number, size: number): boolean => at % 4 === 0 && at + size <= buffer.byteLength;
  const layoutOk = fits(inputAt, inputSize) && inputAt >= 8 && inputSize > 0 && fits(stateAt, 261 * 4) && fits(pearsonAt, 256) && fits(ssdeepAt, 8 * 4) && fits(winAt, 256 * 2) && fits(totalAt, 256 * 4);
  if (!layoutOk) throw fail('has a bad memory layout');
  const mem8 = new Uint8Array(buffer);
  mem8.set(TLSH_PEARSON, pearsonAt);
  fn('tlsh_init')();
  const mix = fn('tlsh_mix');
  const ssdeepRuns = [fn('ssdeep_run1'), fn('ssdeep_run2'), fn('ssdeep_run3')] as const;
  return {
    mem8, mem32: new Uint32Array(buffer), inputAt, inputSize, tlshState: stateAt / 4, tlshMix: (n) => void mix(n), ssdeepState: ssdeepAt / 4, ssdeepRuns,
    entropyWin: new Uint16Array(buffer, winAt, 256), entropyTotal: new Uint32Array(buffer, totalAt, 256), entropyBlock: fn('entropy_block'),
  };
}

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { PillboxError } from '../../errors.js';
import { FUZZY_WASM_PATH, fuzzyWasm, loadFuzzyWasm } from './fuzzy-wasm.js';
import { tlshBytes } from './tlsh.js';
import { pseudoRandomBytes } from '../../../test/helpers/triage-reference.js';

/** Expects `loadFuzzyWasm` to fail with the missing-data error on a module file with these bytes. */
function expectRejected(bytes: Uint8Array | null): void {
  const dir = mkdtempSync(join(tmpdir(), 'pillbox-wasm-test-'));
  const path = join(dir, 'fuzzy.wasm');
  if (bytes !== null) writeFileSync(path, bytes);
  let error: unknown;
  try {
    loadFuzzyWasm(path);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PillboxError);
  expect((error as PillboxError).code).toBe('E_KB_MISSING');
  expect((error as PillboxError).message).toContain(path);
}

describe('fuzzy-hash WebAssembly module', () => {
  it('loads the bundled module with its fixed memory map', () => {
    const w = loadFuzzyWasm(FUZZY_WASM_PATH);
    expect(w.inputSize).toBe(1 << 20);
    expect(w.inputAt + w.inputSize).toBeLessThanOrEqual(w.mem8.length);
  });

  it('rejects a missing, truncated, foreign or garbage module file with a PillboxError', () => {
    const real = readFileSync(FUZZY_WASM_PATH);
    expectRejected(null);
    expectRejected(new Uint8Array(0));
    expectRejected(real.subarray(0, real.length >> 1));
    expectRejected(pseudoRandomBytes(2048, 5));
    // A valid module that exports nothing.
    expectRejected(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  });

  it('keeps its memory size when hashing a buffer many times the input slice', () => {
    const before = fuzzyWasm().mem8.length;
    const big = pseudoRandomBytes(5 * (1 << 20) + 7, 9);
    expect(tlshBytes(big)).toMatch(/^T1[0-9A-F]{70}$/);
    expect(fuzzyWasm().mem8.length).toBe(before);
  });
});

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { PillboxError } from '../../errors.js';
import { FUZZY_WASM_PATH, fuzzyWasm, loadFuzzyWasm } from './fuzzy-wasm.js';
import { createSsdeep, ssdeepBytes } from './ssdeep.js';
import { createTlsh, tlshBytes } from './tlsh.js';
import { hasTool, pseudoRandomBytes, ssdeepReference, systemFiles, tlshReference } from '../../../test/helpers/triage-reference.js';

const HAVE_TOOLS = hasTool('ssdeep') && hasTool('tlsh');

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

  it('gives the reference digests of inputs over several 1 MiB slices, whole or in uneven chunks', { skip: !HAVE_TOOLS, timeout: 120_000 }, () => {
    const big = systemFiles(400, 12 << 20).filter((f) => statSync(f).size > 3 << 20).slice(0, 3);
    expect(big.length).toBeGreaterThan(0);
    const ssdeepRefs = ssdeepReference(big);
    const tlshRefs = tlshReference(big);
    for (const f of big) {
      const bytes = readFileSync(f);
      expect(ssdeepBytes(bytes)).toBe(ssdeepRefs.get(f));
      expect(tlshBytes(bytes)?.slice(2)).toBe(tlshRefs.get(f));
      for (const size of [(1 << 20) + 1, (1 << 20) - 3, 1000]) {
        const s = createSsdeep();
        const t = createTlsh();
        for (let i = 0; i < bytes.length; i += size) {
          s.update(bytes.subarray(i, i + size));
          t.update(bytes.subarray(i, i + size));
        }
        expect(s.digest()).toBe(ssdeepRefs.get(f));
        expect(t.digest()?.slice(2)).toBe(tlshRefs.get(f));
      }
    }
  });

  it('keeps its memory size when hashing a buffer many times the input slice', () => {
    const before = fuzzyWasm().mem8.length;
    const big = pseudoRandomBytes(5 * (1 << 20) + 7, 9);
    expect(tlshBytes(big)).toMatch(/^T1[0-9A-F]{70}$/);
    expect(fuzzyWasm().mem8.length).toBe(before);
  });
});

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { analyzeEntropy } from './entropy.js';
import { histogram } from './histogram.js';
import { WasmWindows } from './window-wasm.js';
import { createSsdeep, ssdeepBytes } from '../hash/ssdeep.js';
import { createTlsh, tlshBytes } from '../hash/tlsh.js';
import { pseudoRandomBytes, systemFiles } from '../../../test/helpers/triage-reference.js';

/** Input over several 1 MiB slices: a real binary, zero padding, a repeated block, random bytes. */
function mixedInput(): Uint8Array {
  const [elf] = systemFiles(1);
  const parts = [readFileSync(elf!).subarray(0, 1_500_000), new Uint8Array(70_000), Buffer.alloc(300_000, 'abcdefgh'), pseudoRandomBytes(900_001, 3)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

const distinct = (h: Float64Array): number => h.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);

describe('WasmWindows (the entropy pass counted in the fuzzy-hash module)', () => {
  it('gives each window exactly the histogram of its bytes, its distinct count, and the tile totals', () => {
    const input = mixedInput();
    for (const [bytes, window, step] of [[input, 1024, 256], [input.subarray(3), 1000, 250], [input.subarray(0, 3_000_000), 4096, 512]] as const) {
      const w = new WasmWindows(bytes, window, step);
      const blocks = window / step;
      const windows = Math.floor((bytes.length - window) / step) + 1;
      const tiles = new Float64Array(256);
      let checked = 0;
      for (let k = 0; k < windows; k++) {
        const tile = k % blocks === 0;
        const r = w.slide(k, tile);
        // Every 37th window, the last, and every window said to be unchanged.
        if (k % 37 !== 0 && k !== windows - 1 && r !== 0) continue;
        const want = histogram(bytes, k * step, k * step + window);
        expect(Array.from(w.win)).toEqual(Array.from(want));
        if (r !== 0) expect(r - 1).toBe(distinct(want));
        else expect(Array.from(want)).toEqual(Array.from(histogram(bytes, (k - 1) * step, (k - 1) * step + window)));
        checked++;
      }
      // The tiles cover [0, last tile's end): the total is their histogram.
      const lastTile = Math.floor((windows - 1) / blocks) * blocks;
      tiles.set(histogram(bytes, 0, lastTile * step + window));
      expect(Array.from(w.total)).toEqual(Array.from(tiles));
      expect(checked).toBeGreaterThan(100);
    }
  });

  it('fits only whole blocks under 64 KiB inside the input slice', () => {
    expect(WasmWindows.fits(1 << 20, 1024, 256)).toBe(true);
    expect(WasmWindows.fits(1 << 20, 1024, 300)).toBe(false);
    expect(WasmWindows.fits(1 << 20, 1024, 64)).toBe(false);
    expect(WasmWindows.fits(1 << 20, 65536, 8192)).toBe(false);
    expect(WasmWindows.fits(2 ** 32, 1024, 256)).toBe(false);
  });

  it('shares the module with the fuzzy hashers without disturbing them', () => {
    const bytes = mixedInput();
    const s = createSsdeep({ size: bytes.length });
    const t = createTlsh();
    const chunk = 700_000;
    for (let i = 0; i < bytes.length; i += chunk) {
      s.update(bytes.subarray(i, i + chunk));
      analyzeEntropy(bytes.subarray(i), { ranges: true });
      t.update(bytes.subarray(i, i + chunk));
    }
    expect(s.digest()).toBe(ssdeepBytes(bytes));
    expect(t.digest()).toBe(tlshBytes(bytes));
  });
});

describe('analyzeEntropy with the windows counted in the module', () => {
  it('finds the same regions whether every window is a profile point or few are', () => {
    // Low-distinct text (windows whose entropy is not computed unless they are points) around random payloads.
    const text = new TextEncoder().encode('Pillbox reads files and never runs them. '.repeat(3000));
    const bytes = new Uint8Array(text.length * 2 + 40_000);
    bytes.set(text, 0);
    bytes.set(randomBytes(20_000), text.length);
    bytes.set(text, text.length + 20_000);
    bytes.set(randomBytes(20_000), 2 * text.length + 20_000);
    const all = analyzeEntropy(bytes, { maxPoints: 1e6 });
    const few = analyzeEntropy(bytes, { maxPoints: 7 });
    expect(few.regions).toEqual(all.regions);
    expect(few.regions).toHaveLength(2);
    const byOffset = new Map(all.profile.points.map((p) => [p.offset, p.entropy]));
    for (const p of few.profile.points) expect(p.entropy).toBe(byOffset.get(p.offset));
  });
});

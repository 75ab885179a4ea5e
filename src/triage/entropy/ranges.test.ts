import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parseElf } from '../formats/elf/index.js';
import { analyzeEntropy, shannonEntropy } from './entropy.js';
import { checkpointBytes } from './ranges.js';

/** Ranges around and across checkpoints: aligned, off by one either way, short, long, clamped, empty. */
function ranges(n: number): [number, number][] {
  const CHECKPOINT_BYTES = checkpointBytes(n);
  const out: [number, number][] = [[0, n], [0, 0], [n, n], [-5, n + 100], [1, n - 1]];
  for (const a of [0, 1, CHECKPOINT_BYTES - 1, CHECKPOINT_BYTES, CHECKPOINT_BYTES + 3, 3 * CHECKPOINT_BYTES + 17]) {
    for (const len of [1, 100, 2 * CHECKPOINT_BYTES, 3 * CHECKPOINT_BYTES - 1, 5 * CHECKPOINT_BYTES + 1, n]) out.push([a, a + len]);
  }
  return out;
}

describe('checkpointBytes', () => {
  it('grows with the input from 1 KiB to 8 KiB, keeping the table within 1 MiB or 12.5%', () => {
    expect([0, 5000, 1 << 20, (1 << 20) + 1, 3 << 20, 100 << 20].map(checkpointBytes)).toEqual([1024, 1024, 1024, 2048, 4096, 8192]);
  });
});

describe('analyzeEntropy rangeEntropy', () => {
  it('equals shannonEntropy to the last bit on a real binary, unaligned views and odd sizes', () => {
    const ls = readFileSync('/bin/ls');
    const copy = new Uint8Array(ls.length + 1);
    copy.set(ls, 1);
    const big = new Uint8Array(3 * 1024 * 1024 + 77);
    for (let k = 0; k < big.length; k += ls.length) big.set(ls.subarray(0, Math.min(ls.length, big.length - k)), k);
    const views = [new Uint8Array(ls), copy.subarray(1), ls.subarray(0, 100_003), ls.subarray(0, 5000), new Uint8Array(64 * 1024), big];
    for (const bytes of views) {
      const r = analyzeEntropy(bytes, { ranges: true });
      expect(r.rangeEntropy).toBeTypeOf('function');
      for (const [s, e] of ranges(bytes.length)) expect(r.rangeEntropy!(s, e)).toBe(shannonEntropy(bytes, s, e));
    }
  });

  it('falls back to a direct count when the window does not tile the checkpoints', () => {
    const bytes = readFileSync('/bin/ls').subarray(0, 200_000);
    const r = analyzeEntropy(bytes, { ranges: true, window: 1000, step: 250 });
    for (const [s, e] of ranges(bytes.length)) expect(r.rangeEntropy!(s, e)).toBe(shannonEntropy(bytes, s, e));
  });

  it('is absent without the option and leaves the rest of the report unchanged', () => {
    const bytes = readFileSync('/bin/ls');
    const { rangeEntropy, ...withRanges } = analyzeEntropy(bytes, { ranges: true });
    expect(rangeEntropy).toBeDefined();
    expect(analyzeEntropy(bytes)).toEqual(withRanges);
  });

  it('gives the same high-entropy regions (entropies from the prefixes) as counting them in the pass', () => {
    const ls = readFileSync('/bin/ls');
    const mixed = new Uint8Array(4 * ls.length);
    for (let k = 0; k < 4; k++) mixed.set(ls, k * ls.length);
    for (const [at, size] of [[5000, 3000], [40_000, 70_001], [300_000, 123_457], [mixed.length - 20_000, 20_000]] as const) mixed.set(randomBytes(size), at);
    for (const bytes of [mixed, randomBytes(3 * 1024 * 1024 + 5), randomBytes(7000)]) {
      const { rangeEntropy, ...withRanges } = analyzeEntropy(bytes, { ranges: true });
      expect(rangeEntropy).toBeDefined();
      expect(withRanges.regions.length).toBeGreaterThan(0);
      expect(withRanges).toEqual(analyzeEntropy(bytes));
      const few = analyzeEntropy(bytes, { ranges: true, maxRegions: 2 });
      delete few.rangeEntropy;
      expect(few).toEqual(analyzeEntropy(bytes, { maxRegions: 2 }));
    }
  });

  it('gives an ELF parser the same section entropies as its own pass', () => {
    const libc = readFileSync('/lib/x86_64-linux-gnu/libc.so.6');
    const own = parseElf(libc)!;
    const viaRanges = parseElf(libc, { rangeEntropy: analyzeEntropy(libc, { ranges: true }).rangeEntropy! })!;
    expect(own.sections.filter((s) => s.entropy !== null).length).toBeGreaterThan(10);
    expect(viaRanges.sections).toEqual(own.sections);
  });
});

import { randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { analyzeEntropy, shannonEntropy } from './entropy.js';

const text = new TextEncoder().encode('Pillbox reads files and never runs them. '.repeat(2000));

function withPayload(payloadAt: number, payloadSize: number): { bytes: Uint8Array; payload: Uint8Array } {
  const payload = randomBytes(payloadSize);
  const bytes = new Uint8Array(text.length + payloadSize);
  bytes.set(text.subarray(0, payloadAt), 0);
  bytes.set(payload, payloadAt);
  bytes.set(text.subarray(payloadAt), payloadAt + payloadSize);
  return { bytes, payload };
}

describe('shannonEntropy', () => {
  it('is 0 for constant or empty input, 8 for a uniform histogram, 1 for two equal symbols', () => {
    expect(shannonEntropy(new Uint8Array(1000))).toBe(0);
    expect(shannonEntropy(new Uint8Array(0))).toBe(0);
    expect(shannonEntropy(Uint8Array.from({ length: 2560 }, (_, i) => i & 255))).toBeCloseTo(8, 10);
    expect(shannonEntropy(Uint8Array.from({ length: 100 }, (_, i) => i & 1))).toBeCloseTo(1, 10);
  });
});

describe('analyzeEntropy', () => {
  it('finds an embedded encrypted-looking payload with its offset and size', () => {
    const { bytes } = withPayload(20_000, 16_384);
    const r = analyzeEntropy(bytes);
    expect(r.regions).toHaveLength(1);
    const [region] = r.regions;
    // Windows straddling the edges may still pass the threshold: allow one window of slack.
    expect(Math.abs(region!.offset - 20_000)).toBeLessThanOrEqual(1024);
    expect(Math.abs(region!.offset + region!.size - 36_384)).toBeLessThanOrEqual(1024);
    expect(region!.entropy).toBeGreaterThan(7.5);
    expect(r.entropy).toBeCloseTo(shannonEntropy(bytes), 3);
  });

  it('reports no region in low-entropy input and keeps the profile bounded', () => {
    const r = analyzeEntropy(text, { maxPoints: 10 });
    expect(r.regions).toEqual([]);
    expect(r.profile.points.length).toBeLessThanOrEqual(10);
    expect(r.profile.points[0]).toEqual({ offset: 0, entropy: expect.any(Number) });
    for (const p of r.profile.points) expect(p.entropy).toBeLessThan(5);
  });

  it('profiles windows that match a direct computation', () => {
    const { bytes } = withPayload(4096, 8192);
    const r = analyzeEntropy(bytes, { window: 2048, step: 512, maxPoints: 100_000 });
    for (const p of r.profile.points) {
      expect(p.entropy).toBeCloseTo(shannonEntropy(bytes, p.offset, p.offset + 2048), 3);
    }
  });

  it('profiles padding and periodic runs (windows whose histogram does not change) like a direct computation', () => {
    // Zeros, a period-3 run (words differ while the histogram stays), random bytes, a period-4 run.
    const parts = [new Uint8Array(9000), Uint8Array.from({ length: 9000 }, (_, i) => [1, 2, 3][i % 3]!), randomBytes(5000),
      Uint8Array.from({ length: 9000 }, (_, i) => 0x90 + (i & 3))];
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
    for (const view of [bytes, bytes.subarray(1)]) {
      const r = analyzeEntropy(view, { maxPoints: 100_000 });
      expect(r.profile.points.length).toBeGreaterThan(100);
      for (const p of r.profile.points) expect(p.entropy).toBeCloseTo(shannonEntropy(view, p.offset, p.offset + 1024), 3);
    }
  });

  it('handles empty, tiny and step-larger-than-window inputs', () => {
    expect(analyzeEntropy(new Uint8Array(0))).toEqual({
      entropy: 0, profile: { window: 1, step: 1, points: [] }, regions: [], regionsTruncated: false,
    });
    expect(analyzeEntropy(Uint8Array.of(7)).profile.points).toEqual([{ offset: 0, entropy: 0 }]);
    const { bytes } = withPayload(10_000, 20_000);
    const sparse = analyzeEntropy(bytes, { window: 1024, step: 4096 });
    expect(sparse.entropy).toBeCloseTo(shannonEntropy(bytes), 3);
    expect(sparse.regions.length).toBe(1);
  });

  it('falls back to defaults for unusable options instead of looping', () => {
    const { bytes } = withPayload(1000, 5000);
    const r = analyzeEntropy(bytes, { window: Number.NaN, step: 0, maxPoints: -3 });
    expect(r.profile.window).toBe(1024);
    expect(r.regions).toHaveLength(1);
  });

  it('bounds the number of regions', () => {
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) chunks.push(randomBytes(2048), new Uint8Array(4096));
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) { bytes.set(c, at); at += c.length; }
    const r = analyzeEntropy(bytes, { maxRegions: 5 });
    expect(r.regions).toHaveLength(5);
    expect(r.regionsTruncated).toBe(true);
  });
});

describe('analyzeEntropy word and byte paths', () => {
  it('gives the same report for aligned and unaligned views of the same bytes', () => {
    const { bytes } = withPayload(3000, 9000);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const unaligned = shifted.subarray(1);
    expect(unaligned.byteOffset % 4).not.toBe(0);
    const opts = { window: 1024, step: 256, maxPoints: 100_000 };
    expect(analyzeEntropy(unaligned, opts)).toEqual(analyzeEntropy(bytes, opts));
    for (const p of analyzeEntropy(unaligned, opts).profile.points) {
      expect(p.entropy).toBeCloseTo(shannonEntropy(bytes, p.offset, p.offset + 1024), 3);
    }
  });
});

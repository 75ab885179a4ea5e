import { describe, expect, it } from 'vitest';
import { HUNT_TYPES, type IntelIndicator } from '../types.js';
import { packIndicators, unpackIndicators } from './pack.js';

describe('packIndicators', () => {
  it('round-trips every type, source and title (through a structured clone, as to a worker)', () => {
    const inds: IntelIndicator[] = HUNT_TYPES.flatMap((type, i) => [
      { type, value: `v${i}`, raw: `r[${i}]`, source: 'feed.csv', source_title: 'feed.csv' },
      { type, value: `w${i}`, raw: `w${i}`, source: i % 2 ? 'a.json' : 'feed.csv', source_title: i % 3 ? 'Report A' : 'feed.csv' },
    ]);
    const packed = structuredClone(packIndicators(inds));
    expect(packed.sources.length).toBe(new Set(inds.map((i) => `${i.source}\u0000${i.source_title}`)).size);
    expect(unpackIndicators(packed)).toEqual(inds);
    expect(unpackIndicators(packIndicators([]))).toEqual([]);
  });
});

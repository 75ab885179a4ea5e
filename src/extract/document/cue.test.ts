import { describe, expect, it } from 'vitest';
import { documentMeta } from './index.js';

const BODY = '\n\nThe operators moved through the network for several weeks before anyone noticed the traffic.\n';
const published = (text: string): string | null => documentMeta(text, { source: 'r.md' }).published;

describe('publication cue scan', () => {
  it('finds cue words in any case, including non-ASCII ones', () => {
    expect(published(`# Title${BODY}VERÖFFENTLICHT am 12.03.2025 von der Redaktion und mehr Text hier dazu.`)).toBe('2025-03-12');
    expect(published(`# Title${BODY}Il rapporto è stato pubblicato il 4 marzo 2025 dal nostro gruppo di ricerca interno.`)).toBe('2025-03-04');
    expect(published(`# Title${BODY}Dit rapport werd gepubliceerd op 2025-05-06 door het onderzoeksteam van het bedrijf.`)).toBe('2025-05-06');
  });
  it('needs the cue to start a word and the date to follow it closely', () => {
    expect(published(`# Title${BODY}The sample predated 2024-01-01 builds; this report was last updated and Posted: 2025-02-03 by us.`)).toBe('2025-02-03');
    expect(published(`# Title${BODY}We released the tooling to partners long ago, and on a later occasion 2025-02-03 came up.`)).toBeNull();
  });
});

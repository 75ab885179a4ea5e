import { describe, expect, it } from 'vitest';
import { extractIndicators } from './index.js';

// Hostile inputs must finish and return sensible results (speed is measured in npm run bench:extract,
// not asserted here).
const MB = 1 << 20;

describe('adversarial input', () => {
  it.each([
    ['dots', '.'.repeat(2 * MB)],
    ['bracket dots', '[.]'.repeat(700_000)],
    ['hex digits', '0123456789abcdef'.repeat(MB / 8)],
    ['a.a.a.', 'a.'.repeat(MB)],
    ['brackets', '(['.repeat(MB)],
    ['backslashes', '\\'.repeat(2 * MB)],
    ['colons', ':'.repeat(2 * MB)],
    ['at signs', 'a@'.repeat(MB)],
    ['schemes', 'http://'.repeat(300_000)],
    ['closing parens after a url', `http://evil.com/${')'.repeat(MB)}`],
    ['spaced dots', 'a dot '.repeat(300_000)],
    ['drive letters', 'C:\\'.repeat(600_000)],
    ['digits and dots', '1.'.repeat(MB)],
  ])('%s finishes with no bogus indicator', (_name, text) => {
    const r = extractIndicators(text, { warninglists: null });
    expect(r.length).toBeLessThanOrEqual(2);
  });

  it('finds indicators on one very long line and numbers it line 1', () => {
    const text = `${'x 1.2.3.4 evil[.]com '.repeat(50_000)}end`;
    const r = extractIndicators(text, { warninglists: null });
    expect(r.map((i) => i.value)).toEqual(['1.2.3.4', 'evil.com']);
    expect(r[0]?.occurrences.length).toBe(50_000);
    expect(r[0]?.occurrences.every((o) => o.line === 1)).toBe(true);
    expect(r[0]?.context.length).toBeLessThanOrEqual(130);
  });

  it('does not report slices of a 64-hex run cut by the segment limit', () => {
    const text = 'ab12'.repeat(16384 / 4) + 'e7cd8c832a4e875c322ee66eb9f2b63ea316b164e293c47ab3132b0ab8e868e1';
    expect(extractIndicators(text, { warninglists: null })).toEqual([]);
  });

  it('survives lone surrogates, NUL and control characters', () => {
    const text = '\ud800evil.com\u0000 1.2.3.4\u0007 \udfff';
    const r = extractIndicators(text, { warninglists: null });
    // A lone surrogate is not a letter of a host name, so the name after it still counts.
    expect(r.map((i) => i.value)).toEqual(['evil.com', '1.2.3.4']);
  });

  it('returns nothing for empty text', () => {
    expect(extractIndicators('', { warninglists: null })).toEqual([]);
  });
});

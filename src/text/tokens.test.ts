import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';
import { sharedText } from './shared.js';
import { ALL_CAPS, CAPITALISED, DIGITS, HAS_DIGIT, NON_ASCII, tokenizeText, wordHash } from './tokens.js';

/** Reference: the same words by regex (letters/digits/_ and code units above U+00BF minus typographic marks). */
function regexWords(text: string): string[] {
  return [...text.matchAll(/[A-Za-z0-9_\u00c0-\u2012\u2015-\u2018\u201a\u201b\u201e-\u2021\u2023-\uffff]+/g)].map((m) => m[0]);
}

describe('tokenizeText', () => {
  const text = 'APT41 used KeyPlug (cmd.exe) against Italian firms — 2024’s Škoda_x; “quoted” • 12 TA505';
  const t = tokenizeText(text);
  const raws = Array.from({ length: t.count }, (_, i) => t.raw(i));

  it('finds the same words as a regex split, with offsets into the text', () => {
    expect(raws).toEqual(regexWords(text));
    for (let i = 0; i < t.count; i++) expect(text.slice(t.start[i], t.endOf(i))).toBe(raws[i]);
  });

  it('keeps the end of tokens of any length (one byte of length, long ones in a map)', () => {
    const words = ['a', 'x'.repeat(254), 'y'.repeat(255), 'Z'.repeat(256), 'é'.repeat(1000), 'end'];
    const long = words.join(' ... ');
    const lt = tokenizeText(long);
    expect(Array.from({ length: lt.count }, (_, i) => lt.raw(i))).toEqual(words);
    let at = 0;
    for (let i = 0; i < lt.count; i++) {
      at = long.indexOf(words[i]!, at);
      expect([lt.start[i], lt.endOf(i)]).toEqual([at, at + words[i]!.length]);
      at += words[i]!.length;
    }
    expect(lt.longEnds.size).toBe(3);
  });

  it('hashes case-insensitively', () => {
    expect(wordHash('KEYPLUG')).toBe(wordHash('keyplug'));
    expect(wordHash('keyplug')).not.toBe(wordHash('keyplugs'));
  });

  it('flags capitals, digits and non-ASCII', () => {
    const f = (w: string): number => t.flags[raws.indexOf(w)]!;
    expect(f('APT41')).toBe(CAPITALISED | ALL_CAPS | HAS_DIGIT);
    expect(f('KeyPlug')).toBe(CAPITALISED);
    expect(f('used')).toBe(0);
    expect(f('12')).toBe(DIGITS | HAS_DIGIT);
    expect(f('Škoda_x') & NON_ASCII).toBe(NON_ASCII);
    expect(f('Škoda_x') & CAPITALISED).toBe(0);
  });

  it('maps offsets to tokens and sentences to token ranges', () => {
    expect(t.firstAtOrAfter(0)).toBe(0);
    expect(t.firstAtOrAfter(text.indexOf('used'))).toBe(1);
    expect(t.firstAtOrAfter(text.indexOf('used') + 1)).toBe(2);
    expect(t.firstAtOrAfter(text.length)).toBe(t.count);
    const doc = 'APT41 used KeyPlug. Then it left.\n\n- item one';
    const dt = tokenizeText(doc);
    const words = splitSentences(doc).map((s) => {
      const out: string[] = [];
      for (let i = dt.firstAtOrAfter(s.start); i < dt.count && dt.start[i]! < s.end; i++) out.push(dt.word(i));
      return out.join(' ');
    });
    expect(words).toEqual(['apt41 used keyplug', 'then it left', 'item one']);
  });
});

describe('sharedText', () => {
  it('computes each analysis once per context and text', () => {
    const ctx: { text: string; shared?: ReturnType<typeof sharedText> } = { text: 'One. Two three.' };
    const a = sharedText(ctx);
    expect(sharedText(ctx).sentences).toBe(a.sentences);
    expect(sharedText(ctx).tokens).toBe(a.tokens);
    expect(a.sentences.map((s) => s.text)).toEqual(['One.', 'Two three.']);
    ctx.text = 'Other text.';
    expect(sharedText(ctx).sentences.map((s) => s.text)).toEqual(['Other text.']);
  });

  it('frees a part on release: its token tables are detached and reading it again throws', () => {
    const shared = sharedText({ text: 'word '.repeat(20_000) });
    const tokens = shared.tokens;
    expect(tokens.count).toBe(20_000);
    shared.release('tokens');
    expect(tokens.start.length).toBe(0);
    expect(tokens.id.length).toBe(0);
    expect(() => shared.tokens).toThrow(/tokens read after release/);
    expect(shared.sentences.length).toBeGreaterThan(0);
    shared.release();
    expect(() => shared.sentences).toThrow(/sentences read after release/);
  });
});

// The shared word table (intern.ts) through the document tokenizer: one id per lower-cased word whatever
// its case or path (packed short words, long words, words with non-ASCII letters), the same ids the
// techniques tokenizer gives, and a bounded table: once full, new words are kept per text instead.
import { describe, expect, it } from 'vitest';
import { newTokenBuffer, scanTokens, wordOfToken } from '../extract/techniques/tokenize.js';
import { INTERN_SLOTS, internedWord } from './intern.js';
import { tokenizeText } from './tokens.js';

describe('intern ids of tokenizeText', () => {
  it('gives one id per lower-cased word', () => {
    const t = tokenizeText('Loader LOADER loader Configuration CONFIGURATION Škoda ŠKODA škoda');
    const ids = Array.from(t.id.subarray(0, t.count));
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(new Set(ids.slice(3, 5)).size).toBe(1);
    expect(new Set(ids.slice(5, 8)).size).toBe(1);
    expect(Array.from({ length: t.count }, (_, i) => t.word(i))).toEqual(['loader', 'loader', 'loader', 'configuration', 'configuration', 'škoda', 'škoda', 'škoda']);
    expect(internedWord(ids[3]!)).toBe('configuration');
  });

  it('shares the ids with the techniques tokenizer', () => {
    const text = 'The implant decrypts its configuration with AES and beacons to ÉVIL-C2 over HTTPS.';
    const t = tokenizeText(text);
    const buf = newTokenBuffer();
    scanTokens(text, buf);
    expect(Array.from(buf.ids.subarray(0, buf.n))).toEqual(Array.from(t.id.subarray(0, t.count)));
  });

  it('stops growing when full and keeps later words per text', () => {
    const words = Array.from({ length: INTERN_SLOTS + 10 }, (_, i) => `w${i.toString(36)}x`);
    const t = tokenizeText(words.join(' '));
    expect(t.count).toBe(words.length);
    const last = t.count - 1;
    expect(t.id[last]).toBeGreaterThanOrEqual(INTERN_SLOTS);
    expect(t.word(last)).toBe(words[last]);
    const again = tokenizeText(`NEWWORD ${words[0]!.toUpperCase()}`);
    expect(again.id[0]).toBe(INTERN_SLOTS);
    expect(again.word(0)).toBe('newword');
    expect(again.id[1]).toBe(t.id[0]);
    const buf = newTokenBuffer();
    scanTokens('newword', buf);
    expect(wordOfToken(buf, buf.ids[0]!)).toBe('newword');
  });
});

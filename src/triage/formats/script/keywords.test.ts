import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countKeywords, keywordTable } from './keywords.js';

/** The reference: one indexOf loop per keyword, as the script scorer used to count. */
function byIndexOf(text: string, words: string[], cap: number): number[] {
  return words.map((w) => {
    let n = 0;
    for (let i = text.indexOf(w); i >= 0 && n < cap; i = text.indexOf(w, i + w.length)) n++;
    return n;
  });
}

const WORDS = ['echo ', 'set ', 'set-', 'aa', 'aaa', 'a', '$(', '${', 'fi\n', 'then\n', 'import ', 'def ', 'self.', '=>', '==='];

describe('countKeywords', () => {
  it('counts like an indexOf loop per keyword: overlaps, repeats, caps', () => {
    const table = keywordTable(WORDS);
    for (const text of ['', 'aaaa', 'aaaaaaa a', '====>===', 'set set-set echo echo ', 'if x; then\nfi\nfi\n', 'été aa ${x} $(y) ∑aa']) {
      for (const cap of [1, 3, 20]) expect(Array.from(countKeywords(text, table, cap)), `${JSON.stringify(text)} ${cap}`).toEqual(byIndexOf(text, WORDS, cap));
    }
  });

  it('counts like an indexOf loop per keyword on real text files', () => {
    const table = keywordTable(WORDS);
    const dir = '/usr/share/doc';
    const files = readdirSync(dir).slice(0, 120).map((d) => join(dir, d, 'copyright')).filter((p) => statSync(p, { throwIfNoEntry: false })?.isFile());
    expect(files.length).toBeGreaterThan(20);
    let hits = 0;
    for (const p of files) {
      const text = readFileSync(p, 'latin1').toLowerCase();
      const mine = Array.from(countKeywords(text, table, 3));
      expect(mine, p).toEqual(byIndexOf(text, WORDS, 3));
      hits += mine.reduce((a, b) => a + b, 0);
    }
    expect(hits).toBeGreaterThan(100);
  });

  it('refuses keywords it cannot index', () => {
    expect(() => keywordTable([''])).toThrow();
    expect(() => keywordTable(['été'])).toThrow();
  });
});

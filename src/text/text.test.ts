import { describe, expect, it } from 'vitest';
import { LineIndex, contextSnippet } from './lines.js';
import { sentenceAt, splitSentences } from './sentences.js';

describe('LineIndex', () => {
  it('maps offsets to 1-based lines', () => {
    const t = 'ab\ncd\n\nef';
    const li = new LineIndex(t);
    expect([0, 2, 3, 5, 6, 7, 8].map((o) => li.lineOf(o))).toEqual([1, 1, 2, 2, 3, 4, 4]);
    expect(li.lineCount).toBe(4);
    expect(li.startOf(4)).toBe(7);
  });
  it('builds a one-line snippet around a span', () => {
    const t = 'first line\nthe payload   hash is abc here\nthird';
    const s = t.indexOf('abc');
    expect(contextSnippet(t, s, s + 3, 10)).toBe('hash is abc here');
  });
});

describe('splitSentences', () => {
  it('does not split inside domains, IPs, versions or abbreviations', () => {
    const t = 'The loader contacts evil.com and 10.0.0.1 (version 1.2.3), e.g. over WSS. Then it sleeps! Does it? Yes.';
    const s = splitSentences(t).map((x) => x.text);
    expect(s).toEqual([
      'The loader contacts evil.com and 10.0.0.1 (version 1.2.3), e.g. over WSS.',
      'Then it sleeps!',
      'Does it?',
      'Yes.',
    ]);
  });
  it('breaks at blank lines and list items, keeping offsets exact', () => {
    const t = '# Title\n\nIntro text\n- item one\n- item two';
    const s = splitSentences(t);
    expect(s.map((x) => x.text)).toEqual(['# Title', 'Intro text', '- item one', '- item two']);
    for (const x of s) expect(t.slice(x.start, x.end)).toBe(x.text);
    expect(sentenceAt(s, t.indexOf('two'))).toBe(3);
    expect(sentenceAt(s, 8)).toBe(-1);
  });
  it('stays linear on one huge line without punctuation', () => {
    const t = 'a '.repeat(100_000);
    const s = splitSentences(t);
    expect(s.length).toBeGreaterThan(90);
    expect(s.every((x) => x.text.length <= 2001)).toBe(true);
  });
});

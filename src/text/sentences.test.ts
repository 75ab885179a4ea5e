import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng.js';
import { splitSentences, type Sentence } from './sentences.js';
import { isTokenChar } from './tokens.js';

// Reference: the character-by-character splitter that the indexOf-driven one replaced (same rules).
const MAX = 2000;
const ABBR = new Set(['e.g', 'i.e', 'etc', 'vs', 'cf', 'al', 'inc', 'corp', 'ltd', 'mr', 'mrs', 'dr', 'no', 'fig', 'approx', 'a.k.a', 'aka', 'u.s', 'st', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);
const sp = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
function abbr(text: string, dot: number): boolean {
  let a = dot;
  while (a > 0 && dot - a < 6) {
    const c = text.charCodeAt(a - 1);
    if (sp(c) || c === 40) break;
    a--;
  }
  const w = text.slice(a, dot).toLowerCase();
  return w.length > 0 && (ABBR.has(w) || (w.length === 1 && /[a-z]/.test(w)));
}
function reference(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number): void => {
    let a = start;
    let b = end;
    while (a < b && sp(text.charCodeAt(a))) a++;
    while (b > a && sp(text.charCodeAt(b - 1))) b--;
    if (b > a) out.push({ text: text.slice(a, b), start: a, end: b });
    start = end;
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // No white space since start + MAX for MAX more characters: cut at the first character between
    // two words (before this one).
    if (i - start > 2 * MAX) {
      let p = start + MAX;
      while (p < i && isTokenChar(text.charCodeAt(p))) p++;
      if (p < i) push(p);
    }
    if (i - start >= MAX && sp(c)) {
      push(i);
      continue;
    }
    if (c === 10) {
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 13)) j++;
      const d = text.charCodeAt(j);
      if (j >= n || d === 10 || d === 45 || d === 42 || d === 35 || d === 124 || d === 0x2022 || d === 62) push(i + 1);
      continue;
    }
    if (c !== 46 && c !== 33 && c !== 63) continue;
    const next = text.charCodeAt(i + 1);
    if (i + 1 < n && !sp(next) && next !== 34 && next !== 39 && next !== 41 && next !== 0x201d) continue;
    if (c === 46 && abbr(text, i)) continue;
    let j = i + 1;
    while (j < n && !sp(text.charCodeAt(j))) j++;
    while (j < n && sp(text.charCodeAt(j))) j++;
    const d = text.charCodeAt(j);
    const startsNew = j >= n || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 34 || d === 0x201c || d === 40 || d === 91 || d === 45 || d === 42 || d > 0xc0;
    if (startsNew) push(Math.min(i + 1 + (j > i + 1 && !sp(next) ? 1 : 0), n));
  }
  push(n);
  return out;
}

describe('splitSentences against the character-by-character reference', () => {
  it('splits random report-like texts identically, long unbroken runs included', () => {
    const rnd = mulberry32(2000);
    const pieces = ['The', 'loader', 'APT41', 'e.g.', 'U.S.', 'evil.com', '1.2.3.4', '.', '. ', '! ', '? ', '."', '.) ', '\n', '\n\n', '\n- ', '\n# ', '\n| ', ' ', '  ', '\u00a0', '\t', '\r\n', 'x', '"Quoted"', '(', '[', 'É', '•', 'Mr.', 'a.', 'z.'];
    for (let round = 0; round < 400; round++) {
      const parts: string[] = [];
      const count = Math.floor(rnd() * 200);
      for (let k = 0; k < count; k++) {
        // Now and then a run long enough to trip the MAX_SENTENCE cut, with or without spaces.
        // ('a,b.': no white space but characters between words, as in `a.a.a.…`.)
        if (rnd() < 0.01) parts.push((rnd() < 0.4 ? 'word ' : rnd() < 0.5 ? 'w' : rnd() < 0.5 ? 'a,b.' : 'x-y.').repeat(300 + Math.floor(rnd() * 1500)));
        else parts.push(pieces[Math.floor(rnd() * pieces.length)]!);
      }
      const text = parts.join(rnd() < 0.5 ? ' ' : '');
      expect(splitSentences(text)).toEqual(reference(text));
    }
  });
});

describe('splitSentences on hostile input', () => {
  it('stays linear on a long run of boundary characters without spaces', () => {
    const text = 'a.'.repeat(200_000) + ' End.';
    const out = splitSentences(text);
    expect(out).toEqual(reference(text));
    expect(out.length).toBeGreaterThan(1);
  });
});

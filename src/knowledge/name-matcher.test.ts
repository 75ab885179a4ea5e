import { describe, expect, it } from 'vitest';
import { foldName } from './fold.js';
import { compileNames, isWordChar, scanNames, type NameMatch } from './name-matcher.js';
import { isNameSeparator } from './fold.js';
import { mulberry32 } from '../util/prng.js';

function find(names: string[], text: string): string[] {
  const a = compileNames(names.map(foldName));
  return scanNames(a, text).map((m) => `${names[m.key]}@${text.slice(m.start, m.end)}`);
}

describe('foldName', () => {
  it.each([
    ['APT 41', 'apt41'], ['APT-41', 'apt41'], ['apt41', 'apt41'], ['Côte d’Ivoire', 'coted|ivoire'],
    ['JPCERT/CC', 'jpcert|cc'], ['Foo (Bar)', 'foo#bar#'], ['KEYPLUG.LINUX', 'keypluglinux'],
  ])('%s → %s', (a, b) => expect(foldName(a)).toBe(b));
});

describe('scanNames', () => {
  it('matches separator variants of one name with offsets into the original text', () => {
    const t = 'APT41, also APT 41 or apt-41 (and APT410 is different).';
    const a = compileNames([foldName('APT41')]);
    expect(scanNames(a, t).map((m) => t.slice(m.start, m.end))).toEqual(['APT41', 'APT 41', 'apt-41']);
  });
  it('requires word boundaries on both ends', () => {
    expect(find(['Turla', 'Net'], 'Turlagram network Turla; .NET net')).toEqual(['Turla@Turla', 'Net@NET', 'Net@net']);
  });
  it('treats underscores as part of identifiers at the edges', () => {
    expect(find(['Page', 'TAG_0530'], 'PAGE_EXECUTE_READWRITE, _Page, TAG_0530 and TAG 0530')).toEqual(['TAG_0530@TAG_0530', 'TAG_0530@TAG 0530']);
  });
  it('reports overlapping and nested names', () => {
    expect(find(['Lazarus', 'Lazarus Group', 'Group'], 'the Lazarus Group')).toEqual(['Lazarus@Lazarus', 'Lazarus Group@Lazarus Group', 'Group@Group']);
  });
  it('does not match across hard breaks but keeps joiners', () => {
    expect(find(['Cobalt Strike', 'JPCERT/CC'], 'cobalt, strike; Cobalt\u00a0Strike; JPCERT/CC')).toEqual(['Cobalt Strike@Cobalt\u00a0Strike', 'JPCERT/CC@JPCERT/CC']);
  });
  it('re-checks names with letters beyond a–z (they share one symbol)', () => {
    expect(find(['세미나', 'Škoda'], '세미나 and 다른것 and 세미 and Skoda')).toEqual(['세미나@세미나', 'Škoda@Skoda']);
  });
  it('folds diacritics in the text', () => {
    expect(find(['Turkiye'], 'attacks in Türkiye')).toEqual(['Turkiye@Türkiye']);
  });
  it('handles many names and repeated prefixes', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `Name${i}x`);
    const text = names.filter((_, i) => i % 500 === 0).join(' ');
    expect(find(names, text)).toEqual(['Name0x@Name0x', 'Name500x@Name500x', 'Name1000x@Name1000x', 'Name1500x@Name1500x', 'Name2000x@Name2000x', 'Name2500x@Name2500x']);
  });
  it('survives empty input and keys that cannot match', () => {
    const a = compileNames(['', 'a#b', 'ok']);
    expect(scanNames(a, '')).toEqual([]);
    expect(scanNames(a, 'a#b ok').map((m) => m.key)).toEqual([2]);
  });
});

/** Brute force: every key tried at every word start, folding the text one character at a time. */
function referenceScan(keys: readonly string[], text: string): NameMatch[] {
  const out: NameMatch[] = [];
  const firstId = new Map<string, number>();
  keys.forEach((k, id) => {
    if (k !== '' && !k.includes('#') && !firstId.has(k)) firstId.set(k, id);
  });
  for (let i = 0; i < text.length; i++) {
    if (isNameSeparator(text.charCodeAt(i)) || foldName(text[i]!) === '#' || isWordChar(text, i - 1)) continue;
    for (const [k, id] of firstId) {
      let j = i;
      let p = 0;
      while (p < k.length && j < text.length) {
        if (isNameSeparator(text.charCodeAt(j))) {
          j++;
          continue;
        }
        if (foldName(text[j]!) !== k[p]) break;
        p++;
        j++;
      }
      if (p === k.length && !isWordChar(text, j)) out.push({ key: id, start: i, end: j });
    }
  }
  return out.sort((a, b) => a.end - b.end || a.start - b.start);
}

describe('scanNames against a brute-force reference', () => {
  it('finds the same matches on random texts and names', () => {
    const rnd = mulberry32(41);
    const pick = (chars: string, n: number): string => Array.from({ length: n }, () => chars[Math.floor(rnd() * chars.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const names = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => pick('abAB1 -_.\'/é', 1 + Math.floor(rnd() * 5)));
      const keys = names.map(foldName);
      const text = pick('abAB1 -_.\'/é,#\n', Math.floor(rnd() * 80));
      expect(scanNames(compileNames(keys), text)).toEqual(referenceScan(keys, text));
    }
  });
});

describe('foldName on ASCII names', () => {
  it('agrees with the normalising path for every printable ASCII character', () => {
    // A trailing non-ASCII letter that folds to itself sends the name down the normalising path.
    for (let c = 32; c < 127; c++) {
      const ch = String.fromCharCode(c);
      for (const name of [`a${ch}b`, `${ch}`, `X${ch}`]) expect(foldName(name) + 'ж').toBe(foldName(`${name}ж`));
    }
  });
});

describe('scanNames with more states than 16-bit transitions hold', () => {
  it('switches to 32-bit transitions and still matches like the reference', () => {
    const rnd = mulberry32(16);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const names = Array.from({ length: 4000 }, () => Array.from({ length: 12 }, () => letters[Math.floor(rnd() * 26)]).join(''));
    const a = compileNames(names);
    expect(a.out.length).toBeGreaterThan(32767);
    expect(a.delta).toBeInstanceOf(Int32Array);
    const text = `x ${names[7]} and ${names[3999]!.toUpperCase()}, ${names[42]!.slice(0, 6)} ${names[42]!.slice(6)} ${names[5]}q`;
    expect(scanNames(a, text)).toEqual(referenceScan(names, text));
    expect(scanNames(a, text).map((m) => m.key)).toEqual([7, 3999, 42]);
  });
});

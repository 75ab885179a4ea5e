import { describe, it, expect } from 'vitest';
import { NUMBER_HASH, tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('splits on non-word characters and lower-cases', () => {
    expect(tokenize('Ran CMD.exe /c "whoami" via C&C_server.').words).toEqual(['ran', 'cmd', 'exe', 'c', 'whoami', 'via', 'c', 'c_server']);
    expect(tokenize('').words).toEqual([]);
    expect(tokenize(' .,; ').words).toEqual([]);
  });

  it('gives the same string object and hash for every casing of a word (interned)', () => {
    const a = tokenize('Loader LOADER loader lOaDeR');
    expect(new Set(a.words).size).toBe(1);
    expect(new Set(a.hashes).size).toBe(1);
  });

  it('folds all-digit words to one hash but keeps their text', () => {
    const t = tokenize('port 443 and 8080, build 7a');
    expect(t.words).toEqual(['port', '443', 'and', '8080', 'build', '7a']);
    expect(t.hashes[1]).toBe(NUMBER_HASH);
    expect(t.hashes[3]).toBe(NUMBER_HASH);
    expect(t.hashes[5]).not.toBe(NUMBER_HASH);
  });

  it('treats a non-ASCII sentence like its ASCII words (same hashes for shared words)', () => {
    const plain = tokenize('The Loader runs');
    const accented = tokenize('The Loader runs in Zürich');
    expect(accented.words).toEqual(['the', 'loader', 'runs', 'in', 'zürich']);
    expect(accented.hashes.slice(0, 3)).toEqual(plain.hashes);
    // Curly quotes and dashes separate words.
    expect(tokenize('it\u2019s a \u201cdropper\u201d \u2014 packed').words).toEqual(['it', 's', 'a', 'dropper', 'packed']);
  });
});

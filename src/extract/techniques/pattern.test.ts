import { describe, it, expect } from 'vitest';
import { PhraseIndex } from './matcher.js';
import { compilePattern, inflections } from './pattern.js';
import { tokenize } from './tokenize.js';

function matches(pattern: string, text: string): boolean {
  const index = new PhraseIndex(compilePattern(pattern));
  let hit = false;
  index.match(tokenize(text), () => (hit = true));
  return hit;
}

describe('phrase patterns', () => {
  it.each([
    ['packed with upx', 'The file is packed with UPX.', true],
    ['pack+ ~2 upx', 'It was packed using UPX', true],
    ['pack+ ~1 upx', 'It was packed by the UPX tool', false],
    ['decrypt+ ~4 (payload|config file)', 'It decrypts its config file', true],
    ['decrypt+ ~4 (payload|config file)', 'It decrypts its config', false],
    ['obfusc*', 'heavily Obfuscated strings', true],
    ['(the)? scheduled task', 'a scheduled task', true],
    ['accounts? used', 'the account used', true],
    ['cmd.exe /c', 'runs cmd.exe /c whoami', true],
    ['(wip+ ~2 (mbr|boot record)|eras+ disk*)', 'it wiped the MBR', true],
    ['(wip+ ~2 (mbr|boot record)|eras+ disk*)', 'erases disks', true],
  ])('%s ~ %s → %s', (pattern, text, expected) => {
    expect(matches(pattern, text)).toBe(expected);
  });

  it('inflects regular verbs and truncated stems', () => {
    expect(inflections('drop')).toEqual(expect.arrayContaining(['drops', 'dropped', 'dropping']));
    expect(inflections('modif')).toEqual(expect.arrayContaining(['modifies', 'modified', 'modify']));
    expect(inflections('create')).toEqual(expect.arrayContaining(['creates', 'created', 'creating', 'creation']));
  });

  it.each(['(a|b', 'a ~13 b', 'ab*', '~3', '(x)?'])('rejects %s', (p) => {
    expect(() => compilePattern(p)).toThrow();
  });

  it('bounds the work per token on adversarial input', () => {
    const text = `${'task '.repeat(20_000)}scheduled`;
    expect(matches('task ~12 task ~12 task ~12 scheduled', text)).toBe(true);
  });
});

// Discovery tokens built from the shared tokens (discovery-shared.ts) against discovery's own character
// tokenizer: the same token spans and classes on every report of the repository, TRAM reports when
// present, and texts built around the word edges (hyphens, inner dots, typographic marks, punctuation).
import { describe, expect, it } from 'vitest';
import { tokenizeText } from '../../text/tokens.js';
import { repositoryReportTexts } from '../../../test/helpers/report-texts.js';
import { discoveryTokensOf } from './discovery-shared.js';
import { discoverFamilies } from './discovery.js';
import { classOfSpan, classOfWord, tokenize, type Tokens } from './discovery-tokens.js';

function texts(): string[] {
  const out = repositoryReportTexts();
  out.push(
    'A code-named loader, Foo.Bar, and a -dash --double tool- ended. X—a backdoor called “Hector”; APT41’s .NET stub.',
    'the backdoor.-x foo. .bar a.b.c. end.\n\n– • ‘quoted’ ©2024 µs ŠKODA-based WinSvcHost.exe!? Trailing-',
    '',
    '...',
    'single',
  );
  return out;
}

const dump = (t: Tokens): [number, number, number][] => Array.from({ length: t.count }, (_, i) => [t.start[i]!, t.end[i]!, t.wordClass[i]!]);

/** All the discovery tokens of `text`, read in blocks of `limit` tokens, each starting where the last stopped. */
function allBlocks(text: string, limit?: number): [number, number, number][] {
  const shared = tokenizeText(text);
  const out: [number, number, number][] = [];
  for (let from = 0; ; ) {
    const block = discoveryTokensOf(shared, from, limit);
    out.push(...dump(block));
    if (limit === undefined || block.count < limit) return out;
    from = block.end[block.count - 1]!;
  }
}

describe('discoveryTokensOf', () => {
  it('gives the tokens and classes of the character tokenizer', () => {
    for (const text of texts()) {
      const expected = dump(tokenize(text));
      expect(allBlocks(text), text.slice(0, 80)).toEqual(expected);
      expect(allBlocks(text, 7), text.slice(0, 80)).toEqual(expected);
    }
  });
});

describe('discoverFamilies in blocks', () => {
  // Blocks overlap by the tokens the patterns read around a token: any block size finds what the
  // character tokenizer's one whole list finds, in the same order.
  it('finds what one whole-document token list finds', () => {
    const all = texts();
    // Phrasings cut across block edges, and a run of punctuation (one token per dot).
    all.push(Array.from({ length: 40 }, (_, i) => `${'.'.repeat(i % 9)} a backdoor called Hector${i}, a new loader, Zeta${i}, the XY${i} implant, dubbed Kappa${i};`).join(' '));
    let found = 0;
    for (const text of all) {
      const expected = discoverFamilies(text);
      found += expected.length;
      for (const size of [17, 18, 23, 64]) expect(discoverFamilies(text, tokenizeText(text), size), `${size}: ${text.slice(0, 60)}`).toEqual(expected);
      expect(discoverFamilies(text, tokenizeText(text))).toEqual(expected);
    }
    expect(found).toBeGreaterThan(100);
  });
});

describe('classOfSpan', () => {
  it('gives classOfWord of the slice, without slicing', () => {
    const words = ['backdoor', 'Backdoors', 'TOOLKIT', 'code-named', 'Code-Named', 'the', 'An', 'a', 'infostealers', 'infostealerss', 'loader.dll', '10.0.0.1', 'x-', '-', 'rat', 'RAT2', 'ŠKODA', 'dubbed', 'new', 'w3', ''];
    for (const w of words) {
      const text = `(${w})`;
      expect(classOfSpan(text, 1, 1 + w.length), w).toBe(classOfWord(w));
    }
  });
});

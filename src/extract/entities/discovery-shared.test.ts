// Discovery tokens built from the shared tokens (discovery-shared.ts) against discovery's own character
// tokenizer: the same token spans and classes on every report of the repository, TRAM reports when
// present, and texts built around the word edges (hyphens, inner dots, typographic marks, punctuation).
import { describe, expect, it } from 'vitest';
import { tokenizeText } from '../../text/tokens.js';
import { repositoryReportTexts } from '../../../test/helpers/report-texts.js';
import { discoveryTokensOf } from './discovery-shared.js';
import { tokenize, type Tokens } from './discovery-tokens.js';

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

describe('discoveryTokensOf', () => {
  it('gives the tokens and classes of the character tokenizer', () => {
    for (const text of texts()) {
      const expected = dump(tokenize(text));
      expect(dump(discoveryTokensOf(tokenizeText(text))), text.slice(0, 80)).toEqual(expected);
    }
  });
});

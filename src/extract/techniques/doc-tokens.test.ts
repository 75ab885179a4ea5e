// The techniques view of the shared document tokens (doc-tokens.ts) against the techniques tokenizer's
// own document scan (scanSentences): the same words (intern ids) and hashes per sentence, on every report
// of the repository, TRAM reports when present, and texts with non-ASCII letters, digits and symbols.
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../text/sentences.js';
import { tokenizeText } from '../../text/tokens.js';
import { repositoryReportTexts } from '../../../test/helpers/report-texts.js';
import { sentenceHashes, sentenceTokensOf } from './doc-tokens.js';
import { newSentenceTokens, scanSentences, wordOfToken } from './tokenize.js';

function documents(): string[] {
  const out = repositoryReportTexts();
  out.push('Škoda ÉCOLE café: the loader ran 42 times, 007 and x86_64. The “dropper” – a DLL – runs at logon™.', '', 'İstanbul straße déjà vu.', 'Build 2024 of ÉCOLE-42 at 10.0.0.1: 0x7f ٣٤ 00012 x86_64 and ２０２４.');
  return out;
}

describe('sentenceTokensOf', () => {
  it('gives each sentence the words and hashes scanSentences gives it', () => {
    const ref = newSentenceTokens();
    for (const text of documents()) {
      const sentences = splitSentences(text);
      scanSentences(text, sentences, ref);
      const refWords = (k: number): string[] => Array.from(ref.ids.subarray(ref.first[k], ref.first[k + 1]), (id) => wordOfToken(ref, id));
      const refHashes = (k: number): number[] => Array.from(ref.hashes.subarray(ref.first[k], ref.first[k + 1]));
      const expected = sentences.map((_, k) => [refWords(k), refHashes(k)]);
      const tokens = tokenizeText(text);
      const got = sentenceTokensOf(tokens, sentences);
      const actual = sentences.map((_, k) => [
        Array.from(got.ids.subarray(got.first[k], got.end[k]), (id) => wordOfToken(got, id)),
        Array.from(sentenceHashes(tokens, got.first[k]!, got.end[k]!).subarray(0, got.end[k]! - got.first[k]!)),
      ]);
      // 'İstanbul' lower-cases to two code units for İ: the sentence-wide and the word-wide lowering agree.
      expect(actual).toEqual(expected);
    }
  });

  it('leaves out tokens between the given sentences', () => {
    const text = 'APT41 used KeyPlug. Then it left. Later it came back.';
    const all = splitSentences(text);
    const got = sentenceTokensOf(tokenizeText(text), [all[0]!, all[2]!]);
    expect(Array.from(got.ids.subarray(got.first[1], got.end[1]), (id) => wordOfToken(got, id))).toEqual(['later', 'it', 'came', 'back']);
  });
});

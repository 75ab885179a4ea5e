// Output equivalence for speed work: extractIndicators must return exactly what it returned before
// (same indicators, fields, order), on every eval-corpus case and on a generated report corpus. The
// expected digests in equivalence.golden.json were recorded from the code before the speed changes;
// regenerate them only for an intended change of output: PILLBOX_UPDATE_GOLDEN=1 npx vitest run <this file>.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CorpusGenerator } from '../../../bench/extract-corpus.js';
import { loadCases } from '../../../scripts/eval-extract.js';
import { loadWarninglists } from '../../knowledge/warninglists/index.js';
import type { Indicator } from '../../model/indicator.js';
import { mulberry32 } from '../../util/prng.js';
import { extractIndicators } from './index.js';

const GOLDEN = new URL('./equivalence.golden.json', import.meta.url);

function digest(inds: readonly Indicator[]): string {
  const h = createHash('sha256');
  for (const i of inds) h.update(`${JSON.stringify(i)}\n`);
  return h.digest('hex');
}

function compute(): Record<string, string> {
  const wl = loadWarninglists();
  const out: Record<string, string> = {};
  for (const c of loadCases()) out[`${c.file}#${c.id}`] = digest(extractIndicators(c.text, { warninglists: wl }));
  // Four generated reports corpora (~150 KB each, different seeds): every planted type, defanging and trap.
  for (const seed of [1, 2, 3, 20261127]) out[`generated#${seed}`] = digest(extractIndicators(new CorpusGenerator(seed).generate(150_000), { warninglists: wl }));
  // The same with hostile white space (tabs, runs, NBSP, CRLF, U+0085, U+200B…): contexts fold it.
  for (const seed of [5, 6]) out[`generated-ws#${seed}`] = digest(extractIndicators(withWhiteSpace(new CorpusGenerator(seed).generate(100_000), seed), { warninglists: wl }));
  return out;
}

const WS = ['\t', '  ', '\u00a0', '\r', '\u2003', '\u0085', '\u200b', '\u3000', '\v', '\f', '\n\n', ' \t '];

function withWhiteSpace(text: string, seed: number): string {
  const rnd = mulberry32(seed);
  let out = '';
  for (const ch of text) {
    if (ch === ' ' && rnd() < 0.05) out += WS[Math.floor(rnd() * WS.length)]!;
    else if (ch === '\n' && rnd() < 0.5) out += '\r\n';
    else out += ch;
  }
  return out;
}

describe('extractIndicators output equivalence', () => {
  it('matches the recorded digests on every eval case and generated corpus', () => {
    const got = compute();
    if (process.env['PILLBOX_UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, `${JSON.stringify(got, null, 1)}\n`);
    const want = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
    expect(Object.keys(got).length).toBeGreaterThan(300);
    expect(got).toEqual(want);
  });
});

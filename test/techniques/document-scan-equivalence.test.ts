import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTechniqueRules } from '../../src/extract/techniques/recognize.js';
import { loadTechniqueModel } from '../../src/extract/techniques/classifier.js';
import { firedRules, fireRules, fireRulesRange } from '../../src/extract/techniques/rules.js';
import { newSentenceTokens, scanSentences, tokenize, wordOfToken } from '../../src/extract/techniques/tokenize.js';
import { splitSentences } from '../../src/text/sentences.js';
import { SHARED_DATA_DIR } from '../helpers/shared-data.js';

// The per-document hot path of recognizeTechniques (one copy of the text, every sentence scanned in
// place by scanSentences, rules fired on token ranges, the sparse classifier scorer) checked against the
// per-sentence definitions: tokenize(), fireRules() and the dense logitsOfHashes() with a threshold test.

const root = join(import.meta.dirname, '..', '..');
const TRAM = join(SHARED_DATA_DIR, 'tram2', 'reports.jsonl');

function documents(): string[] {
  const out: string[] = [];
  for (const dir of [join(root, 'test', 'fixtures', 'reports'), join(root, 'examples')]) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.md')).sort()) out.push(readFileSync(join(dir, f), 'utf8'));
  }
  // TRAM reports are read at test time (never copied into the repo): real prose with typographic quotes.
  if (existsSync(TRAM)) {
    readFileSync(TRAM, 'utf8')
      .split('\n')
      .forEach((line, k) => {
        if (k % 4 === 0 && line.trim() !== '') out.push((JSON.parse(line) as { text: string }).text);
      });
  }
  // Longer than scanSentences' copy window (64 Ki code units): sentences on both sides of window ends.
  const all = out.join('\n\n');
  out.push(Array.from({ length: Math.ceil((3 << 16) / all.length) }, () => all).join('\n\n'));
  out.push(
    'İstanbul ÉCOLE straße: the loader DID NOT use schtasks.exe. The “dropper” – a DLL – runs at logon.',
    'Lone \ud800 surrogate and café déjà vu. Next sentence is plain ASCII.',
    '\u00a0Price: 5 µs © 2024 «quoted» ΣΊΣΥΦΟΣ. Then it dumped LSASS with procdump.',
    `${'x'.repeat(3000)} ${'word '.repeat(900)}`,
    '',
  );
  return out;
}

describe('technique recognition per-document fast path', () => {
  const docs = documents();
  const rules = defaultTechniqueRules();
  const model = loadTechniqueModel();

  it('scanSentences gives every sentence the words and hashes of tokenize', () => {
    const buf = newSentenceTokens();
    let sentences = 0;
    for (const d of docs) {
      const ss = splitSentences(d);
      scanSentences(d, ss, buf);
      ss.forEach((s, k) => {
        const ref = tokenize(s.text);
        const ids = buf.ids.subarray(buf.first[k], buf.first[k + 1]);
        expect(Array.from(ids, (id) => wordOfToken(buf, id)), s.text).toEqual(ref.words);
        expect(Array.from(buf.hashes.subarray(buf.first[k], buf.first[k + 1])), s.text).toEqual(ref.hashes);
        sentences++;
      });
    }
    expect(sentences).toBeGreaterThan(400);
  });

  it('fireRulesRange fires the rules of fireRules, in the same order', () => {
    const buf = newSentenceTokens();
    const stamp = new Int32Array(rules.role.length).fill(-1);
    let n = 0;
    let fired = 0;
    for (const d of docs) {
      const ss = splitSentences(d);
      scanSentences(d, ss, buf);
      ss.forEach((s, k) => {
        const count = fireRulesRange(rules, buf, buf.first[k]!, buf.first[k + 1]!, stamp, n++);
        const fast = Array.from(firedRules().subarray(0, count));
        expect(fast, s.text).toEqual(fireRules(rules, { words: tokenize(s.text).words, hashes: [] }, stamp, n++));
        fired += count;
      });
    }
    expect(fired).toBeGreaterThan(200);
  });

  it('the sparse scorer fires the labels of the dense logits, with bit-identical logits', () => {
    const dense = new Float64Array(model.labels.length);
    const logits = new Float64Array(model.labels.length);
    const labels = new Int32Array(model.labels.length);
    const buf = newSentenceTokens();
    let firing = 0;
    for (const d of docs) {
      const ss = splitSentences(d);
      scanSentences(d, ss, buf);
      ss.forEach((s, k) => {
        const hashes = tokenize(s.text).hashes;
        const expected: number[] = [];
        if (model.logitsOfHashes(hashes, dense) >= 3) dense.forEach((x, l) => x >= model.logitThresholds[l]! && expected.push(l));
        // Scored in place in the document's buffer (a sub-range), as recognizeTechniques does.
        const n = model.firing(buf.hashes, buf.first[k]!, buf.first[k + 1]!, labels, logits);
        expect(Array.from(labels.subarray(0, n)), s.text).toEqual(expected);
        for (const l of expected) expect(logits[l], s.text).toBe(dense[l]);
        firing += n;
      });
    }
    expect(firing).toBeGreaterThan(100);
  });
});

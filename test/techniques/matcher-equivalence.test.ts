import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTechniqueRules } from '../../src/extract/techniques/recognize.js';
import { fireRules, type CompiledRules } from '../../src/extract/techniques/rules.js';
import { readShippedRules } from '../../src/extract/techniques/rules-json.js';
import { elementMatches, type CompiledPattern } from '../../src/extract/techniques/pattern.js';
import { newTokenBuffer, scanTokens, tokenize, wordOfToken } from '../../src/extract/techniques/tokenize.js';
import { splitSentences } from '../../src/text/sentences.js';
import { SHARED_DATA_DIR } from '../helpers/shared-data.js';

// The fast path (scanTokens + PhraseIndex over interned ids, chain DP, pre-filter on rare elements) checked
// against plain definitions: tokenize() and a naive matcher that tries every pattern from every token.
// test/techniques/compare-outputs.ts compares whole recognizeTechniques outputs against an older checkout.

const root = join(import.meta.dirname, '..', '..');
const TRAM = join(SHARED_DATA_DIR, 'tram2', 'sentences.jsonl');

function sentences(): string[] {
  const out: string[] = [];
  for (const dir of [join(root, 'test', 'fixtures', 'reports'), join(root, 'examples')]) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.md'))) out.push(...splitSentences(readFileSync(join(dir, f), 'utf8')).map((s) => s.text));
  }
  // TRAM sentences are read at test time (never copied into the repo); every tenth one keeps the test short.
  if (existsSync(TRAM)) {
    readFileSync(TRAM, 'utf8')
      .split('\n')
      .forEach((line, k) => {
        if (k % 10 === 0 && line.trim() !== '') out.push((JSON.parse(line) as { text: string }).text);
      });
  }
  out.push('İstanbul ÉCOLE straße: the loader DID NOT use schtasks.exe', 'Lone \ud800 surrogate and café déjà vu', '', '...', 'x'.repeat(5000));
  return out;
}

const NEGATORS = new Set(['not', 'never', 'no', 'neither', 'nor', 'without']);

/** Whether pattern p matches words from token i (exhaustive search over gap choices). */
function naiveMatch(p: CompiledPattern, words: readonly string[], i: number): boolean {
  if (!elementMatches(p[0]!, words[i]!)) return false;
  const failed = new Set<number>(); // (j, t) pairs already known not to complete: keeps the search polynomial
  const from = (j: number, prev: number): boolean => {
    if (j === p.length) return true;
    if (failed.has(j * 1e6 + prev)) return false;
    for (let t = prev + 1; t <= prev + 1 + p[j]!.gap && t < words.length; t++) if (elementMatches(p[j]!, words[t]!) && from(j + 1, t)) return true;
    failed.add(j * 1e6 + prev);
    return false;
  };
  return from(1, i);
}

/** Rules firing on a sentence, by definition (set semantics; the order is compared between fast paths). */
function naiveFire(c: CompiledRules, patterns: readonly CompiledPattern[], words: readonly string[]): number[] {
  const any = (p: number): boolean => words.some((_, i) => naiveMatch(patterns[p]!, words, i));
  const fired = new Set<number>();
  patterns.forEach((p, id) => {
    if (c.role[id] !== 0) return;
    for (let i = 0; i < words.length; i++) {
      const negated = words.slice(Math.max(0, i - 3), i).some((w) => NEGATORS.has(w));
      if (!negated && naiveMatch(p, words, i)) fired.add(c.owner[id]!);
    }
  });
  return [...fired].filter((r) => (c.requires[r]!.length === 0 || c.requires[r]!.some(any)) && !c.excludes[r]!.some(any)).sort((a, b) => a - b);
}

describe('technique recognition fast path', () => {
  const texts = sentences();
  const rules = defaultTechniqueRules();
  const shipped = readShippedRules();
  const patterns = rules.rules.flatMap((r) => [...r.patterns, ...(r.requires ?? []), ...(r.excludes ?? [])]).flatMap(shipped.compile);

  it('scanTokens gives the words and hashes of tokenize', () => {
    const buf = newTokenBuffer();
    for (const t of texts) {
      scanTokens(t, buf);
      const ref = tokenize(t);
      const words = Array.from(buf.ids.subarray(0, buf.n), (id) => wordOfToken(buf, id));
      expect(words).toEqual(ref.words);
      expect(Array.from(buf.hashes.subarray(0, buf.n))).toEqual(ref.hashes);
    }
  });

  it('fires the same rules as the naive matcher, in the same order from ids as from words', () => {
    expect(patterns.length).toBe(rules.owner.length);
    const buf = newTokenBuffer();
    const stamp = new Int32Array(rules.role.length).fill(-1);
    let firedSome = 0;
    texts.forEach((t, n) => {
      const words = tokenize(t).words;
      scanTokens(t, buf);
      const fast = [...fireRules(rules, buf, stamp, 2 * n)];
      expect([...fireRules(rules, { words, hashes: [] }, stamp, 2 * n + 1)], t).toEqual(fast);
      expect([...fast].sort((a, b) => a - b), t).toEqual(naiveFire(rules, patterns, words));
      if (fast.length > 0) firedSome++;
    });
    expect(firedSome).toBeGreaterThan(100);
  });
});

import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PillboxError } from '../../errors.js';
import { ruleSources } from '../../../scripts/knowledge/31-technique-index.js';
import { PhraseIndex } from './matcher.js';
import { buildPhraseTables } from './phrase-tables.js';
import { phraseTablesFromJson, phraseTablesToJson } from './phrase-tables-json.js';
import { compilePattern } from './pattern.js';
import { defaultTechniqueRules } from './recognize.js';
import { loadRulesIndex, RULES_INDEX_PATH, rulesIndexJson } from './rules-index.js';
import { compileRules, fireRules } from './rules.js';
import { readTechniqueRules } from './rules-source.js';
import { tokenize } from './tokenize.js';

describe('precompiled phrase index (data/techniques/rules-index.json)', () => {
  const rules = readTechniqueRules();

  it('is current: rebuilding from the YAML in memory gives the shipped bytes (else npm run build:knowledge -- 31-technique-index)', () => {
    expect(readdirSync(join(RULES_INDEX_PATH, '..'))).toContain('rules-index.json');
    expect(readFileSync(RULES_INDEX_PATH, 'utf8')).toBe(rulesIndexJson(rules, ruleSources()));
  });

  it('fires the same rules, in the same order, as compiling the YAML on every example and counter-example', () => {
    const shipped = defaultTechniqueRules();
    const fresh = compileRules(rules);
    expect(shipped.rules).toEqual(fresh.rules);
    const stampA = new Int32Array(fresh.role.length).fill(-1);
    const stampB = new Int32Array(fresh.role.length).fill(-1);
    let n = 0;
    let fired = 0;
    for (const r of rules) {
      for (const s of [...r.examples, ...(r.counter_examples ?? [])]) {
        const toks = tokenize(s);
        const a = fireRules(fresh, toks, stampA, n);
        expect(fireRules(shipped, toks, stampB, n)).toEqual(a);
        fired += a.length;
        n++;
      }
    }
    expect(fired).toBeGreaterThan(rules.length);
  });

  it('round-trips tables through JSON, including optional positions (hand-built patterns)', () => {
    const patterns = [...compilePattern('packed with upx'), [{ exact: new Set(['dumped']), prefixes: [], optional: false, gap: 0 }, { exact: new Set(['the']), prefixes: [], optional: true, gap: 0 }, { exact: new Set(['lsass']), prefixes: ['lsa'], optional: false, gap: 2 }]];
    const t = buildPhraseTables(patterns);
    const json = JSON.parse(JSON.stringify(phraseTablesToJson(t))) as ReturnType<typeof phraseTablesToJson>;
    const back = phraseTablesFromJson(json);
    const plain = (m: Iterable<[string, ArrayLike<number>]>): [string, number[]][] => [...m].map(([w, ids]): [string, number[]] => [w, Array.from(ids)]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(plain(back.anchorWords)).toEqual(plain(t.anchorWords));
    expect(plain(back.elemWords)).toEqual(plain(t.elemWords));
    expect({ ...back, anchorWords: 0, elemWords: 0 }).toEqual({ ...t, anchorWords: 0, elemWords: 0 });
    const found = (index: PhraseIndex, s: string): number[] => {
      const out: number[] = [];
      index.match(tokenize(s), (m) => out.push(m.pattern, m.first, m.end));
      return out;
    };
    for (const s of ['It was packed with UPX.', 'It dumped the lsass memory.', 'It dumped lsass.', 'Dumped a big lsa2 blob']) {
      expect(found(new PhraseIndex(phraseTablesFromJson(json)), s)).toEqual(found(new PhraseIndex(patterns), s));
    }
    expect(found(new PhraseIndex(patterns), 'It dumped lsass.')).toEqual([1, 1, 3]);
  });

  it('rejects a missing or foreign file with E_KB_MISSING', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-rules-index-'));
    expect(() => loadRulesIndex(join(dir, 'none.json'))).toThrow(PillboxError);
    writeFileSync(join(dir, 'other.json'), '{"format":"something-else","version":1,"rules":[],"tables":{}}');
    expect(() => loadRulesIndex(join(dir, 'other.json'))).toThrow(/unsupported technique rules index/);
  });
});

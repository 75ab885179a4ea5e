import { describe, it, expect } from 'vitest';
import { loadAttack } from '../../knowledge/attack/index.js';
import { compileRules, fireRules } from './rules.js';
import { readTechniqueRules } from './rules-source.js';
import { tokenize } from './tokenize.js';

const rules = readTechniqueRules();
const compiled = compileRules(rules);
const attack = loadAttack();

function firing(text: string): Set<number> {
  return new Set(fireRules(compiled, tokenize(text), new Int32Array(compiled.role.length).fill(-1), 0));
}

describe('technique phrase rules', () => {
  it('cover at least 150 active Enterprise techniques across every tactic', () => {
    const ids = new Set(rules.map((r) => r.id));
    expect(ids.size).toBeGreaterThanOrEqual(150);
    const tactics = new Set([...ids].flatMap((id) => attack.tactics(id)));
    for (const t of attack.listTactics()) expect(tactics, t.shortname).toContain(t.shortname);
  });

  it('name only active techniques, with unique rule names', () => {
    const seen = new Set<string>();
    for (const r of rules) {
      const t = attack.get(r.id);
      expect(t, r.id).toBeDefined();
      expect(t?.revoked ?? t?.deprecated, `${r.id} revoked or deprecated`).toBeUndefined();
      const key = `${r.id}/${r.name}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it.each(rules.map((r, i) => [`${r.id}/${r.name}`, i] as const))('%s matches its examples and not its counter-examples', (_n, i) => {
    const r = rules[i]!;
    for (const ex of r.examples) expect(firing(ex).has(i), `example: ${ex}`).toBe(true);
    for (const ex of r.counter_examples ?? []) expect(firing(ex).has(i), `counter-example: ${ex}`).toBe(false);
  });
});

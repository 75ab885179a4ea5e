import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PillboxError } from '../../errors.js';
import { DEFAULT_RULES_DIR } from './rules.js';
import { readTechniqueRules } from './rules-source.js';
import { readShippedRules, SHIPPED_RULES_PATH, shippedRulesJson } from './rules-json.js';
import { compilePattern } from './pattern.js';
import { defaultTechniqueRules } from './recognize.js';

describe('precompiled technique rules (rules/techniques/rules.json)', () => {
  it('is current: regenerating from the YAML gives the committed bytes (else run scripts/build-technique-rules.ts)', () => {
    const sources = readdirSync(DEFAULT_RULES_DIR).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
    expect(readFileSync(SHIPPED_RULES_PATH, 'utf8')).toBe(shippedRulesJson(readTechniqueRules(), sources));
  });

  it('is what the default rules are compiled from, with the same patterns as compiling the sources', () => {
    const shipped = readShippedRules();
    expect(defaultTechniqueRules().rules).toEqual(shipped.rules);
    expect(shipped.rules.length).toBeGreaterThan(100);
    for (const r of shipped.rules) for (const src of [...r.patterns, ...(r.requires ?? []), ...(r.excludes ?? [])]) expect(shipped.compile(src)).toEqual(compilePattern(src));
    // A pattern that is not in the file is compiled on the spot.
    expect(shipped.compile('packed with upx')).toEqual(compilePattern('packed with upx'));
  });

  it('rejects a missing or foreign file with E_KB_MISSING', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-rules-'));
    expect(() => readShippedRules(join(dir, 'none.json'))).toThrow(PillboxError);
    writeFileSync(join(dir, 'other.json'), '{"format":"something-else","version":1,"rules":[],"compiled":{}}');
    expect(() => readShippedRules(join(dir, 'other.json'))).toThrow(/unsupported technique rules/);
  });
});

/**
 * The shipped phrase rules, precompiled: rules/techniques/rules.json holds the validated content of every
 * rules/techniques/*.yaml file, so a process starts without parsing YAML or running the schema (about
 * 270 ms of a cold start). scripts/build-technique-rules.ts writes it; rules-json.test.ts fails when the
 * committed file no longer matches the YAML.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PillboxError } from '../../errors.js';
import { compilePattern, type CompiledPattern } from './pattern.js';
import { DEFAULT_RULES_DIR, type TechniqueRule } from './rules.js';

/** The precompiled rules file next to the YAML sources. */
export const SHIPPED_RULES_PATH = join(DEFAULT_RULES_DIR, 'rules.json');

const FORMAT = 'pillbox-technique-rules';

/** On-disk shape of rules.json. */
export interface ShippedRulesFile {
  format: typeof FORMAT;
  version: 1;
  /** Generated from these YAML files (sorted), for humans reading the file. */
  sources: string[];
  rules: TechniqueRule[];
  /**
   * Every pattern source (patterns, requires, excludes) compiled: per expansion, its elements as
   * [exact words, prefixes, gap] (the compiler never emits optional elements). Skips compilePattern,
   * most of a cold start once the YAML is gone.
   */
  compiled: Record<string, [string[], string[], number][][]>;
}

/** The rules and a pattern compiler that serves the precompiled patterns (compilePattern for others). */
export interface ShippedRules {
  rules: TechniqueRule[];
  compile: (pattern: string) => CompiledPattern[];
}

/**
 * The rules.json text for validated rules (deterministic: same rules, same bytes).
 * @example writeFileSync(SHIPPED_RULES_PATH, shippedRulesJson(readTechniqueRules(), files))
 */
export function shippedRulesJson(rules: readonly TechniqueRule[], sources: readonly string[]): string {
  const compiled: ShippedRulesFile['compiled'] = {};
  for (const r of rules) {
    for (const src of [...r.patterns, ...(r.requires ?? []), ...(r.excludes ?? [])]) {
      compiled[src] ??= compilePattern(src).map((p) => p.map((el) => [[...el.exact], [...el.prefixes], el.gap]));
    }
  }
  const file: ShippedRulesFile = { format: FORMAT, version: 1, sources: [...sources], rules: [...rules], compiled };
  return `${JSON.stringify(file)}\n`;
}

/**
 * Reads rules.json. Its content was validated by readTechniqueRules when it was generated (and the test
 * keeps it current), so only the envelope is checked here.
 * @example
 * const { rules, compile } = readShippedRules();
 * compileRules(rules, compile).rules.length > 100; // true
 */
export function readShippedRules(path: string = SHIPPED_RULES_PATH): ShippedRules {
  let file: ShippedRulesFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as ShippedRulesFile;
  } catch (cause) {
    throw new PillboxError('E_KB_MISSING', `technique rules unreadable: ${path} (run npx tsx scripts/build-technique-rules.ts)`, { cause });
  }
  if (file.format !== FORMAT || file.version !== 1 || !Array.isArray(file.rules) || typeof file.compiled !== 'object' || file.compiled === null) {
    throw new PillboxError('E_KB_MISSING', `unsupported technique rules file: ${path} (run npx tsx scripts/build-technique-rules.ts)`);
  }
  const compiled = new Map(Object.entries(file.compiled));
  const compile = (src: string): CompiledPattern[] => {
    const c = compiled.get(src);
    if (c === undefined) return compilePattern(src);
    return c.map((p) => p.map(([exact, prefixes, gap]) => ({ exact: new Set(exact), prefixes, optional: false, gap })));
  };
  return { rules: file.rules, compile };
}

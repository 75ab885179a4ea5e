/**
 * Reading the phrase rules' YAML sources (rules/techniques/*.yaml): parse, validate, compile every
 * pattern once to report syntax errors with the file. Used by the build steps and tests; recognition
 * loads the precompiled rules (rules-index.ts) and never imports this module.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { RuleError } from '../../errors.js';
import { compilePattern, PatternSyntaxError, type CompiledPattern } from './pattern.js';
import { DEFAULT_RULES_DIR } from './rules.js';

/** One phrase rule of rules/techniques/*.yaml. */
export const TechniqueRuleSchema = z.strictObject({
  /** ATT&CK technique id the rule reports. */
  id: z.string().regex(/^T\d{4}(\.\d{3})?$/),
  /** Short kebab-case rule name; evidence says `phrase:<id>/<name>`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** Phrase patterns (see compilePattern); any one matching a sentence fires the rule. */
  patterns: z.array(z.string().min(1)).min(1),
  /** Context patterns: at least one must match the same sentence. */
  requires: z.array(z.string().min(1)).optional(),
  /** Context patterns: none may match the same sentence. */
  excludes: z.array(z.string().min(1)).optional(),
  confidence: z.number().min(0).max(1),
  /** Techniques the matched behaviour implies (e.g. a phishing attachment implies user execution), reported with 0.8 × confidence. */
  implies: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/)).optional(),
  /** Sentences (written by the team) the rule must match. */
  examples: z.array(z.string()).min(1),
  /** Sentences the rule must not match. */
  counter_examples: z.array(z.string()).optional(),
});
export type TechniqueRule = z.infer<typeof TechniqueRuleSchema>;

const RuleFileSchema = z.array(TechniqueRuleSchema);

/** Reads and validates every `*.yaml` file of a rules folder (sorted by name). */
export function readTechniqueRules(dir: string = DEFAULT_RULES_DIR): TechniqueRule[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  return files.flatMap((f) => {
    const path = join(dir, f);
    let data: unknown;
    try {
      data = parseYaml(readFileSync(path, 'utf8'));
    } catch (cause) {
      throw new RuleError(`cannot parse ${f}`, { file: path }, cause);
    }
    const parsed = RuleFileSchema.safeParse(data ?? []);
    if (!parsed.success) throw new RuleError(`invalid technique rules in ${f}: ${parsed.error.message}`, { file: path });
    for (const r of parsed.data) compileRulePatterns(r, path);
    return parsed.data;
  });
}

function compileRulePatterns(r: TechniqueRule, file: string): CompiledPattern[] {
  try {
    return [...r.patterns, ...(r.requires ?? []), ...(r.excludes ?? [])].flatMap(compilePattern);
  } catch (e) {
    if (e instanceof PatternSyntaxError) throw new RuleError(`rule ${r.id}/${r.name}: ${e.message}`, { file });
    throw e;
  }
}


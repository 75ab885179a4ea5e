/** Rule files from disk: a directory of `*.yaml`/`*.yml`, or one file. */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleError } from '../errors.js';
import { parseRule } from './parse.js';
import type { CapabilityRuleSet } from './types.js';

/** The bundled rules (`rules/capabilities` in the package; same depth from src/ and dist/). */
export const BUNDLED_CAPABILITY_RULES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules', 'capabilities');

/**
 * The bundled rules, parsed and validated at build time (scripts/knowledge/40-capability-rules.ts):
 * each triage process and worker reads this JSON instead of loading the YAML library and parsing
 * every file. A test keeps it equal to the YAML.
 */
export const PREBUILT_CAPABILITY_RULES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'capabilities', 'rules.json');

/** Writes the prebuilt form of the rules under `dir` (file names kept relative to it). */
export function writePrebuiltRules(out: string, dir: string = BUNDLED_CAPABILITY_RULES): void {
  const { rules } = parseRuleFiles(dir);
  writeFileSync(out, `${JSON.stringify({ rules: rules.map((r) => ({ ...r, file: basename(r.file) })) })}\n`);
}

/**
 * Loads and validates every rule of a directory (sorted by file name) or a single file.
 * @throws RuleError with file and line on the first invalid rule; duplicate names are errors too.
 */
export function loadCapabilityRules(path: string = BUNDLED_CAPABILITY_RULES): CapabilityRuleSet {
  if (path === BUNDLED_CAPABILITY_RULES && existsSync(PREBUILT_CAPABILITY_RULES)) {
    const { rules } = JSON.parse(readFileSync(PREBUILT_CAPABILITY_RULES, 'utf8')) as CapabilityRuleSet;
    return { rules: rules.map((r) => ({ ...r, file: join(BUNDLED_CAPABILITY_RULES, r.file) })) };
  }
  return parseRuleFiles(path);
}

function parseRuleFiles(path: string): CapabilityRuleSet {
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(path, f))
    : [path];
  const rules = files.map((f) => parseRule(readFileSync(f, 'utf8'), f));
  const seen = new Map<string, string>();
  for (const r of rules) {
    const other = seen.get(r.name);
    if (other) throw new RuleError(`${r.file}:1: rule name '${r.name}' already used by ${other}`, { file: r.file, line: 1 });
    seen.set(r.name, r.file);
  }
  return { rules };
}

/** Rule files from disk: a directory of `*.yaml`/`*.yml`, or one file. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleError } from '../errors.js';
import { parseRule } from './parse.js';
import type { CapabilityRuleSet } from './types.js';

/** The bundled rules (`rules/capabilities` in the package; same depth from src/ and dist/). */
export const BUNDLED_CAPABILITY_RULES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules', 'capabilities');

/**
 * Loads and validates every rule of a directory (sorted by file name) or a single file.
 * @throws RuleError with file and line on the first invalid rule; duplicate names are errors too.
 */
export function loadCapabilityRules(path: string = BUNDLED_CAPABILITY_RULES): CapabilityRuleSet {
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

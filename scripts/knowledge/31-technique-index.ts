// Writes data/techniques/rules-index.json: the phrase rules of rules/techniques/*.yaml validated and
// compiled into the phrase index's tables, so recognition starts without compiling patterns. Needs no
// shared data; run alone after editing a rule: npm run build:knowledge -- 31-technique-index
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContext } from '../build-knowledge.js';
import { DEFAULT_RULES_DIR } from '../../src/extract/techniques/rules.js';
import { rulesIndexJson } from '../../src/extract/techniques/rules-index.js';
import { readTechniqueRules } from '../../src/extract/techniques/rules-source.js';

/** The YAML files the index is built from (sorted, as readTechniqueRules reads them). */
export function ruleSources(): string[] {
  return readdirSync(DEFAULT_RULES_DIR).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
}

export function build(ctx: BuildContext): void {
  const rules = readTechniqueRules();
  const dir = join(ctx.dataDir, 'techniques');
  mkdirSync(dir, { recursive: true });
  // RULES_INDEX_PATH when ctx.dataDir is the repo's data/.
  writeFileSync(join(dir, 'rules-index.json'), rulesIndexJson(rules, ruleSources()));
  process.stderr.write(`wrote ${join(dir, 'rules-index.json')}: ${rules.length} rules\n`);
}

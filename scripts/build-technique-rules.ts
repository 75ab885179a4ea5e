// Writes rules/techniques/rules.json (the validated YAML rules, precompiled for a fast start) from
// rules/techniques/*.yaml. Run after editing a rule: npx tsx scripts/build-technique-rules.ts
import { readdirSync, writeFileSync } from 'node:fs';
import { DEFAULT_RULES_DIR } from '../src/extract/techniques/rules.js';
import { readTechniqueRules } from '../src/extract/techniques/rules-source.js';
import { SHIPPED_RULES_PATH, shippedRulesJson } from '../src/extract/techniques/rules-json.js';

const sources = readdirSync(DEFAULT_RULES_DIR).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
const rules = readTechniqueRules();
writeFileSync(SHIPPED_RULES_PATH, shippedRulesJson(rules, sources));
process.stderr.write(`wrote ${SHIPPED_RULES_PATH}: ${rules.length} rules from ${sources.length} files\n`);

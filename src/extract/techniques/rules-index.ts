/**
 * The shipped phrase rules, compiled at build time: data/techniques/rules-index.json holds the rules and
 * the phrase index's tables (distinct elements, anchors, pre-filter, gaps) as flat lists, so a process
 * builds the matcher by copying arrays, without compiling patterns or interning their elements (most
 * of the techniques stage's start-up before). scripts/knowledge/31-technique-index.ts writes it from
 * rules/techniques/*.yaml; rules-index.test.ts rebuilds it in memory and compares.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PillboxError } from '../../errors.js';
import { endianness } from 'node:os';
import { packB64, unpackB64 } from './packed.js';
import { phraseTablesFromJson, phraseTablesToJson, type PhraseTablesJson } from './phrase-tables-json.js';
import { compileRuleTables, compileRules, rulesFromTables, type CompiledRules, type TechniqueRule } from './rules.js';

/** data/techniques/rules-index.json relative to this module (src/ or dist/). */
export const RULES_INDEX_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'techniques', 'rules-index.json');

const FORMAT = 'pillbox-technique-index';

/** On-disk shape of rules-index.json. */
export interface RulesIndexFile {
  format: typeof FORMAT;
  version: 1;
  /** Generated from these YAML files (sorted), for humans reading the file. */
  sources: string[];
  /** The validated rules (readTechniqueRules), in order: rule indexes below refer to them. */
  rules: TechniqueRule[];
  /** Per pattern: owning rule and role (0 main, 1 requires, 2 excludes), base64 Int32 / Uint8. */
  owner: string;
  role: string;
  /** Per rule: pattern ids of its requires and excludes lists. */
  requires: number[][];
  excludes: number[][];
  tables: PhraseTablesJson;
}

/**
 * The rules-index.json text for validated rules (deterministic: same rules, same bytes).
 * @example writeFileSync(RULES_INDEX_PATH, rulesIndexJson(readTechniqueRules(), files))
 */
export function rulesIndexJson(rules: readonly TechniqueRule[], sources: readonly string[]): string {
  const t = compileRuleTables(rules);
  const file: RulesIndexFile = {
    format: FORMAT,
    version: 1,
    sources: [...sources],
    rules: [...rules],
    owner: packB64(t.owner),
    role: packB64(t.role),
    requires: t.requires,
    excludes: t.excludes,
    tables: phraseTablesToJson(t.tables),
  };
  return `${JSON.stringify(file)}\n`;
}

/**
 * Loads the precompiled rules. The content was validated when it was generated (and the test keeps it
 * current), so only the envelope is checked here.
 * @example loadRulesIndex().rules.length > 100; // true
 */
export function loadRulesIndex(path: string = RULES_INDEX_PATH): CompiledRules {
  let file: RulesIndexFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as RulesIndexFile;
  } catch (cause) {
    throw new PillboxError('E_KB_MISSING', `technique rules index unreadable: ${path} (run npm run build:knowledge -- 31-technique-index)`, { cause });
  }
  if (file.format !== FORMAT || file.version !== 1 || !Array.isArray(file.rules) || typeof file.tables !== 'object' || file.tables === null) {
    throw new PillboxError('E_KB_MISSING', `unsupported technique rules index: ${path} (run npm run build:knowledge -- 31-technique-index)`);
  }
  // The tables are little-endian buffers; elsewhere compile the same rules (same tables by construction).
  if (endianness() !== 'LE') return compileRules(file.rules);
  const tables = phraseTablesFromJson(file.tables);
  return rulesFromTables(file.rules, { tables, owner: unpackB64(file.owner, Int32Array), role: unpackB64(file.role, Uint8Array), requires: file.requires, excludes: file.excludes });
}

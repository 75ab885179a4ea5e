export { recognizeTechniques, defaultTechniqueRules } from './recognize.js';
export type { RecognizeTechniquesOptions } from './recognize.js';
export { readTechniqueRules, compileRules, TechniqueRuleSchema, DEFAULT_RULES_DIR } from './rules.js';
export type { TechniqueRule, CompiledRules } from './rules.js';
export { loadTechniqueModel, createTechniqueModel, DEFAULT_MODEL_PATH } from './classifier.js';
export type { TechniqueModel, TechniqueModelFile } from './classifier.js';
export { findExplicitIds } from './explicit-ids.js';
export type { ExplicitId } from './explicit-ids.js';

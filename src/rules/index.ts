/** Capability rules: feature vocabulary, YAML rule loader and the format-agnostic engine. */
export { matchCapabilities, evaluate } from './engine.js';
export { FEATURE_KINDS, toFeatureSet, type Feature, type FeatureKind, type FeatureSet } from './features.js';
export { loadCapabilityRules, BUNDLED_CAPABILITY_RULES } from './load.js';
export { parseRule } from './parse.js';
export type { CapabilityRule, CapabilityRuleSet, LeafNode, RuleExample, RuleNode } from './types.js';

/**
 * Pillbox public API: re-exports only, no logic.
 * The CLI (src/cli) is a thin layer over these functions.
 */
export { PillboxError, RuleError, isPillboxError } from './errors.js';
export type { ErrorCode } from './errors.js';
export * from './model/index.js';
export { stixId, uuidv5 } from './util/uuidv5.js';
export { extract, extractText } from './extract/index.js';
export type { ExtractOptions } from './extract/index.js';
export { extractIndicatorsParallel } from './extract/parallel/index.js';
export type { ParallelExtractOptions } from './extract/parallel/index.js';
export { stixBundleChunks, toStixBundle } from './export/stix21/index.js';
export type { StixBundle, StixObject, StixOptions, ActorModel } from './export/stix21/index.js';
export { toMarkdown } from './export/markdown/index.js';
export { documentMeta } from './extract/document/index.js';
export type { DocumentMetaOptions } from './extract/document/index.js';
export { buildRelationships } from './extract/relationships/index.js';
export { hunt, HUNT_SCHEMA_VERSION } from './hunt/index.js';
export type { HuntOptions, HuntResult, HuntProgress } from './hunt/index.js';
export type { HuntHit, IntelIndicator, IntelSet, MatchKind } from './hunt/types.js';
export { loadIntel } from './hunt/intel/index.js';
export { triageFile, triageBytes } from './triage/index.js';
export type { TriageOptions } from './triage/index.js';

/**
 * Pillbox public API: re-exports only, no logic.
 * The CLI (src/cli) is a thin layer over these functions.
 */
export { PillboxError, RuleError, isPillboxError } from './errors.js';
export type { ErrorCode } from './errors.js';
export * from './model/index.js';
export { stixId, uuidv5 } from './util/uuidv5.js';

/**
 * Static triage of files: what a file is, how it is packed, where its payload sits, which crypto,
 * indicators, capabilities and YARA rules it carries. Never executes or loads a sample.
 */
export { triageBytes } from './pipeline/bytes.js';
export { triageFile, defaultCapabilities, defaultYara } from './pipeline/file.js';
export { TRIAGE_DEFAULTS, type TriageOptions } from './pipeline/options.js';
export { compileYara, BUNDLED_YARA_RULES, type YaraScanner } from './yara/index.js';

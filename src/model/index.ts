export * from './diagnostic.js';
export * from './indicator.js';
export * from './entity.js';
export * from './diagnostic-schema.js';
export * from './extract-result.js';
export * from './triage-result.js';

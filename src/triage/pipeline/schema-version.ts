/**
 * The `schema_version` every triage record carries, from the model's zod-free constants: importing it
 * from the module that builds the record's zod schema made every triage worker evaluate zod (~100 ms
 * of start-up) for one string.
 */
export { TRIAGE_SCHEMA_VERSION as RECORD_SCHEMA_VERSION } from '../../model/constants.js';

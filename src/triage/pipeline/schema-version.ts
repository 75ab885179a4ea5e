/**
 * The `schema_version` every triage record carries. The model's `TRIAGE_SCHEMA_VERSION` lives in a
 * module that builds the record's zod schema, and importing it made every triage worker evaluate
 * zod (~100 ms of start-up) for one string. The type below is the model's literal, so a version
 * bump in src/model/triage-result.ts fails to compile here until this follows it.
 */
import type { TriageResult } from '../../model/triage-result.js';

export const RECORD_SCHEMA_VERSION: TriageResult['schema_version'] = '1.0';

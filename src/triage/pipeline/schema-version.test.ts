import { describe, expect, it } from 'vitest';
import { TRIAGE_SCHEMA_VERSION } from '../../model/triage-result.js';
import { RECORD_SCHEMA_VERSION } from './schema-version.js';

describe('RECORD_SCHEMA_VERSION', () => {
  it("is the model's triage schema version", () => {
    expect(RECORD_SCHEMA_VERSION).toBe(TRIAGE_SCHEMA_VERSION);
  });
});

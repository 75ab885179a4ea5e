// Writes schemas/*.schema.json from the zod schemas in src/model (the single source of truth).
// Run: npm run gen:schemas. A test (test/e2e/extract-schema.test.ts) fails when the committed files drift.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { EXTRACT_SCHEMA_VERSION, ExtractResultSchema } from '../src/model/extract-result.js';
import { TRIAGE_SCHEMA_VERSION, TriageResultSchema } from '../src/model/triage-result.js';

export const SCHEMAS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');

/** File name → JSON Schema document (draft 2020-12), in the exact form committed under schemas/. */
export function generateSchemas(): Record<string, string> {
  const generated = z.toJSONSchema(ExtractResultSchema, { target: 'draft-2020-12', io: 'output' });
  const extract = {
    $schema: generated.$schema,
    $id: 'https://pillbox.invalid/schemas/extract.schema.json',
    title: `Pillbox extract result (schema_version ${EXTRACT_SCHEMA_VERSION})`,
    description: 'The object returned by extract() and printed by `pillbox extract --json`. See schemas/README.md.',
    ...generated,
  };
  const triageGenerated = z.toJSONSchema(TriageResultSchema, { target: 'draft-2020-12', io: 'output' });
  const triage = {
    $schema: triageGenerated.$schema,
    $id: 'https://pillbox.invalid/schemas/triage.schema.json',
    title: `Pillbox triage record (schema_version ${TRIAGE_SCHEMA_VERSION})`,
    description: 'One file\'s record as returned by triageFile() and printed by `pillbox triage --json` / `--jsonl`.',
    ...triageGenerated,
  };
  return { 'extract.schema.json': `${JSON.stringify(extract, null, 2)}\n`, 'triage.schema.json': `${JSON.stringify(triage, null, 2)}\n` };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [name, text] of Object.entries(generateSchemas())) {
    writeFileSync(join(SCHEMAS_DIR, name), text);
    process.stdout.write(`wrote schemas/${name}\n`);
  }
}

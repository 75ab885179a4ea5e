import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSchemas } from '../../scripts/gen-schemas.js';
import { extract } from '../../src/extract/index.js';
import { ExtractResultSchema } from '../../src/model/extract-result.js';
import { ensureBuilt } from './extract-build.js';
import { EXAMPLE_HTML, EXAMPLE_MD, ROOT, makePdf, parseJson, runCli, tempDir } from './extract-cli.js';

const tmp = tempDir();
beforeAll(ensureBuilt, 300_000);
afterAll(() => tmp.cleanup());

describe('schemas/extract.schema.json', () => {
  it('is the committed output of npm run gen:schemas', () => {
    for (const [name, text] of Object.entries(generateSchemas())) {
      expect(readFileSync(join(ROOT, 'schemas', name), 'utf8'), `schemas/${name} is stale: run npm run gen:schemas`).toBe(text);
    }
  });

  it('validates real --json outputs of every input kind', async () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'extract.schema.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const pdf = tmp.write('note.pdf', makePdf(['Hector talks to wss://ws.cdn-telemetry[.]cloud/socket']));
    const runs = await Promise.all([
      runCli(['extract', '--json', EXAMPLE_MD]),
      runCli(['extract', '--json', EXAMPLE_HTML]),
      runCli(['extract', '--json', pdf]),
      runCli(['extract', '--json', '-'], { input: '' }),
      runCli(['extract', '--json', tmp.write('latin1.txt', Buffer.from('caf\xe9 45.148.120[.]23\n', 'latin1'))]),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(0);
      const doc = parseJson(run);
      expect(validate(doc) ? [] : validate.errors).toEqual([]);
      expect(ExtractResultSchema.safeParse(doc).success).toBe(true);
    }
  });
});

describe('library API', () => {
  it('extract() returns the same object as `pillbox extract --json`', async () => {
    const fromCli = parseJson(await runCli(['extract', '--json', 'examples/keyplug-report.md']));
    const fromLib = await extract('examples/keyplug-report.md');
    expect(JSON.parse(JSON.stringify(fromLib))).toEqual(fromCli);
  });
});

/**
 * End-to-end over real report texts: every report under test/fixtures/reports and the KeyPlug example
 * goes through the extract() pipeline, then toStixBundle, and the bundle must pass the OASIS schemas, the pattern
 * checker and the ref checks; the Markdown summary must name what was found.
 */
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { toMarkdown } from '../../src/export/markdown/index.js';
import { toStixBundle } from '../../src/export/stix21/index.js';
import type { ExtractResult } from '../../src/model/extract-result.js';
import { checkStixPattern } from '../helpers/stix-pattern-check.js';
import { validateStixBundle } from '../helpers/stix-validate.js';

const REPORTS = new URL('../fixtures/reports/', import.meta.url);
const files = readdirSync(REPORTS).filter((f) => f.endsWith('.md')).map((f) => new URL(f, REPORTS));
files.push(new URL('../../examples/keyplug-report.md', import.meta.url));

function run(path: URL): Promise<ExtractResult> {
  return extract(fileURLToPath(path));
}

describe.each(files.map((f) => [f.pathname.split('/').pop()!, f] as const))('%s', (_name, path) => {
  let result: ExtractResult;
  let bundle: ReturnType<typeof toStixBundle>;
  beforeAll(async () => {
    result = await run(path);
    bundle = toStixBundle(result, { now: new Date('2026-01-01T00:00:00Z') });
  });

  it('exports a bundle that passes the OASIS schemas and the pattern checker', () => {
    expect(validateStixBundle(bundle).errors).toEqual([]);
    for (const o of bundle.objects.filter((x) => x.type === 'indicator')) expect(checkStixPattern(String(o['pattern']))).toEqual({ valid: true });
    const patterns = new Set(bundle.objects.filter((o) => o.type === 'attack-pattern').map((o) => (o['external_references'] as { external_id: string }[])[0]?.external_id));
    for (const t of result.techniques) expect(patterns.has(t.id)).toBe(true);
    const report = bundle.objects.find((o) => o.type === 'report');
    expect((report?.['object_refs'] as string[]).length).toBe(bundle.objects.length - 2);
  });

  it('is deterministic and reads the document facts', async () => {
    expect(toStixBundle(await run(path), { now: new Date('2027-01-01T00:00:00Z') }).objects.map((o) => o.id)).toEqual(bundle.objects.map((o) => o.id));
    expect(result.document.title).not.toBeNull();
    // Reports 61 on are written in Italian (see test/fixtures/reports/README.md).
    expect(result.document.language).toBe(Number.parseInt(basename(fileURLToPath(path)), 10) >= 61 ? 'it' : 'en');
  });

  it('summarises the report in Markdown', () => {
    const md = toMarkdown(result);
    for (const e of result.entities.filter((x) => x.kind === 'threat-actor')) expect(md).toContain(`**${e.name}**`);
    for (const t of result.techniques) expect(md).toContain(`| ${t.id} |`);
    expect(md.startsWith('# ')).toBe(true);
  });
});

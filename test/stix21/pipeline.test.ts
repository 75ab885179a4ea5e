/**
 * The real pipeline (`extract()`), end to end into STIX and Markdown: the KeyPlug example as Markdown and
 * as an HTML page. Checks what the document and relationships stages add and that the bundle validates.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { toMarkdown } from '../../src/export/markdown/index.js';
import { toStixBundle } from '../../src/export/stix21/index.js';
import { checkStixPattern } from '../helpers/stix-pattern-check.js';
import { validateStixBundle } from '../helpers/stix-validate.js';

const NOW = new Date('2026-11-27T00:00:00Z');

describe.each(['examples/keyplug-report.md', 'examples/keyplug-report.html'])('extract(%s)', (path) => {
  it('fills document metadata and relationships, and exports a valid bundle', async () => {
    const r = await extract(path);
    expect(r.document).toMatchObject({ title: expect.stringMatching(/^KeyPlug Returns: APT41 Goes After Italian Manufacturers/), published: '2026-11-03', published_ambiguous: false, language: 'en', source: path });
    const has = (type: string, source: string, target: string) => r.relationships.some((x) => x.type === type && x.source === source && x.target === target);
    expect(has('uses', 'threat-actor:APT41', 'malware:KEYPLUG')).toBe(true);
    expect(has('targets', 'threat-actor:APT41', 'location:Italy')).toBe(true);
    expect(has('attributed-to', 'malware:KEYPLUG', 'threat-actor:APT41')).toBe(true);
    expect(r.relationships.some((x) => x.type === 'indicates' && x.target === 'malware:KEYPLUG')).toBe(true);

    const bundle = toStixBundle(r, { now: NOW });
    expect(validateStixBundle(bundle).errors).toEqual([]);
    for (const o of bundle.objects.filter((x) => x.type === 'indicator')) expect(checkStixPattern(String(o['pattern']))).toEqual({ valid: true });
    const again = toStixBundle(await extract(path), { now: new Date('2027-01-01T00:00:00Z') });
    expect(again.objects.map((o) => o.id)).toEqual(bundle.objects.map((o) => o.id));

    const md = toMarkdown(r);
    expect(md).toContain('- **Published:** 2026-11-03');
    expect(md).toContain('## Relationships');
  });
});

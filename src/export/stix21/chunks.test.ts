import { afterEach, describe, expect, it, vi } from 'vitest';
import { entity, evidence, indicator, keyplugResult, resultOf } from '../../../test/helpers/extract-results.js';
import { validateStixBundle } from '../../../test/helpers/stix-validate.js';
import { prettyJsonChunks } from '../../cli/output/jsonl.js';
import type { ExtractResult } from '../../model/extract-result.js';
import { stixBundleChunks, toStixBundle, type StixBundle, type StixOptions } from './index.js';

const NOW = new Date('2025-04-01T10:00:00.123Z');

const EXTRA_TEXT = [
  'Log4Shell (CVE-2021-44228) again; T1027.002 and T1059.001 as ids.',
  'Ransom to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq and 0x52908400098527886E0F7030069857D2E4169EE7.',
  'Beacons to 203.0.113.9 and update.microsoft.com; files C:\\Users\\Public\\a.dll and C:\\Users\\Public\\b.dll.',
].join('\n');

/**
 * The KeyPlug result with every way two objects can share an id or be left out: an entity and an
 * indicator for one CVE, a technique found and written as an id, an indicator listed twice, two files
 * in one directory, a country named and given as an actor's origin, a malware named twice (case), and
 * crypto addresses, a benign indicator and a relationship that needs it.
 */
function richResult(): ExtractResult {
  const r = keyplugResult();
  const t = EXTRA_TEXT;
  r.entities.push(
    entity(t, 'vulnerability', 'CVE-2021-44228', ['CVE-2021-44228']),
    { kind: 'location', name: 'China', aliases: [], aliases_seen: [], mentions: [], known: true, attributes: { iso2: 'CN' } },
    { kind: 'malware', name: 'keyplug', aliases: [], aliases_seen: [], mentions: [], known: false },
  );
  r.indicators.push(
    indicator(t, 'cve', 'CVE-2021-44228'),
    indicator(t, 'attack_technique', 'T1027.002'),
    indicator(t, 'attack_technique', 'T1059.001'),
    indicator(t, 'btc', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'),
    indicator(t, 'eth', '0x52908400098527886E0F7030069857D2E4169EE7'),
    indicator(t, 'ipv4', '203.0.113.9'),
    indicator(t, 'ipv4', '203.0.113.9'),
    indicator(t, 'domain', 'update.microsoft.com', 'update.microsoft.com', { benign: { list: 'top-domains', reason: 'popular' }, tags: ['benign'] }),
    indicator(t, 'filepath', 'C:\\Users\\Public\\a.dll'),
    indicator(t, 'filepath', 'C:\\Users\\Public\\b.dll'),
  );
  r.relationships.push(
    { type: 'indicates', source: 'indicator:ipv4:203.0.113.9', target: 'malware:keyplug', evidence: [evidence(t, 'Beacons to 203.0.113.9')], confidence: 0.7 },
    { type: 'indicates', source: 'indicator:domain:update.microsoft.com', target: 'malware:KeyPlug', evidence: [], confidence: 0.4 },
    { type: 'uses', source: 'threat-actor:apt41', target: 'technique:T1071.001', evidence: [], confidence: 0.5 },
  );
  return r;
}

/** A report fetched from a URL (the report gets an external reference) with nothing in it. */
function urlResult(): ExtractResult {
  const r = resultOf('', {});
  r.source = { ...r.source, kind: 'url', name: 'https://example.org/report' };
  return r;
}

/** `n` distinct domains: three objects each (indicator, domain-name, based-on). */
function feedResult(n: number): ExtractResult {
  const values = Array.from({ length: n }, (_, i) => `host${i}.feed.example`);
  const text = values.join('\n');
  return resultOf(text, { indicators: values.map((v) => indicator(text, 'domain', v)) });
}

const streamed = (r: ExtractResult, opts: StixOptions): string => [...stixBundleChunks(r, opts)].join('');

const OPTIONS: [string, StixOptions][] = [
  ['defaults', { now: NOW }],
  ['benign indicators', { now: NOW, includeBenign: true }],
  ['actors as both', { now: NOW, actors: 'both' }],
  ['actors as threat-actor, benign, named producer', { now: NOW, actors: 'threat-actor', includeBenign: true, identity: { name: 'ACME CERT' } }],
];

describe('stixBundleChunks', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(OPTIONS)('writes JSON.stringify(toStixBundle(…), null, 2) with %s', (_, opts) => {
    const r = richResult();
    expect(streamed(r, opts)).toBe(`${JSON.stringify(toStixBundle(r, opts), null, 2)}\n`);
  });

  it('writes what --format stix printed before (prettyJsonChunks of the bundle)', () => {
    for (const r of [richResult(), urlResult(), resultOf('', {}), feedResult(100)]) {
      expect(streamed(r, { now: NOW })).toBe([...prettyJsonChunks(toStixBundle(r, { now: NOW }))].join(''));
    }
  });

  it.each(OPTIONS)('parses back to the bundle, which validates, with %s', (_, opts) => {
    const r = richResult();
    const bundle = JSON.parse(streamed(r, opts)) as StixBundle;
    expect(bundle).toEqual(toStixBundle(r, opts));
    expect(validateStixBundle(bundle).errors).toEqual([]);
    const ids = bundle.objects.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('covers what the rich result is meant to exercise', () => {
    const b = toStixBundle(richResult(), { now: NOW, includeBenign: true });
    const types = b.objects.map((o) => o.type);
    for (const t of ['note', 'vulnerability', 'attack-pattern', 'location', 'directory', 'relationship']) expect(types).toContain(t);
    expect(b.objects.filter((o) => o.type === 'directory')).toHaveLength(1);
    expect(b.objects.find((o) => o.type === 'attack-pattern' && (o['external_references'] as { external_id: string }[])[0]?.external_id === 'T1027.002')?.['name']).toBe('Software Packing');
    expect(b.objects.some((o) => o['relationship_type'] === 'indicates' && String(o['source_ref']).startsWith('indicator--') && o['target_ref'] === b.objects.find((x) => x.type === 'malware')?.id)).toBe(true);
    expect(toStixBundle(richResult(), { now: NOW }).objects.length).toBeLessThan(b.objects.length);
  });

  it('keeps the bundle order: producer, report, entities, origins, techniques, indicators, relationships, note', () => {
    // Both renderings share one walk, so their agreement cannot catch a change of order; this pins it.
    const types = toStixBundle(richResult(), { now: NOW, includeBenign: true }).objects.map((o) => o.type);
    expect(types).toEqual([
      'identity', 'report',
      'intrusion-set', 'malware', 'tool', 'location', 'identity', 'vulnerability', 'location',
      'relationship',
      'attack-pattern', 'attack-pattern',
      'indicator', 'file', 'relationship', 'indicator', 'domain-name', 'relationship', 'indicator', 'file', 'directory', 'relationship',
      'indicator', 'windows-registry-key', 'relationship', 'attack-pattern', 'indicator', 'ipv4-addr', 'relationship',
      'indicator', 'domain-name', 'relationship', 'indicator', 'file', 'relationship', 'indicator', 'file', 'relationship',
      ...Array<string>(10).fill('relationship'),
      'note',
    ]);
  });

  it('writes a big report in pieces, none holding all its object_refs', () => {
    const r = feedResult(4000);
    const pieces = [...stixBundleChunks(r, { now: NOW })];
    const text = `${JSON.stringify(toStixBundle(r, { now: NOW }), null, 2)}\n`;
    expect(pieces.join('')).toBe(text);
    const refsText = JSON.stringify((JSON.parse(text) as StixBundle).objects[1]?.['object_refs']).length;
    expect(refsText).toBeGreaterThan(600_000);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(refsText / 1.5);
  });

  it('gives every object the one timestamp read before the first walk, however long the writing takes', () => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
    const pieces = stixBundleChunks(richResult());
    const head = pieces.next();
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const bundle = JSON.parse(String(head.value) + [...pieces].join('')) as StixBundle;
    const created = new Set(bundle.objects.filter((o) => 'created' in o).map((o) => o['created']));
    expect([...created]).toEqual([NOW.toISOString()]);
  });
});

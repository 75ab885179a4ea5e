import { describe, expect, it } from 'vitest';
import { indicator, keyplugResult, resultOf } from '../../../test/helpers/extract-results.js';
import { checkStixPattern } from '../../../test/helpers/stix-pattern-check.js';
import { validateStixBundle, validateStixObject } from '../../../test/helpers/stix-validate.js';
import type { IndicatorType } from '../../model/indicator.js';
import { scoId } from './ids.js';
import { toStixBundle, type StixBundle, type StixObject } from './index.js';

const NOW = new Date('2025-04-01T10:00:00Z');

function ofType(b: StixBundle, type: string): StixObject[] {
  return b.objects.filter((o) => o.type === type);
}

function expectValid(b: StixBundle): void {
  const v = validateStixBundle(b);
  expect(v.errors).toEqual([]);
  for (const o of ofType(b, 'indicator')) expect(checkStixPattern(String(o['pattern'])), String(o['pattern'])).toEqual({ valid: true });
}

describe('toStixBundle on the KeyPlug example', () => {
  const bundle = toStixBundle(keyplugResult(), { now: NOW });

  it('validates against the OASIS schemas, with every ref inside the bundle', () => {
    expectValid(bundle);
  });

  it('emits one object per entity kind, with aliases and references', () => {
    const [set] = ofType(bundle, 'intrusion-set');
    expect(set).toMatchObject({ name: 'APT41', external_references: [{ source_name: 'mitre-attack', external_id: 'G0096' }] });
    expect(set?.['aliases']).toEqual(['Barium', 'Wicked Panda', 'Winnti Group']);
    expect(ofType(bundle, 'threat-actor')).toEqual([]);
    expect(ofType(bundle, 'malware')[0]).toMatchObject({ name: 'KeyPlug', is_family: true, aliases: ['KEYPLUG'] });
    expect(ofType(bundle, 'tool').map((o) => o['name'])).toEqual(['VMProtect']);
    expect(ofType(bundle, 'location').map((o) => [o['name'], o['country']]).sort()).toEqual([['CN', 'CN'], ['Italy', 'IT']]);
    const sector = ofType(bundle, 'identity').find((o) => o['name'] === 'Manufacturing');
    expect(sector).toMatchObject({ identity_class: 'class', sectors: ['manufacturing'] });
    const ap = ofType(bundle, 'attack-pattern').find((o) => o['name'] === 'Software Packing');
    expect(ap).toMatchObject({
      external_references: [{ source_name: 'mitre-attack', external_id: 'T1027.002', url: 'https://attack.mitre.org/techniques/T1027/002/' }],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'defense-evasion' }],
    });
  });

  it('links indicators to observables and turns relationships into SROs with evidence', () => {
    const rels = ofType(bundle, 'relationship');
    const byType = (t: string) => rels.filter((r) => r['relationship_type'] === t);
    expect(byType('based-on')).toHaveLength(4);
    expect(byType('uses')).toHaveLength(3);
    expect(byType('targets')).toHaveLength(2);
    expect(byType('originates-from')).toHaveLength(1);
    // malware attributed-to is not a STIX 2.1 relationship; the spec's equivalent is authored-by.
    expect(byType('authored-by')).toHaveLength(1);
    const ind = byType('indicates')[0];
    expect(String(ind?.['source_ref'])).toMatch(/^indicator--/);
    expect(ind?.['description']).toContain('is a KeyPlug loader');
    expect(ind?.['confidence']).toBe(90);
    const patterns = ofType(bundle, 'indicator').map((o) => o['pattern']).sort();
    expect(patterns).toEqual([
      "[domain-name:value = 'c2.keyplug-demo.net']",
      "[file:hashes.'SHA-256' = '5f0b6e1c2a3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab']",
      "[file:name = 'svc.exe' AND file:parent_directory_ref.path = 'C:\\\\Users\\\\Public']",
      "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\svc']",
    ]);
  });

  it('writes a report that refers to every other object, dated from the document', () => {
    const [report] = ofType(bundle, 'report');
    expect(report).toMatchObject({ name: 'KeyPlug returns: APT41 hits Italian manufacturers', published: '2025-03-12T00:00:00.000Z', lang: 'en' });
    const others = bundle.objects.filter((o) => o.type !== 'report' && o.id !== bundle.objects[0]?.id).map((o) => o.id);
    expect([...(report?.['object_refs'] as string[])].sort()).toEqual(others.sort());
    expect(ofType(bundle, 'indicator').every((o) => o['valid_from'] === '2025-03-12T00:00:00.000Z')).toBe(true);
  });

  it('gives the same ids when the same report is extracted again later', () => {
    const again = toStixBundle(keyplugResult(), { now: new Date('2026-01-01T00:00:00Z') });
    expect(again.objects.map((o) => o.id)).toEqual(bundle.objects.map((o) => o.id));
    expect(again.id).toBe(bundle.id);
    expect(again.objects[1]?.['created']).toBe('2026-01-01T00:00:00.000Z');
  });

  it('reuses a named country as the actor origin', () => {
    const r = keyplugResult();
    r.entities.push({ kind: 'location', name: 'China', aliases: [], aliases_seen: ['Chinese'], mentions: [], known: true, attributes: { iso2: 'CN' } });
    const b = toStixBundle(r, { now: NOW });
    expectValid(b);
    const cn = ofType(b, 'location').filter((o) => o['country'] === 'CN');
    expect(cn.map((o) => o['name'])).toEqual(['China']);
    expect(ofType(b, 'relationship').find((o) => o['relationship_type'] === 'originates-from')?.['target_ref']).toBe(cn[0]?.id);
  });

  it('models actors as threat-actor and intrusion-set when asked', () => {
    const both = toStixBundle(keyplugResult(), { now: NOW, actors: 'both' });
    expectValid(both);
    const ta = ofType(both, 'threat-actor')[0];
    const is = ofType(both, 'intrusion-set')[0];
    expect(ofType(both, 'relationship').some((r) => r['relationship_type'] === 'attributed-to' && r['source_ref'] === is?.id && r['target_ref'] === ta?.id)).toBe(true);
  });
});

const TYPE_CASES: [IndicatorType, string, RegExp | null][] = [
  ['md5', 'd41d8cd98f00b204e9800998ecf8427e', /^\[file:hashes\.'MD5' = /],
  ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', /^\[file:hashes\.'SHA-1' = /],
  ['sha512', 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e', /'SHA-512'/],
  ['ssdeep', '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C', /^\[file:hashes\.'SSDEEP' = /],
  ['ipv4', '203.0.113.7', /^\[ipv4-addr:value = '203\.0\.113\.7'\]$/],
  ['ipv6', '2001:db8::7', /^\[ipv6-addr:value = /],
  ['cidr', '198.51.100.0/24', /^\[ipv4-addr:value = '198\.51\.100\.0\/24'\]$/],
  ['cidr', '2001:db8::/32', /^\[ipv6-addr:value = /],
  ['url', "https://bad.example/a?q='x'", /\\'x\\'/],
  ['email', 'ops@bad.example', /^\[email-addr:value = /],
  ['mac', '00-1A-2B-3C-4D-5E', /'00:1a:2b:3c:4d:5e'/],
  ['mac', '001a.2b3c.4d5f', /'00:1a:2b:3c:4d:5f'/],
  ['asn', 'AS64500', /^\[autonomous-system:number = 64500\]$/],
  ['filename', "it's.dll", /^\[file:name = 'it\\'s\.dll'\]$/],
  ['filepath', '/tmp/.x/', /^\[directory:path = '\/tmp\/\.x'\]$/],
  ['registry', 'HKCU\\Software\\Run', /HKEY_CURRENT_USER/],
  ['cve', 'CVE-2023-12345', null],
  ['attack_technique', 'T1059.001', null],
  ['btc', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', null],
];

describe('toStixBundle indicator types', () => {
  const text = TYPE_CASES.map(([, v]) => v).join('\n');
  const indicators = TYPE_CASES.map(([type, value]) => indicator(text, type, value));
  const bundle = toStixBundle(resultOf(text, { indicators }), { now: NOW });

  it('validates with every type present', () => {
    expectValid(bundle);
  });

  it.each(TYPE_CASES.filter(([, , re]) => re !== null))('%s %s → pattern', (type, value, re) => {
    const sdo = ofType(bundle, 'indicator').find((o) => o['name'] === value || (type === 'mac' && o['name'] === value));
    expect(sdo, `${type} ${value}`).toBeDefined();
    expect(String(sdo?.['pattern'])).toMatch(re!);
  });

  it('maps CVEs, ATT&CK ids and crypto addresses to the objects STIX has for them', () => {
    expect(ofType(bundle, 'vulnerability')[0]).toMatchObject({ name: 'CVE-2023-12345', external_references: [{ source_name: 'cve', external_id: 'CVE-2023-12345' }] });
    expect(ofType(bundle, 'attack-pattern')[0]).toMatchObject({ external_references: [{ external_id: 'T1059.001', url: 'https://attack.mitre.org/techniques/T1059/001/' }] });
    expect(String(ofType(bundle, 'note')[0]?.['content'])).toContain('BTC bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
  });

  it('uses the spec id-contributing properties for SCO ids', () => {
    expect(scoId('ipv4-addr', { value: '1.2.3.4' })).toBe('ipv4-addr--3c0d1195-4858-5408-b553-d106b5e1e091');
    const ip = ofType(bundle, 'ipv4-addr').find((o) => o['value'] === '203.0.113.7');
    expect(ip?.id).toBe(scoId('ipv4-addr', { value: '203.0.113.7' }));
  });
});

describe('benign indicators and edge cases', () => {
  const text = 'update.microsoft.com and bad.example';
  const benign = indicator(text, 'domain', 'update.microsoft.com', 'update.microsoft.com', { benign: { list: 'top-domains', reason: 'popular' }, tags: ['benign'] });
  const bad = indicator(text, 'domain', 'bad.example');

  it('leaves benign indicators out unless asked', () => {
    const names = (b: StixBundle) => ofType(b, 'indicator').map((o) => o['name']);
    expect(names(toStixBundle(resultOf(text, { indicators: [benign, bad] }), { now: NOW }))).toEqual(['bad.example']);
    const withBenign = toStixBundle(resultOf(text, { indicators: [benign, bad] }), { now: NOW, includeBenign: true });
    expectValid(withBenign);
    expect(ofType(withBenign, 'indicator').find((o) => o['name'] === 'update.microsoft.com')?.['indicator_types']).toEqual(['benign']);
  });

  it('produces a valid bundle for an empty result, naming the producer', () => {
    const b = toStixBundle(resultOf('', {}), { now: NOW, identity: { name: 'ACME CERT' } });
    expectValid(b);
    expect(b.objects[0]).toMatchObject({ type: 'identity', name: 'ACME CERT', identity_class: 'organization' });
    expect(ofType(b, 'report')[0]?.['name']).toBe('examples/keyplug-report.md');
  });

  it('drops relationships whose endpoints are not in the bundle', () => {
    const r = resultOf(text, { indicators: [benign], relationships: [{ type: 'indicates', source: 'indicator:domain:update.microsoft.com', target: 'malware:Nope', evidence: [], confidence: 0.5 }] });
    expect(ofType(toStixBundle(r, { now: NOW }), 'relationship')).toEqual([]);
  });
});

describe('the validators can fail', () => {
  it('rejects objects the OASIS schemas reject', () => {
    const b = toStixBundle(keyplugResult(), { now: NOW });
    const malware = structuredClone(ofType(b, 'malware')[0]!);
    delete malware['is_family'];
    expect(validateStixObject(malware).valid).toBe(false);
    const ind = { ...ofType(b, 'indicator')[0]!, valid_from: '2025-03-12' };
    expect(validateStixObject(ind).valid).toBe(false);
    expect(validateStixObject({ type: 'x-unknown', id: 'x-unknown--3c0d1195-4858-5408-b553-d106b5e1e091' }).valid).toBe(false);
    const dangling = { ...b, objects: b.objects.filter((o) => o.type !== 'malware') };
    expect(validateStixBundle(dangling).errors.some((e) => e.includes('not in bundle'))).toBe(true);
  });

  it.each([
    "[file:hashes.'SHA-256' = 'abc'",
    "[domain-name:value = 'a'b']",
    "[domain-name:value = 'a\\x']",
    "[domain-name:nope = 'a']",
    '[autonomous-system:number = \'1\']',
    "[url:value = 'x'] trailing",
  ])('rejects the bad pattern %s', (p) => {
    expect(checkStixPattern(p).valid).toBe(false);
  });
});

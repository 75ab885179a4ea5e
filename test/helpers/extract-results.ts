/**
 * Hand-built ExtractResults for exporter tests, written before the real pipeline existed. The report text
 * is our own; offsets are computed from it so evidence stays consistent.
 */
import type { Entity, Evidence, Relationship, TechniqueHit } from '../../src/model/entity.js';
import { EXTRACT_SCHEMA_VERSION, type ExtractResult } from '../../src/model/extract-result.js';
import type { Indicator, IndicatorType } from '../../src/model/indicator.js';

export const KEYPLUG_TEXT = [
  '# KeyPlug returns: APT41 hits Italian manufacturers',
  '',
  'Published on 12 March 2025.',
  '',
  'APT41 (also known as Wicked Panda) used the KeyPlug backdoor against manufacturing companies in Italy.',
  'The Linux build of KeyPlug is protected with VMProtect. KeyPlug talks WSS to its controller at c2.keyplug-demo[.]net.',
  'The payload with SHA-256 5f0b6e1c2a3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab is a KeyPlug loader.',
  'Its dropper wrote C:\\Users\\Public\\svc.exe and set HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\svc.',
].join('\n');

function at(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`fixture text lacks ${needle}`);
  return i;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** An indicator whose first occurrence is where `raw` is written in `text`. */
export function indicator(text: string, type: IndicatorType, value: string, raw = value, extra: Partial<Indicator> = {}): Indicator {
  const offset = at(text, raw);
  return {
    type, value, raw, defanged: raw !== value,
    occurrences: [{ offset, line: lineOf(text, offset), raw }],
    context: text.slice(Math.max(0, offset - 30), offset + raw.length + 30).replace(/\s+/g, ' ').trim(),
    tags: [], ...extra,
  };
}

export function entity(text: string, kind: Entity['kind'], name: string, written: string[] = [name], extra: Partial<Entity> = {}): Entity {
  const mentions = written.map((w) => ({ text: w, offset: at(text, w), line: lineOf(text, at(text, w)) }));
  return { kind, name, aliases: [], aliases_seen: written.filter((w) => w !== name), mentions, known: true, ...extra };
}

export function evidence(text: string, sentence: string, rule?: string): Evidence {
  const start = at(text, sentence);
  return { text: sentence, start, end: start + sentence.length, ...(rule ? { rule } : {}) };
}

export function resultOf(text: string, parts: Partial<ExtractResult>): ExtractResult {
  return {
    schema_version: EXTRACT_SCHEMA_VERSION,
    source: { name: 'examples/keyplug-report.md', kind: 'file', media_type: 'text/markdown', encoding: 'utf-8', size: text.length, sha256: 'a'.repeat(64) },
    document: { title: null, published: null, published_ambiguous: false, language: null, source: 'examples/keyplug-report.md' },
    indicators: [], entities: [], techniques: [], relationships: [], warnings: [],
    ...parts,
  };
}

/** The KeyPlug example as the pipeline should see it: every entity kind, several indicator types, relationships. */
export function keyplugResult(): ExtractResult {
  const t = KEYPLUG_TEXT;
  const s1 = 'APT41 (also known as Wicked Panda) used the KeyPlug backdoor against manufacturing companies in Italy.';
  const s2 = 'The Linux build of KeyPlug is protected with VMProtect.';
  const s3 = 'The payload with SHA-256 5f0b6e1c2a3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab is a KeyPlug loader.';
  const techniques: TechniqueHit[] = [
    { id: 'T1027.002', name: 'Software Packing', tactics: ['defense-evasion'], evidence: [evidence(t, s2, 'phrase:T1027.002/protector')], confidence: 0.9 },
    { id: 'T1071.001', name: 'Web Protocols', tactics: ['command-and-control'], evidence: [evidence(t, 'KeyPlug talks WSS to its controller at c2.keyplug-demo[.]net.')], confidence: 0.8 },
  ];
  const relationships: Relationship[] = [
    { type: 'uses', source: 'threat-actor:APT41', target: 'malware:KeyPlug', evidence: [evidence(t, s1)], confidence: 0.9 },
    { type: 'targets', source: 'threat-actor:APT41', target: 'location:Italy', evidence: [evidence(t, s1)], confidence: 0.8 },
    { type: 'targets', source: 'threat-actor:APT41', target: 'sector:Manufacturing', evidence: [evidence(t, s1)], confidence: 0.8 },
    { type: 'uses', source: 'malware:KeyPlug', target: 'technique:T1027.002', evidence: [evidence(t, s2)], confidence: 0.8 },
    { type: 'uses', source: 'malware:KeyPlug', target: 'tool:VMProtect', evidence: [evidence(t, s2)], confidence: 0.7 },
    { type: 'indicates', source: 'indicator:sha256:5f0b6e1c2a3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab', target: 'malware:KeyPlug', evidence: [evidence(t, s3)], confidence: 0.9 },
    { type: 'attributed-to', source: 'malware:KeyPlug', target: 'threat-actor:APT41', evidence: [evidence(t, s1)], confidence: 0.6 },
  ];
  return resultOf(t, {
    document: { title: 'KeyPlug returns: APT41 hits Italian manufacturers', published: '2025-03-12', published_ambiguous: false, language: 'en', source: 'examples/keyplug-report.md' },
    entities: [
      entity(t, 'threat-actor', 'APT41', ['APT41', 'Wicked Panda'], { aliases: ['Wicked Panda', 'Barium', 'Winnti Group'], attributes: { country: 'CN', mitre_id: 'G0096' } }),
      entity(t, 'malware', 'KeyPlug', ['KeyPlug'], { aliases: ['KEYPLUG'] }),
      entity(t, 'tool', 'VMProtect'),
      entity(t, 'location', 'Italy', ['Italy'], { attributes: { iso2: 'IT', region: 'Southern Europe' } }),
      entity(t, 'sector', 'Manufacturing', ['manufacturing']),
    ],
    techniques,
    relationships,
    indicators: [
      indicator(t, 'sha256', '5f0b6e1c2a3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab'),
      indicator(t, 'domain', 'c2.keyplug-demo.net', 'c2.keyplug-demo[.]net'),
      indicator(t, 'filepath', 'C:\\Users\\Public\\svc.exe'),
      indicator(t, 'registry', 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\svc'),
    ],
  });
}

import { describe, expect, it } from 'vitest';
import type { Entity, Relationship, TechniqueHit } from '../../model/entity.js';
import type { Indicator, IndicatorType } from '../../model/indicator.js';
import { splitSentences } from '../../text/sentences.js';
import { buildRelationships, CONFIDENCE } from './index.js';

/** Every occurrence of each written form, as the entity recogniser would report it. */
function ent(text: string, kind: Entity['kind'], name: string, written: string[] = [name], attributes?: Entity['attributes']): Entity {
  const mentions = [];
  for (const w of written) {
    for (let i = text.indexOf(w); i !== -1; i = text.indexOf(w, i + w.length)) mentions.push({ text: w, offset: i, line: 1 });
  }
  return { kind, name, aliases: [], aliases_seen: [], mentions, known: true, ...(attributes ? { attributes } : {}) };
}

function tech(text: string, id: string, phrase: string): TechniqueHit {
  const start = text.indexOf(phrase);
  if (start < 0) throw new Error(phrase);
  return { id, name: id, tactics: [], evidence: [{ text: phrase, start, end: start + phrase.length }], confidence: 0.8 };
}

function ioc(text: string, type: IndicatorType, value: string, benign = false): Indicator {
  const occurrences = [];
  for (let i = text.indexOf(value); i !== -1; i = text.indexOf(value, i + 1)) occurrences.push({ offset: i, line: 1, raw: value });
  return { type, value, raw: value, defanged: false, occurrences, context: '', tags: [], ...(benign ? { benign: { list: 'l', reason: 'r' } } : {}) };
}

function find(rels: Relationship[], type: string, source: string, target: string): Relationship | undefined {
  return rels.find((r) => r.type === type && r.source === source && r.target === target);
}

const REPORT = [
  '# KeyPlug returns',
  '',
  'The Chinese state-sponsored group APT41 used the KeyPlug backdoor against manufacturing companies in Italy.',
  'The Linux build of KeyPlug is packed with VMProtect. The backdoor then decrypts its configuration with AES.',
  'Researchers at Acme Security shared the findings.',
  '',
  'KeyPlug contacted the following servers:',
  '- c2.keyplug-demo.net',
  '- 203.0.113.50',
  '- update.microsoft.com',
  '',
  '## ShadowPad samples',
  '',
  '- 0123456789abcdef0123456789abcdef',
  '',
  'We attribute the Hector tool to APT41. Earth Baku is linked to APT41 as well.',
  'The operators also created a scheduled task for persistence.',
].join('\n');

function reportFindings() {
  const t = REPORT;
  return {
    entities: [
      ent(t, 'threat-actor', 'APT41', ['APT41'], { country: 'CN' }),
      ent(t, 'threat-actor', 'Earth Baku'),
      ent(t, 'malware', 'KeyPlug'),
      ent(t, 'malware', 'ShadowPad'),
      ent(t, 'tool', 'VMProtect'),
      ent(t, 'tool', 'Hector'),
      ent(t, 'location', 'China', ['Chinese'], { iso2: 'CN' }),
      ent(t, 'location', 'Italy', ['Italy'], { iso2: 'IT' }),
      ent(t, 'sector', 'Manufacturing', ['manufacturing']),
      ent(t, 'identity', 'Acme Security', ['Acme Security'], { role: 'source' }),
    ],
    techniques: [
      tech(t, 'T1027.002', 'packed with VMProtect'),
      tech(t, 'T1140', 'decrypts its configuration with AES'),
      tech(t, 'T1053.005', 'created a scheduled task'),
    ],
    indicators: [
      ioc(t, 'domain', 'c2.keyplug-demo.net'),
      ioc(t, 'ipv4', '203.0.113.50'),
      ioc(t, 'domain', 'update.microsoft.com', true),
      ioc(t, 'md5', '0123456789abcdef0123456789abcdef'),
    ],
  };
}

describe('buildRelationships on a small report', () => {
  const rels = buildRelationships(REPORT, reportFindings());

  it('links the actor to its malware with the sentence as evidence', () => {
    const r = find(rels, 'uses', 'threat-actor:APT41', 'malware:KeyPlug');
    expect(r?.confidence).toBe(CONFIDENCE.sentenceCueBetween);
    const ev = r!.evidence[0]!;
    expect(REPORT.slice(ev.start, ev.end)).toBe(ev.text);
    expect(ev.text).toContain('used the KeyPlug backdoor');
  });

  it('finds victims but not the actor origin country or the reporting vendor', () => {
    expect(find(rels, 'targets', 'threat-actor:APT41', 'location:Italy')).toBeDefined();
    expect(find(rels, 'targets', 'threat-actor:APT41', 'sector:Manufacturing')).toBeDefined();
    expect(rels.filter((r) => r.target === 'location:China' || r.target === 'identity:Acme Security')).toEqual([]);
  });

  it('links malware to tools and techniques, resolving "the backdoor" within the paragraph', () => {
    expect(find(rels, 'uses', 'malware:KeyPlug', 'tool:VMProtect')).toBeDefined();
    expect(find(rels, 'uses', 'malware:KeyPlug', 'technique:T1027.002')?.confidence).toBe(0.75);
    const decrypt = find(rels, 'uses', 'malware:KeyPlug', 'technique:T1140');
    expect(decrypt?.confidence).toBe(CONFIDENCE.paragraph);
    expect(decrypt?.evidence.map((e) => e.text)).toEqual(['The backdoor then decrypts its configuration with AES.', 'The Linux build of KeyPlug is packed with VMProtect.']);
  });

  it('ties listed indicators to the family of their paragraph or heading, never benign ones', () => {
    expect(find(rels, 'indicates', 'indicator:domain:c2.keyplug-demo.net', 'malware:KeyPlug')?.confidence).toBe(CONFIDENCE.paragraph);
    expect(find(rels, 'indicates', 'indicator:ipv4:203.0.113.50', 'malware:KeyPlug')).toBeDefined();
    expect(find(rels, 'indicates', 'indicator:md5:0123456789abcdef0123456789abcdef', 'malware:ShadowPad')?.confidence).toBe(CONFIDENCE.heading);
    expect(rels.some((r) => r.source.includes('update.microsoft.com'))).toBe(false);
  });

  it('reads attribution sentences', () => {
    expect(find(rels, 'attributed-to', 'tool:Hector', 'threat-actor:APT41')).toBeDefined();
    expect(find(rels, 'attributed-to', 'threat-actor:Earth Baku', 'threat-actor:APT41')).toBeDefined();
    expect(find(rels, 'attributed-to', 'threat-actor:APT41', 'threat-actor:Earth Baku')).toBeUndefined();
  });

  it('resolves "the operators" to the actors named earlier in the paragraph', () => {
    const sched = rels.filter((r) => r.target === 'technique:T1053.005');
    expect(sched.map((r) => [r.source, r.confidence])).toEqual([['threat-actor:APT41', CONFIDENCE.paragraph], ['threat-actor:Earth Baku', CONFIDENCE.paragraph]]);
  });

  it('gives the same result with precomputed sentences, sorted deterministically', () => {
    expect(buildRelationships(REPORT, reportFindings(), { sentences: splitSentences(REPORT) })).toEqual(rels);
    const keys = rels.map((r) => `${r.type} ${r.source} ${r.target}`);
    expect([...keys].sort()).toEqual(keys);
  });
});

describe('buildRelationships fallbacks and limits', () => {
  it('gives a lone actor the techniques and victims of subjectless sentences, at low confidence', () => {
    const t = 'Volt Typhoon is back.\n\nThe intrusions began with exploitation of edge devices. The campaign targeted energy utilities in Guam.';
    const rels = buildRelationships(t, {
      entities: [ent(t, 'threat-actor', 'Volt Typhoon'), ent(t, 'location', 'Guam'), ent(t, 'sector', 'Energy', ['energy'])],
      techniques: [tech(t, 'T1190', 'exploitation of edge devices')],
      indicators: [],
    });
    expect(find(rels, 'uses', 'threat-actor:Volt Typhoon', 'technique:T1190')?.confidence).toBe(CONFIDENCE.document);
    expect(find(rels, 'targets', 'threat-actor:Volt Typhoon', 'location:Guam')).toBeDefined();
  });

  it('gives software named without an actor to the paragraph actor, else the only actor', () => {
    const t = 'Sandworm Team broke in.\nThey moved laterally with Impacket.\n\nLater the batch file launched CaddyWiper.';
    const rels = buildRelationships(t, { entities: [ent(t, 'threat-actor', 'Sandworm Team'), ent(t, 'tool', 'Impacket'), ent(t, 'malware', 'CaddyWiper')], techniques: [], indicators: [] });
    expect(find(rels, 'uses', 'threat-actor:Sandworm Team', 'tool:Impacket')?.confidence).toBe(CONFIDENCE.paragraph);
    expect(find(rels, 'uses', 'threat-actor:Sandworm Team', 'malware:CaddyWiper')?.confidence).toBe(CONFIDENCE.document);
  });

  it('reads attribution only towards an actor named after the cue and the software', () => {
    const t = 'KeyPlug is the backdoor associated with APT41, which others call Winnti.';
    const rels = buildRelationships(t, { entities: [ent(t, 'threat-actor', 'APT41'), ent(t, 'malware', 'KeyPlug'), ent(t, 'malware', 'Winnti')], techniques: [], indicators: [] });
    expect(find(rels, 'attributed-to', 'malware:KeyPlug', 'threat-actor:APT41')?.confidence).toBe(CONFIDENCE.sentenceCueBetween);
    expect(find(rels, 'attributed-to', 'malware:Winnti', 'threat-actor:APT41')).toBeUndefined();
    expect(find(rels, 'uses', 'threat-actor:APT41', 'malware:Winnti')?.confidence).toBe(CONFIDENCE.weak);
  });

  it('reads "goes after" in a title and ignores links under a References heading', () => {
    const t = '# APT41 goes after Italian manufacturers\n\nKeyPlug beacons to evil.example.\n\n## References\n\n- KeyPlug write-up: https://vendor.example/keyplug';
    const rels = buildRelationships(t, {
      entities: [ent(t, 'threat-actor', 'APT41'), ent(t, 'location', 'Italy', ['Italian']), ent(t, 'malware', 'KeyPlug')],
      techniques: [],
      indicators: [ioc(t, 'domain', 'evil.example'), ioc(t, 'url', 'https://vendor.example/keyplug')],
    });
    expect(find(rels, 'targets', 'threat-actor:APT41', 'location:Italy')).toBeDefined();
    expect(find(rels, 'indicates', 'indicator:domain:evil.example', 'malware:KeyPlug')?.confidence).toBe(0.8);
    expect(rels.some((r) => r.source.startsWith('indicator:url:'))).toBe(false);
  });

  it('ties an indicator to a tool when no family is named, and gives the tool its techniques', () => {
    const t = 'Hector (SHA-256 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef) opens a WebSocket channel.';
    const rels = buildRelationships(t, {
      entities: [ent(t, 'tool', 'Hector')],
      techniques: [tech(t, 'T1071.001', 'opens a WebSocket channel')],
      indicators: [ioc(t, 'sha256', '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')],
    });
    expect(find(rels, 'indicates', 'indicator:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'tool:Hector')?.confidence).toBe(0.8);
    expect(find(rels, 'uses', 'tool:Hector', 'technique:T1071.001')).toBeDefined();
  });

  it('does not link names that only share a paragraph without a cue', () => {
    const t = 'APT28 is a known group. Separately, Italy published a new strategy.';
    const rels = buildRelationships(t, { entities: [ent(t, 'threat-actor', 'APT28'), ent(t, 'location', 'Italy')], techniques: [], indicators: [] });
    expect(rels).toEqual([]);
  });

  it('returns nothing for empty input', () => {
    expect(buildRelationships('', { entities: [], techniques: [], indicators: [] })).toEqual([]);
  });

  it('stays bounded on a huge report with thousands of mentions', () => {
    const para = 'APT41 used KeyPlug against Italy. KeyPlug contacted 203.0.113.9 for commands.\n\n';
    const t = para.repeat(5000);
    const rels = buildRelationships(t, {
      entities: [ent(t, 'threat-actor', 'APT41'), ent(t, 'malware', 'KeyPlug'), ent(t, 'location', 'Italy')],
      techniques: [],
      indicators: [ioc(t, 'ipv4', '203.0.113.9')],
    });
    expect(rels.map((r) => `${r.type} ${r.source} ${r.target}`)).toEqual([
      'indicates indicator:ipv4:203.0.113.9 malware:KeyPlug',
      'targets threat-actor:APT41 location:Italy',
      'uses threat-actor:APT41 malware:KeyPlug',
    ]);
    expect(rels.every((r) => r.evidence.length <= 3)).toBe(true);
  });
});

describe('relationshipsStage', () => {
  it('fills result.relationships from the earlier stages', async () => {
    const { relationshipsStage } = await import('./stage.js');
    const f = reportFindings();
    const result = { ...f, relationships: [] as Relationship[] };
    relationshipsStage.run({ text: REPORT }, result);
    expect(result.relationships).toEqual(buildRelationships(REPORT, f));
    expect(result.relationships.length).toBeGreaterThan(5);
  });
});

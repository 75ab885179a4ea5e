import { describe, expect, it } from 'vitest';
import type { Entity } from '../../model/entity.js';
import type { Indicator } from '../../model/indicator.js';
import { entitiesStage } from './stage.js';

const cve: Indicator = {
  type: 'cve', value: 'CVE-2023-23397', raw: 'cve-2023-23397', defanged: false,
  occurrences: [{ offset: 10, line: 1, raw: 'cve-2023-23397' }, { offset: 40, line: 2, raw: 'CVE-2023-23397' }],
  context: '', tags: [],
};

describe('entitiesStage', () => {
  it('adds one vulnerability entity per CVE indicator, with every mention', () => {
    const result: { indicators: Indicator[]; entities: Entity[] } = { indicators: [cve], entities: [] };
    entitiesStage.run({ text: 'x', opts: { knowledge: null } }, result);
    expect(result.entities).toEqual([{
      kind: 'vulnerability', name: 'CVE-2023-23397', aliases: ['CVE-2023-23397'], aliases_seen: ['cve-2023-23397', 'CVE-2023-23397'],
      mentions: [{ text: 'cve-2023-23397', offset: 10, line: 1 }, { text: 'CVE-2023-23397', offset: 40, line: 2 }], known: true,
    }]);
  });
  it('recognises named entities with the bundled knowledge by default', () => {
    const result: { indicators: Indicator[]; entities: Entity[] } = { indicators: [], entities: [] };
    entitiesStage.run({ text: 'Kimsuky phished South Korean think tanks.\nLater, Kimsuky returned.', opts: {} }, result);
    expect(result.entities.map((e) => `${e.kind}:${e.name}`)).toEqual(['threat-actor:Kimsuky', 'location:South Korea', 'sector:think tanks']);
    expect(result.entities[0]!.mentions.map((m) => m.line)).toEqual([1, 2]);
  });
});

// indexMentions stores one mention per finding and sentence where repeats would sort after it: every
// bucket reader takes the first mention of each ref, so the readers' views must be those of buckets
// holding every mention (the reference below, the former placement), on real reports and on a text
// that repeats findings many times per sentence (and in one over-full sentence: the cap still counts repeats).
import { describe, expect, it } from 'vitest';
import type { Entity, TechniqueHit } from '../../model/entity.js';
import type { Indicator } from '../../model/indicator.js';
import { splitSentences, type Sentence } from '../../text/sentences.js';
import { repositoryReportTexts } from '../../../test/helpers/report-texts.js';
import { extractText } from '../index.js';
import { distinct, entityRef, groupByKind, indexMentions, indicatorRef, indicatorSentences, type Located, type MentionIndex } from './mentions.js';

type Found = { indicators: Indicator[]; entities: Entity[]; techniques: TechniqueHit[] };

/** Every mention into its sentence's bucket (at most 300 per sentence), then each bucket sorted by start. */
function referenceBuckets(sentences: readonly Sentence[], found: Found, index: MentionIndex): Located[][] {
  const buckets = sentences.map((): Located[] => []);
  const put = (m: Located): void => {
    const s = sentences.findIndex((x) => x.start <= m.start && m.start < x.end);
    if (s === -1 || buckets[s]!.length >= 300) return;
    m.sentence = s;
    buckets[s]!.push(m);
  };
  for (const e of found.entities) for (const m of e.mentions) put({ ref: entityRef(e), kind: e.kind, start: m.offset, end: m.offset + m.text.length, sentence: -1, entity: e });
  for (const t of found.techniques) for (const ev of t.evidence) put({ ref: `technique:${t.id}`, kind: 'technique', start: ev.start, end: ev.end, sentence: -1 });
  // Indicators only in sentences where one could be linked (from the names' buckets, as indexMentions does).
  const only = indicatorSentences({ ...index, bySentence: buckets });
  for (const i of found.indicators) {
    if (i.benign || i.type === 'cve' || i.type === 'attack_technique') continue;
    for (const o of i.occurrences) if (only[sentences.findIndex((x) => x.start <= o.offset && o.offset < x.end)] === 1) put({ ref: indicatorRef(i), kind: 'indicator', start: o.offset, end: o.offset + o.raw.length, sentence: -1 });
  }
  for (const b of buckets) b.sort((a, b2) => a.start - b2.start);
  return buckets;
}

function texts(): string[] {
  const out = repositoryReportTexts().slice(0, 40);
  const line = 'APT41 used KeyPlug and Cobalt Strike against evil[.]com and 10.0.0.1 (evil[.]com, 10.0.0.1) in Italy; KeyPlug beacons to evil[.]com. ';
  out.push(line.repeat(30), `${line.repeat(3)}\n\n${'evil[.]com 10.0.0.1 a.b.c.d.com '.repeat(120)}.\n\nKeyPlug and APT41 again.`, `KeyPlug uses ${'ab.io cd.io '.repeat(160)} ef.io.`);
  return out;
}

describe('indexMentions', () => {
  it('gives every bucket reader what buckets of all mentions give', () => {
    let repeats = 0;
    for (const text of texts()) {
      const r = extractText(text);
      const sentences = splitSentences(text);
      const index = indexMentions(text, sentences, r);
      const ref = referenceBuckets(sentences, r, index);
      const got = index.bySentence;
      expect(got.length).toBe(ref.length);
      for (let s = 0; s < ref.length; s++) {
        repeats += ref[s]!.length - got[s]!.length;
        expect(groupByKind(got[s]!), text.slice(0, 40)).toEqual(groupByKind(ref[s]!));
        expect(distinct(got[s]!, ['malware', 'threat-actor', 'tool', 'technique', 'indicator'])).toEqual(distinct(ref[s]!, ['malware', 'threat-actor', 'tool', 'technique', 'indicator']));
        expect(got[s]!.length === 0).toBe(ref[s]!.length === 0);
      }
    }
    expect(repeats).toBeGreaterThan(100);
  });
});

describe('indicatorSentences', () => {
  it('marks the sentences whose indicators could be linked: a family or actor in the sentence, a malware in its paragraph or heading', () => {
    const text = [
      '# KeyPlug infrastructure',
      'The host evil[.]com served it.',
      '',
      '## Other',
      'A note about 10.0.0.2 here. APT41 used 10.0.0.3 too.',
      '',
      'KeyPlug was seen. It beaconed to 10.0.0.4 later.',
      '',
      'Nothing links 10.0.0.5 here.',
    ].join('\n');
    const sentences = splitSentences(text);
    const r = extractText(text);
    const only = indicatorSentences(indexMentions(text, sentences, r));
    const marked = (needle: string): number => only[sentences.findIndex((s) => s.text.includes(needle))]!;
    expect(marked('evil[.]com')).toBe(1); // under a heading naming KeyPlug
    expect(marked('10.0.0.2')).toBe(0);
    expect(marked('10.0.0.3')).toBe(1); // names an actor
    expect(marked('10.0.0.4')).toBe(1); // its paragraph names KeyPlug
    expect(marked('10.0.0.5')).toBe(0);
  });
});

import type { TechniqueHit } from '../../model/entity.js';
import type { RelationshipCollector } from './collector.js';
import { distinct, type Located, type MentionIndex } from './mentions.js';

/** Same ladder as index.ts CONFIDENCE (kept here to avoid an import cycle). */
const SENTENCE = 0.75;
const PARAGRAPH = 0.5;
const HEADING = 0.45;
const DOCUMENT = 0.3;

const SUBJECT_KINDS = ['malware', 'threat-actor'] as const;

/**
 * actor/malware `uses` technique. A technique sentence rarely names its subject twice ("The backdoor then
 * decrypts its configuration"), so the subject is, in order: a family or actor (else a tool) named in the same sentence,
 * the last one named earlier in the same paragraph, the one named in the governing heading, and finally
 * the report's only actor (or only family). One pass over the sentences.
 */
export function linkTechniques(index: MentionIndex, out: RelationshipCollector, found: { techniques: TechniqueHit[]; entities: { kind: string; name: string }[] }, soleActor: string | null): void {
  if (found.techniques.length === 0) return;
  const malware = found.entities.filter((e) => e.kind === 'malware');
  const soleSubject = soleActor ?? (malware.length === 1 ? `malware:${malware[0]!.name}` : null);
  let lastSubjects: Located[] = [];
  let lastParagraph = -1;
  const { bySentence, paragraphOf, sentences, headingOf } = index;
  for (let i = 0; i < bySentence.length; i++) {
    const paragraph = paragraphOf[i]!;
    if (paragraph !== lastParagraph) lastSubjects = [];
    lastParagraph = paragraph;
    const bucket = bySentence[i]!;
    // Nothing named here: no technique to link, no subject to remember.
    if (bucket.length === 0) continue;
    const { named, tools, techniques } = splitBucket(bucket);
    // A tool is the subject only when no family or actor is named ("Hector opens a WSS channel").
    const subjects = named.length > 0 ? named : tools;
    const s = sentences[i]!;
    for (const t of techniques) {
      if (subjects.length > 0) {
        for (const a of subjects) out.add('uses', a.ref, t.ref, SENTENCE, [s], 'sentence:technique');
      } else if (lastSubjects.length > 0) {
        for (const a of lastSubjects) out.add('uses', a.ref, t.ref, PARAGRAPH, [s, sentences[a.sentence]!], 'paragraph:technique');
      } else {
        const h = headingOf[i]!;
        const headed = h >= 0 ? distinct(bySentence[h]!, SUBJECT_KINDS) : [];
        for (const a of headed) out.add('uses', a.ref, t.ref, HEADING, [s, sentences[h]!], 'heading:technique');
        if (headed.length === 0 && soleSubject !== null) out.add('uses', soleSubject, t.ref, DOCUMENT, [s], 'document:technique');
      }
    }
    if (subjects.length > 0) lastSubjects = subjects;
  }
}

/**
 * A sentence's families and actors, tools, and techniques, first mention of each ref, in text order:
 * `distinct` for the three groups in one pass over the bucket (this runs for every sentence).
 */
function splitBucket(bucket: readonly Located[]): { named: Located[]; tools: Located[]; techniques: Located[] } {
  const named: Located[] = [];
  const tools: Located[] = [];
  const techniques: Located[] = [];
  const seen = bucket.length > 16 ? new Set<string>() : undefined;
  for (const m of bucket) {
    const list = m.kind === 'technique' ? techniques : m.kind === 'malware' || m.kind === 'threat-actor' ? named : m.kind === 'tool' ? tools : undefined;
    if (list === undefined) continue;
    if (seen !== undefined) {
      if (seen.has(m.ref)) continue;
      seen.add(m.ref);
    } else if (has(list, m.ref)) continue;
    list.push(m);
  }
  return { named, tools, techniques };
}

function has(list: readonly Located[], ref: string): boolean {
  for (const x of list) if (x.ref === ref) return true;
  return false;
}

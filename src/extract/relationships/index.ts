import type { Entity, Relationship, TechniqueHit } from '../../model/entity.js';
import type { Indicator } from '../../model/indicator.js';
import { splitSentences, type Sentence } from '../../text/sentences.js';
import { RelationshipCollector } from './collector.js';
import { ATTRIBUTION_CUE, INDICATES_CUE, REFERENCE_HEADING, TARGETS_CUE, USES_CUE, WITH_CUE, cueAt, isOriginMention } from './cues.js';
import { distinct, groupByKind, indexMentions, type Groups, type Located, type MentionIndex } from './mentions.js';
import { linkTechniques } from './techniques.js';

export interface Found {
  indicators: Indicator[];
  entities: Entity[];
  techniques: TechniqueHit[];
}

/**
 * Confidence ladder (0–1): a link stated in one sentence with a verb cue between the two names beats one
 * with the cue elsewhere in the sentence, which beats bare co-occurrence, which beats the same paragraph.
 */
export const CONFIDENCE = {
  sentenceCueBetween: 0.85,
  sentenceCue: 0.75,
  sentence: 0.6,
  paragraph: 0.5,
  heading: 0.45,
  weak: 0.4,
  document: 0.3,
} as const;

const VICTIM_KINDS = ['location', 'sector', 'identity'] as const;

/** Who a sentence without a named actor is about: actors named earlier in its paragraph, or the report's only actor. */
interface Subjects {
  paragraphActors: Located[];
  /** Families named earlier in the paragraph, latest first. */
  paragraphMalware: Located[];
  soleActor: string | null;
  soleMalware: string | null;
}

interface Ctx {
  text: string;
  index: MentionIndex;
  out: RelationshipCollector;
}

function between(a: Located, b: Located, cueAbs: number): boolean {
  return cueAbs > Math.min(a.end, b.end) && cueAbs < Math.max(a.start, b.start);
}

function cueConfidence(a: Located, b: Located, s: Sentence, cue: number): number {
  if (cue === -1) return CONFIDENCE.sentence;
  return between(a, b, s.start + cue) ? CONFIDENCE.sentenceCueBetween : CONFIDENCE.sentenceCue;
}

/** Software roles that wrap a payload: the family is packed with them, not the actor "using" them. */
const WRAPPER_ROLES = new Set(['packer', 'protector', 'obfuscator']);

function isWrapper(m: Located): boolean {
  const role = m.entity?.attributes?.['software_role'];
  return typeof role === 'string' && WRAPPER_ROLES.has(role);
}

/**
 * actor uses malware/tool; malware uses tool/malware when a verb says so. With no actor in the sentence,
 * "they moved laterally with Impacket" goes to the actor(s) named earlier in the paragraph, else to the
 * report's only actor; a packer or protector ("this build is obfuscated with ConfuserEx") goes to the
 * family of the sentence, else of the paragraph, else the report's only family.
 */
function linkUses(c: Ctx, s: Sentence, g: Groups, context: Subjects): void {
  const actors = g['threat-actor'];
  // Checked before building anything: most sentences name no software.
  if (g.malware.length === 0 && g.tool.length === 0) return;
  const software = g.tool.length === 0 ? g.malware : g.malware.length === 0 ? g.tool : [...g.malware, ...g.tool];
  const cue = cueAt(USES_CUE, s.text);
  // Bare co-occurrence is weak here (alias lists, "unlike APT41, …"), so it ranks below a paragraph link.
  for (const a of actors) for (const m of software) c.out.add('uses', a.ref, m.ref, cue === -1 ? CONFIDENCE.weak : cueConfidence(a, m, s, cue), [s], 'sentence:uses');
  if (actors.length === 0 && (cue !== -1 || cueAt(WITH_CUE, s.text) !== -1)) {
    for (const m of software) {
      if (isWrapper(m)) linkWrapper(c, s, g, m, context);
      else linkFromContext(c, s, m, context);
    }
  }
  if (cue === -1) return;
  // Software using software needs the verb between them, source first: "KeyPlug is packed with VMProtect".
  for (const m1 of g.malware) {
    for (const m2 of software) {
      if (m2.start > m1.end && between(m1, m2, s.start + cue)) c.out.add('uses', m1.ref, m2.ref, CONFIDENCE.sentenceCue - 0.05, [s], 'sentence:uses');
    }
  }
}

function linkFromContext(c: Ctx, s: Sentence, m: Located, context: Subjects): void {
  for (const a of context.paragraphActors) c.out.add('uses', a.ref, m.ref, CONFIDENCE.paragraph, [s, c.index.sentences[a.sentence]!], 'paragraph:uses');
  if (context.paragraphActors.length === 0 && context.soleActor !== null) c.out.add('uses', context.soleActor, m.ref, CONFIDENCE.document, [s], 'document:uses');
}

function linkWrapper(c: Ctx, s: Sentence, g: Groups, tool: Located, context: Subjects): void {
  if (g.malware.length > 0) return; // the sentence's own family takes it (software-to-software rule)
  const para = context.paragraphMalware[0];
  if (para) c.out.add('uses', para.ref, tool.ref, CONFIDENCE.paragraph, [s, c.index.sentences[para.sentence]!], 'paragraph:uses');
  else if (context.soleMalware !== null) c.out.add('uses', context.soleMalware, tool.ref, CONFIDENCE.document, [s], 'document:uses');
}

/** An actor's own country (its `country` attribute) is where it comes from, not a victim, in these reports. */
function isHomeCountry(actor: Located, v: Located): boolean {
  const home = actor.entity?.attributes?.['country'];
  return v.kind === 'location' && typeof home === 'string' && home === v.entity?.attributes?.['iso2'];
}

function isVictim(c: Ctx, v: Located): boolean {
  const role = v.entity?.attributes?.['role'];
  // The recogniser marks where actors come from (`origin`) and who wrote the report (`source`).
  if (role === 'origin' || role === 'source') return false;
  if (v.kind === 'identity' && role !== undefined && role !== 'victim') return false;
  return !(v.kind === 'location' && isOriginMention(c.text, v.start, v.end));
}

function isExplicitVictim(v: Located): boolean {
  return v.kind === 'identity' && v.entity?.attributes?.['role'] === 'victim';
}

/** actor/malware targets location/sector/identity; the cue is required unless the victim is unmistakable. */
function linkTargets(c: Ctx, s: Sentence, g: Groups, context: Subjects): void {
  if (g.location.length === 0 && g.sector.length === 0 && g.identity.length === 0) return;
  const subjects = g['threat-actor'].length > 0 ? g['threat-actor'] : g.malware;
  // Nobody to link a victim to (no subject here, in the paragraph or in the report): no cue to read.
  if (subjects.length === 0 && context.paragraphActors.length === 0 && context.soleActor === null) return;
  const cue = cueAt(TARGETS_CUE, s.text);
  // Victims in kind order (locations, sectors, identities), read in place (no list built per sentence).
  for (const kind of VICTIM_KINDS) {
    for (const v of g[kind]) {
      // Without a cue only explicit victims link: tested first (isVictim reads the text around each).
      if ((cue === -1 && !isExplicitVictim(v)) || !isVictim(c, v)) continue;
      linkVictim(c, s, g, context, subjects, v, cue);
    }
  }
}

function linkVictim(c: Ctx, s: Sentence, g: Groups, context: Subjects, subjects: readonly Located[], v: Located, cue: number): void {
  for (const a of subjects) {
    if (isHomeCountry(a, v)) continue;
    c.out.add('targets', a.ref, v.ref, cue === -1 ? CONFIDENCE.sentence : cueConfidence(a, v, s, cue), [s], 'sentence:targets');
  }
  // "LODEINFO was delivered to Japanese media": the family's victims are also its operator's.
  if (g['threat-actor'].length === 0 && cue !== -1) {
    for (const a of context.paragraphActors) if (!isHomeCountry(a, v)) c.out.add('targets', a.ref, v.ref, CONFIDENCE.paragraph, [s, c.index.sentences[a.sentence]!], 'paragraph:targets');
  }
  // "The campaign hit Italian manufacturers": no actor named here, but the report is about one actor.
  if (g['threat-actor'].length === 0 && context.paragraphActors.length === 0 && context.soleActor !== null && cue !== -1) {
    c.out.add('targets', context.soleActor, v.ref, CONFIDENCE.document + 0.15, [s], 'document:targets');
  }
}

/** malware attributed-to actor, actor attributed-to actor ("X, which we attribute to APT41"). */
function linkAttribution(c: Ctx, s: Sentence, g: Groups): void {
  const actors = g['threat-actor'];
  if (actors.length === 0 || actors.length + g.malware.length + g.tool.length < 2) return;
  const cue = cueAt(ATTRIBUTION_CUE, s.text);
  if (cue === -1) return;
  const at = s.start + cue;
  for (const m of [...g.malware, ...g.tool]) {
    for (const a of actors) {
      // The actor is named after the cue and after the software: "KeyPlug, associated with APT41",
      // "we attribute the Hector tool to APT41"; not an actor listed earlier or later in passing.
      if (a.start < at || a.start < m.end) continue;
      c.out.add('attributed-to', m.ref, a.ref, cueConfidence(m, a, s, cue), [s], 'sentence:attribution');
      c.out.add('uses', a.ref, m.ref, CONFIDENCE.sentence, [s], 'sentence:attribution');
    }
  }
  for (const a1 of actors) for (const a2 of actors) {
    if (a1.end <= at && a2.start > at) c.out.add('attributed-to', a1.ref, a2.ref, CONFIDENCE.sentenceCue, [s], 'sentence:attribution');
  }
}

function nearest(list: Located[], to: Located): Located | undefined {
  let best: Located | undefined;
  for (const m of list) if (!best || Math.abs(m.start - to.start) < Math.abs(best.start - to.start)) best = m;
  return best;
}

/** indicator indicates the malware (or tool) named with it, else the only family of its paragraph or heading. */
function linkIndicators(c: Ctx, i: number, g: Groups, paraMalware: Map<number, Located[]>): void {
  const inds = g.indicator;
  if (inds.length === 0) return;
  const h = c.index.headingOf[i]!;
  if (h >= 0 && REFERENCE_HEADING.test(c.index.sentences[h]!.text)) return;
  const s = c.index.sentences[i]!;
  // A family named with the indicator wins; a tool ("Hector (SHA-256 …) opens a channel") when none is.
  const malware = g.malware.length > 0 ? g.malware : g.tool;
  const cue = cueAt(INDICATES_CUE, s.text);
  const para = paraMalware.get(c.index.paragraphOf[i]!) ?? [];
  const headingMalware = h >= 0 ? distinct(c.index.bySentence[h]!, ['malware']) : [];
  const actors = g['threat-actor'];
  for (const ind of inds) {
    const m = nearest(malware, ind);
    if (m) c.out.add('indicates', ind.ref, m.ref, cue === -1 ? CONFIDENCE.sentence : CONFIDENCE.sentenceCue + 0.05, [s], 'sentence:indicates');
    else if (para.length === 1) c.out.add('indicates', ind.ref, para[0]!.ref, CONFIDENCE.paragraph, [s, c.index.sentences[para[0]!.sentence]!], 'paragraph:indicates');
    else if (headingMalware.length === 1) c.out.add('indicates', ind.ref, headingMalware[0]!.ref, CONFIDENCE.heading, [s, c.index.sentences[h]!], 'heading:indicates');
    else for (const a of actors) c.out.add('indicates', ind.ref, a.ref, CONFIDENCE.sentence, [s], 'sentence:indicates');
  }
}

/** Distinct malware per paragraph (first mention each), for paragraph-level indicator links. */
function malwareByParagraph(index: MentionIndex): Map<number, Located[]> {
  const out = new Map<number, Located[]>();
  // Sentences naming nothing (most of them) are skipped: a paragraph without malware reads as [] either way.
  index.bySentence.forEach((bucket, i) => {
    if (bucket.length === 0) return;
    const p = index.paragraphOf[i]!;
    let list = out.get(p);
    for (const m of bucket) {
      if (m.kind !== 'malware') continue;
      if (list === undefined) out.set(p, (list = []));
      if (!list.some((x) => x.ref === m.ref)) list.push(m);
    }
  });
  return out;
}

/**
 * Links between the findings of one report, each with the sentence(s) that support it: actor `uses`
 * malware/tool/technique, malware `uses` technique/tool, actor or malware `targets` location/sector/victim,
 * indicator `indicates` malware (or actor), malware/actor `attributed-to` actor. Mentions are bucketed by
 * sentence and paragraph, so the cost is linear in the mentions (pairs are only formed inside a sentence).
 *
 * @example
 * const rels = buildRelationships(text, { indicators, entities, techniques });
 * // [{ type: 'uses', source: 'threat-actor:APT41', target: 'malware:KeyPlug', evidence: [...], confidence: 0.85 }, …]
 */
export function buildRelationships(text: string, found: Found, opts: { sentences?: Sentence[] } = {}): Relationship[] {
  const sentences = opts.sentences ?? splitSentences(text);
  const index = indexMentions(text, sentences, found);
  const c: Ctx = { text, index, out: new RelationshipCollector() };
  const actors = found.entities.filter((e) => e.kind === 'threat-actor');
  const soleActor = actors.length === 1 ? `threat-actor:${actors[0]!.name}` : null;
  const paraMalware = malwareByParagraph(index);
  const malware = found.entities.filter((e) => e.kind === 'malware');
  const soleMalware = malware.length === 1 ? `malware:${malware[0]!.name}` : null;
  const context: Subjects = { paragraphActors: [], paragraphMalware: [], soleActor, soleMalware };
  let paragraph = -1;
  index.bySentence.forEach((bucket, i) => {
    if (index.paragraphOf[i] !== paragraph) {
      context.paragraphActors = [];
      context.paragraphMalware = [];
    }
    paragraph = index.paragraphOf[i]!;
    if (bucket.length === 0) return;
    const s = sentences[i]!;
    const g = groupByKind(bucket);
    linkUses(c, s, g, context);
    if (g['threat-actor'].length > 0) context.paragraphActors = g['threat-actor'];
    if (g.malware.length > 0) context.paragraphMalware = [...g.malware].reverse();
    linkTargets(c, s, g, context);
    linkAttribution(c, s, g);
    linkIndicators(c, i, g, paraMalware);
  });
  linkTechniques(index, c.out, found, soleActor);
  return c.out.result();
}

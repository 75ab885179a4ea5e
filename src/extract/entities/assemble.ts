/**
 * Turns decided mentions into `Entity` objects: one per canonical record, with all its aliases,
 * the aliases actually written, every mention (offset and line) and kind-specific attributes.
 */
import type { Entity, EntityKind, Mention } from '../../model/entity.js';
import type { KnowledgeBase } from '../../knowledge/load.js';
import type { NameEntry } from '../../knowledge/name-index.js';
import type { LineOf } from './line-sweep.js';
import type { Decided } from './choose.js';
import { entityKey } from './choose.js';
import { cueKindOf, cuesAround, wordsAfter, wordsBefore } from './cues.js';

type Attributes = NonNullable<Entity['attributes']>;

interface Group {
  entry: NameEntry;
  mentions: Mention[];
  seen: Set<string>;
  origin: number;
  victim: number;
}

const ORIGIN_BEFORE = new Set(['from', 'in', 'based']);
const VICTIM_WORDS = new Set(['victim', 'victims', 'breach', 'breached', 'compromised', 'targeted', 'hit', 'attacked', 'intrusion', 'intrusions']);

/** "Chinese espionage group", "based in Iran": the place is the actor's origin, not a victim. */
const ORIGIN_FORM = /-(?:based|nexus|linked|backed|sponsored)$/i;

function isOriginMention(text: string, d: Decided, lo: number, hi: number): boolean {
  if (ORIGIN_FORM.test(d.entry.alias)) return true;
  if (d.entry.adjective) return wordsAfter(text, d.end, hi, 3).some((w) => cueKindOf(w) === 'threat-actor');
  const before = wordsBefore(text, d.start, lo, 2);
  return before[0] === 'based' || (before[0] === 'in' && before[1] === 'based') || (before[0] === 'from' && cuesAround(text, d.start, d.end, lo, hi).has('threat-actor'));
}

function baseFacts(kb: KnowledgeBase, e: NameEntry): { kind: EntityKind; name: string; aliases: string[]; attributes: Attributes } {
  switch (e.kind) {
    case 'threat-actor': {
      const r = kb.actors[e.ref]!;
      const attributes: Attributes = {};
      if (r.country !== undefined) attributes['country'] = r.country;
      if (r.mitre_id !== undefined) attributes['mitre_id'] = r.mitre_id;
      return { kind: 'threat-actor', name: r.name, aliases: r.aliases, attributes };
    }
    case 'malware':
    case 'tool': {
      const r = kb.software[e.ref]!;
      const attributes: Attributes = {};
      if (r.mitre_id !== undefined) attributes['mitre_id'] = r.mitre_id;
      if (r.role !== undefined) attributes['software_role'] = r.role;
      return { kind: r.kind, name: r.name, aliases: r.aliases, attributes };
    }
    case 'location': {
      const r = kb.places[e.ref]!;
      const attributes: Attributes = { type: r.type };
      if (r.iso2 !== undefined) attributes['iso2'] = r.iso2;
      if (r.code !== undefined) attributes['code'] = r.code;
      return { kind: 'location', name: r.name, aliases: [...r.names, ...r.adjectives], attributes };
    }
    case 'sector': {
      const r = kb.sectors[e.ref]!;
      return { kind: 'sector', name: r.name, aliases: r.phrases, attributes: {} };
    }
    case 'identity': {
      const r = kb.identities[e.ref]!;
      return { kind: 'identity', name: r.name, aliases: r.names, attributes: { class: r.class } };
    }
  }
}

function roleOf(g: Group, base: ReturnType<typeof baseFacts>): string | undefined {
  if (g.entry.kind === 'location') return g.victim > 0 ? 'victim' : g.origin > 0 ? 'origin' : undefined;
  if (g.entry.kind === 'identity') {
    const cls = base.attributes['class'];
    return g.victim > 0 ? 'victim' : cls === 'company' ? undefined : 'source';
  }
  return undefined;
}

/**
 * Groups decided mentions by entity and builds the entities, in first-mention order.
 * @example assembleEntities(decided, text, kb, lineSweeper(text), boundsOf)
 */
export function assembleEntities(decided: readonly Decided[], text: string, kb: KnowledgeBase, lineOf: LineOf, boundsOf: (o: number) => [number, number]): Entity[] {
  const groups = new Map<number, Group>();
  for (const d of decided) {
    const key = entityKey(d.entry.kind === 'tool' ? 'malware' : d.entry.kind, d.entry.ref);
    let g = groups.get(key);
    if (g === undefined) {
      g = { entry: d.entry, mentions: [], seen: new Set(), origin: 0, victim: 0 };
      groups.set(key, g);
    }
    // The form written last is shared when repeated (most mentions): no string per mention of a name seen 100,000 times.
    const last = g.mentions.length > 0 ? g.mentions[g.mentions.length - 1]!.text : '';
    const written = last.length === d.end - d.start && text.startsWith(last, d.start) ? last : text.slice(d.start, d.end);
    g.mentions.push({ text: written, offset: d.start, line: lineOf(d.start) });
    g.seen.add(written);
    // A single victim mention decides the role, so later mentions need no context reading.
    if (g.victim > 0) continue;
    if (d.entry.kind === 'location') {
      const [lo, hi] = boundsOf(d.start);
      if (isOriginMention(text, d, lo, hi)) g.origin++;
      else g.victim++;
    } else if (d.entry.kind === 'identity') {
      const [lo, hi] = boundsOf(d.start);
      if (wordsBefore(text, d.start, lo, 3).concat(wordsAfter(text, d.end, hi, 3)).some((w) => VICTIM_WORDS.has(w))) g.victim++;
    }
  }
  return [...groups.values()].map((g) => {
    const base = baseFacts(kb, g.entry);
    const role = roleOf(g, base);
    if (role !== undefined) base.attributes['role'] = role;
    const entity: Entity = { kind: base.kind, name: base.name, aliases: base.aliases, aliases_seen: [...g.seen], mentions: g.mentions, known: true };
    if (Object.keys(base.attributes).length > 0) entity.attributes = base.attributes;
    return entity;
  });
}

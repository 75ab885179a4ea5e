import type { Entity, TechniqueHit } from '../../model/entity.js';
import { sdoId } from './ids.js';
import type { ActorModel, BuildContext, StixObject } from './types.js';
import { kebab, regionVocab, sectorVocab } from './vocab.js';

/**
 * An SDO/SRO: the properties every one Pillbox writes carries (§3.2), then `props` in their order.
 * Why not `{ ...common, name }` at the call sites: V8 (Node 20) keeps objects made by a spread followed
 * by more properties alive through the next young-generation collection, so each was copied to the old
 * generation and left there as garbage; the two walks over a 420k-indicator feed promoted 1.5 GB so.
 */
export function common(ctx: BuildContext, type: string, id: string, props: Record<string, unknown> = {}): StixObject {
  return Object.assign({ type, spec_version: '2.1' as const, id, created_by_ref: ctx.createdBy, created: ctx.timestamp, modified: ctx.timestamp }, props);
}

/** Ids are keyed on the lower-cased canonical name, so "APT41" and "apt41" are one object. */
export function entityKey(name: string): string {
  return name.trim().toLowerCase();
}

function aliasesOf(e: Entity): string[] | undefined {
  const seen = new Set<string>();
  for (const a of [...e.aliases, ...e.aliases_seen]) if (a !== e.name && a.trim() !== '') seen.add(a);
  return seen.size > 0 ? [...seen].sort() : undefined;
}

function attr(e: Entity, key: string): string | undefined {
  const v = e.attributes?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function described(e: Entity, obj: StixObject): StixObject {
  if (!e.known) obj['description'] = 'Name not in the bundled knowledge; recognised from how the report introduces it.';
  return obj;
}

/** An ATT&CK-style external reference for an id like `T1027.002` or `G0096`. */
export function attackReference(id: string): { source_name: string; external_id: string; url: string } {
  const path = id.startsWith('T') ? `techniques/${id.replace('.', '/')}` : id.startsWith('G') ? `groups/${id}` : id.startsWith('S') ? `software/${id}` : `techniques/${id}`;
  return { source_name: 'mitre-attack', external_id: id, url: `https://attack.mitre.org/${path}/` };
}

/** A CVE as a `vulnerability` SDO (§4.18) with the `cve` external reference. */
export function vulnerabilitySdo(ctx: BuildContext, cve: string): StixObject {
  const name = cve.toUpperCase();
  return common(ctx, 'vulnerability', sdoId('vulnerability', name.toLowerCase()), { name, external_references: [{ source_name: 'cve', external_id: name }] });
}

/** An ATT&CK technique as an `attack-pattern` SDO (§4.1) with `mitre-attack` references and kill-chain phases. */
export function attackPatternSdo(ctx: BuildContext, id: string, name?: string, tactics: readonly string[] = []): StixObject {
  const obj = common(ctx, 'attack-pattern', sdoId('attack-pattern', id.toUpperCase()), { name: name ?? id, external_references: [attackReference(id.toUpperCase())] });
  if (tactics.length > 0) obj['kill_chain_phases'] = tactics.map((t) => ({ kill_chain_name: 'mitre-attack', phase_name: kebab(t) }));
  return obj;
}

export function techniqueSdo(ctx: BuildContext, hit: TechniqueHit): StixObject {
  return attackPatternSdo(ctx, hit.id, hit.name, hit.tactics);
}

function actorSdo(ctx: BuildContext, e: Entity, type: 'intrusion-set' | 'threat-actor'): StixObject {
  const obj = common(ctx, type, sdoId(type, entityKey(e.name)), { name: e.name });
  const aliases = aliasesOf(e);
  if (aliases) obj['aliases'] = aliases;
  const mitre = attr(e, 'mitre_id');
  if (mitre) obj['external_references'] = [attackReference(mitre)];
  if (type === 'threat-actor') obj['threat_actor_types'] = ['unknown'];
  return described(e, obj);
}

function locationSdo(ctx: BuildContext, e: Entity): StixObject | null {
  const country = attr(e, 'iso2') ?? (attr(e, 'country')?.length === 2 ? attr(e, 'country') : undefined);
  // A sub-national region: its own location (keyed on its ISO 3166-2 code), in its country.
  const code = attr(e, 'code');
  if (attr(e, 'type') === 'subdivision' && code !== undefined && country !== undefined) {
    return common(ctx, 'location', sdoId('location', `subdivision:${code.toLowerCase()}`), { name: e.name, administrative_area: e.name, country: country.toUpperCase() });
  }
  const region = attr(e, 'region') ?? e.name;
  // A country is keyed on its ISO code, so "China" here and an actor's origin `CN` are one object.
  const key = country ? `country:${country.toLowerCase()}` : entityKey(e.name);
  const obj = common(ctx, 'location', sdoId('location', key), { name: e.name });
  if (country) obj['country'] = country.toUpperCase();
  // region-ov is open: a region Pillbox cannot map is still written (kebab-cased) so the object stays valid.
  else obj['region'] = regionVocab(region) ?? kebab(region);
  return obj['region'] === '' ? null : obj;
}

/** A country as a `location` (actor origin countries); same id as a location entity with that ISO code. */
export function countrySdo(ctx: BuildContext, iso2: string): StixObject {
  const c = iso2.toUpperCase();
  return common(ctx, 'location', sdoId('location', `country:${c.toLowerCase()}`), { name: c, country: c });
}

function sectorSdo(ctx: BuildContext, e: Entity): StixObject {
  const obj = common(ctx, 'identity', sdoId('identity', `sector:${entityKey(e.name)}`), { name: e.name, identity_class: 'class' });
  const v = sectorVocab(e.name);
  if (v) obj['sectors'] = [v];
  return obj;
}

function identitySdo(ctx: BuildContext, e: Entity): StixObject {
  const obj = common(ctx, 'identity', sdoId('identity', entityKey(e.name)), { name: e.name, identity_class: 'organization' });
  const role = attr(e, 'role');
  if (role) obj['roles'] = [role];
  return obj;
}

/** Pillbox software roles → STIX tool-type-ov (§10.20); roles with no counterpart are left out. */
const TOOL_TYPES: Record<string, string> = {
  'remote-access': 'remote-access', scanner: 'vulnerability-scanning', discovery: 'information-gathering',
  'credential-access': 'credential-exploitation', tunnel: 'remote-access', framework: 'exploitation',
};

function softwareSdo(ctx: BuildContext, e: Entity, type: 'malware' | 'tool'): StixObject {
  const obj = common(ctx, type, sdoId(type, entityKey(e.name)), { name: e.name });
  if (type === 'malware') obj['is_family'] = true;
  const toolType = type === 'tool' ? TOOL_TYPES[attr(e, 'software_role') ?? ''] : undefined;
  if (toolType) obj['tool_types'] = [toolType];
  const aliases = aliasesOf(e);
  if (aliases) obj['aliases'] = aliases;
  const mitre = attr(e, 'mitre_id');
  if (mitre) obj['external_references'] = [attackReference(mitre)];
  return described(e, obj);
}

/**
 * The SDOs for one entity. The first is the object the entity's ref maps to; with `actors: 'both'` an
 * actor also yields a threat-actor (second) that the caller links with `attributed-to`.
 */
export function entitySdos(ctx: BuildContext, e: Entity, actors: ActorModel): StixObject[] {
  switch (e.kind) {
    case 'threat-actor':
      if (actors === 'both') return [actorSdo(ctx, e, 'intrusion-set'), actorSdo(ctx, e, 'threat-actor')];
      return [actorSdo(ctx, e, actors)];
    case 'malware': return [softwareSdo(ctx, e, 'malware')];
    case 'tool': return [softwareSdo(ctx, e, 'tool')];
    case 'vulnerability': return [vulnerabilitySdo(ctx, e.name)];
    case 'location': { const l = locationSdo(ctx, e); return l ? [l] : []; }
    case 'sector': return [sectorSdo(ctx, e)];
    case 'identity': return [identitySdo(ctx, e)];
  }
}

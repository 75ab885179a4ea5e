import type { Entity } from '../../model/entity.js';
import type { ExtractResult } from '../../model/extract-result.js';
import type { Indicator } from '../../model/indicator.js';
import { sdoId } from './ids.js';
import { observableFor } from './observables.js';
import { relationshipFor, relationshipSro } from './relationships.js';
import { attackPatternSdo, common, countrySdo, entityKey, entitySdos, techniqueSdo, vulnerabilitySdo } from './sdos.js';
import type { BuildContext, StixBundle, StixObject, StixOptions } from './types.js';

export type { ActorModel, StixBundle, StixObject, StixOptions } from './types.js';
export { patternString } from './observables.js';

const CRYPTO_TYPES = new Set(['btc', 'eth', 'xmr']);

/** `2025-03-12T10:00:00Z` with the milliseconds the OASIS timestamp schema requires for created/modified. */
function stixTimestamp(d: Date): string {
  return d.toISOString();
}

function createContext(result: ExtractResult, opts: StixOptions): { ctx: BuildContext; producer: StixObject } {
  const timestamp = stixTimestamp(opts.now ?? new Date());
  const date = result.document.published;
  const published = date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00.000Z` : timestamp;
  const name = opts.identity?.name ?? 'Pillbox';
  const producerId = sdoId('identity', `producer:${name.toLowerCase()}`);
  const producer: StixObject = {
    type: 'identity', spec_version: '2.1', id: producerId, created: timestamp, modified: timestamp,
    name, identity_class: opts.identity ? 'organization' : 'system',
  };
  const ctx: BuildContext = { timestamp, published, createdBy: producerId, refs: new Map(), objects: new Map() };
  ctx.objects.set(producerId, producer);
  return { ctx, producer };
}

/** Adds an object unless one with the same deterministic id is already there (first wins). */
function add(ctx: BuildContext, obj: StixObject): string {
  if (!ctx.objects.has(obj.id)) ctx.objects.set(obj.id, obj);
  return obj.id;
}

function setRef(ctx: BuildContext, ref: string, id: string): void {
  ctx.refs.set(ref, id);
  ctx.refs.set(ref.toLowerCase(), id);
}

function addEntity(ctx: BuildContext, e: Entity, opts: StixOptions): void {
  const sdos = entitySdos(ctx, e, opts.actors ?? 'intrusion-set');
  const [main, second] = sdos;
  if (!main) return;
  for (const o of sdos) add(ctx, o);
  setRef(ctx, `${e.kind}:${e.name}`, main.id);
  if (second) add(ctx, relationshipSro(ctx, 'attributed-to', main.id, second.id));
}

/** Actor origin countries (`attributes.country`), after all entities so a named country location is reused. */
function addOrigins(ctx: BuildContext, e: Entity): void {
  const origin = e.kind === 'threat-actor' ? e.attributes?.['country'] : undefined;
  if (typeof origin !== 'string' || !/^[A-Za-z]{2}$/.test(origin)) return;
  const loc = add(ctx, countrySdo(ctx, origin));
  for (const type of ['intrusion-set', 'threat-actor']) {
    const id = sdoId(type, entityKey(e.name));
    if (ctx.objects.has(id)) add(ctx, relationshipSro(ctx, 'originates-from', id, loc));
  }
}

function indicatorSdo(ctx: BuildContext, ind: Indicator, pattern: string): StixObject {
  const obj: StixObject = {
    ...common(ctx, 'indicator', sdoId('indicator', pattern)),
    name: ind.value,
    pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: ctx.published,
    indicator_types: [ind.benign ? 'benign' : 'malicious-activity'],
  };
  if (ind.context.trim() !== '') obj['description'] = ind.context;
  const labels = [...new Set(ind.tags.filter((t) => t.trim() !== ''))].sort();
  if (labels.length > 0) obj['labels'] = labels;
  return obj;
}

/** One indicator → its objects; returns a crypto address to be listed in the note, else null. */
function addIndicator(ctx: BuildContext, ind: Indicator): string | null {
  const ref = `indicator:${ind.type}:${ind.value}`;
  if (ind.type === 'cve') {
    setRef(ctx, ref, add(ctx, vulnerabilitySdo(ctx, ind.value)));
    return null;
  }
  if (ind.type === 'attack_technique') {
    setRef(ctx, ref, add(ctx, attackPatternSdo(ctx, ind.value.toUpperCase())));
    return null;
  }
  if (CRYPTO_TYPES.has(ind.type)) return `${ind.type.toUpperCase()} ${ind.value}`;
  const mapping = observableFor(ind);
  if (!mapping) return null;
  const sdo = indicatorSdo(ctx, ind, mapping.pattern);
  setRef(ctx, ref, add(ctx, sdo));
  for (const o of mapping.observables) add(ctx, o);
  const main = mapping.observables[0];
  if (main) add(ctx, relationshipSro(ctx, 'based-on', sdo.id, main.id));
  return null;
}

function cryptoNote(ctx: BuildContext, reportId: string, addresses: string[]): StixObject {
  const content = `Cryptocurrency addresses named in the report (STIX 2.1 has no observable type for them):\n${addresses.join('\n')}`;
  return {
    ...common(ctx, 'note', sdoId('note', `${reportId}|crypto`)),
    abstract: 'Cryptocurrency addresses',
    content,
    object_refs: [reportId],
  };
}

function reportSdo(ctx: BuildContext, result: ExtractResult, reportId: string, refs: string[]): StixObject {
  const obj: StixObject = {
    ...common(ctx, 'report', reportId),
    name: result.document.title ?? result.source.name,
    report_types: ['threat-report'],
    published: ctx.published,
    object_refs: refs.length > 0 ? refs : [ctx.createdBy],
  };
  if (result.document.language) obj['lang'] = result.document.language;
  if (result.source.kind === 'url') {
    obj['external_references'] = [{ source_name: 'source', url: result.source.name, hashes: { 'SHA-256': result.source.sha256 } }];
  }
  return obj;
}

/**
 * Turns an extraction result into a STIX 2.1 bundle: a `report` referring to every object, `indicator`s
 * with their observables (`based-on`), actors as `intrusion-set` (or `threat-actor`, or both), `malware`,
 * `tool`, `attack-pattern`, `vulnerability`, `location`, `identity` and one `relationship` per relationship.
 * Ids are deterministic (same report, same ids); only `created`/`modified` depend on `opts.now`.
 *
 * @example
 * const bundle = toStixBundle(result, { now: new Date('2025-03-12T00:00:00Z') });
 * process.stdout.write(JSON.stringify(bundle));
 */
export function toStixBundle(result: ExtractResult, opts: StixOptions = {}): StixBundle {
  const { ctx, producer } = createContext(result, opts);
  const reportId = sdoId('report', result.source.sha256 || result.source.name);
  for (const e of result.entities) addEntity(ctx, e, opts);
  for (const e of result.entities) addOrigins(ctx, e);
  for (const t of result.techniques) setRef(ctx, `technique:${t.id}`, add(ctx, techniqueSdo(ctx, t)));
  const crypto: string[] = [];
  for (const ind of result.indicators) {
    if (ind.benign && !opts.includeBenign) continue;
    const c = addIndicator(ctx, ind);
    if (c !== null) crypto.push(c);
  }
  for (const r of result.relationships) {
    const sro = relationshipFor(ctx, r);
    if (sro) add(ctx, sro);
  }
  if (crypto.length > 0) add(ctx, cryptoNote(ctx, reportId, crypto));
  const refs = [...ctx.objects.keys()].filter((id) => id !== producer.id);
  const report = reportSdo(ctx, result, reportId, refs);
  const rest = [...ctx.objects.values()].filter((o) => o.id !== producer.id);
  return { type: 'bundle', id: sdoId('bundle', reportId), objects: [producer, report, ...rest] };
}

import type { Entity } from '../../model/entity.js';
import type { ExtractResult } from '../../model/extract-result.js';
import type { Indicator } from '../../model/indicator.js';
import { sdoId } from './ids.js';
import { observableFor } from './observables.js';
import { relationshipFor, relationshipSro } from './relationships.js';
import { attackPatternSdo, common, countrySdo, entityKey, entitySdos, techniqueSdo, vulnerabilitySdo } from './sdos.js';
import { bundleClose, bundleOpen, objectChunks } from './text.js';
import type { BuildContext, StixBundle, StixObject, StixOptions } from './types.js';

export type { ActorModel, StixBundle, StixObject, StixOptions } from './types.js';
export { patternString } from './observables.js';

const CRYPTO_TYPES = new Set(['btc', 'eth', 'xmr']);

/** `2025-03-12T10:00:00Z` with the milliseconds the OASIS timestamp schema requires for created/modified. */
function stixTimestamp(d: Date): string {
  return d.toISOString();
}

/** A context for a walk over `result`; after `previous`, the next walk over the same result, sharing its ids. */
function createContext(result: ExtractResult, opts: StixOptions, previous?: BuildContext): { ctx: BuildContext; producer: StixObject } {
  const timestamp = stixTimestamp(opts.now ?? new Date());
  const date = result.document.published;
  const published = date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00.000Z` : timestamp;
  const name = opts.identity?.name ?? 'Pillbox';
  const producerId = sdoId('identity', `producer:${name.toLowerCase()}`);
  const producer: StixObject = {
    type: 'identity', spec_version: '2.1', id: producerId, created: timestamp, modified: timestamp,
    name, identity_class: opts.identity ? 'organization' : 'system',
  };
  const wanted = wantedRefs(result);
  const seen = previous?.seen ?? new Map<string, number>();
  const walk = (previous?.walk ?? 0) + 1;
  const ctx: BuildContext = { timestamp, published, createdBy: producerId, refs: new Map(), wanted, seen, walk, pending: [] };
  seen.set(producerId, walk);
  return { ctx, producer };
}

/** Every key `relationshipFor` may look up: each endpoint as written and lower-cased. */
function wantedRefs(result: ExtractResult): Set<string> {
  const keys = new Set<string>();
  for (const r of result.relationships) {
    for (const ref of [r.source, r.target]) keys.add(ref).add(ref.toLowerCase());
  }
  return keys;
}

/** The report's id: one per source document (its SHA-256), so the bundle id derived from it is stable too. */
function reportIdOf(result: ExtractResult): string {
  return sdoId('report', result.source.sha256 || result.source.name);
}

/**
 * Adds an object unless this walk added one with the same deterministic id already (first wins): its
 * id is recorded and the object queued for the walk to hand on (see {@link bundleObjects}).
 */
function add(ctx: BuildContext, obj: StixObject): string {
  if (!added(ctx, obj.id)) {
    ctx.seen.set(obj.id, ctx.walk);
    ctx.pending.push(obj);
  }
  return obj.id;
}

/** Whether this walk has added an object with this id. */
function added(ctx: BuildContext, id: string): boolean {
  return ctx.seen.get(id) === ctx.walk;
}

/** Records the STIX id of a ref, under the ref as written and lower-cased, when a relationship may look it up. */
function setRef(ctx: BuildContext, ref: string, id: string): void {
  for (const key of [ref, ref.toLowerCase()]) if (ctx.wanted.has(key)) ctx.refs.set(key, id);
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
    if (added(ctx, id)) add(ctx, relationshipSro(ctx, 'originates-from', id, loc));
  }
}

function indicatorSdo(ctx: BuildContext, ind: Indicator, pattern: string): StixObject {
  const obj = common(ctx, 'indicator', sdoId('indicator', pattern), {
    name: ind.value,
    pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: ctx.published,
    indicator_types: [ind.benign ? 'benign' : 'malicious-activity'],
  });
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
  return common(ctx, 'note', sdoId('note', `${reportId}|crypto`), {
    abstract: 'Cryptocurrency addresses',
    content,
    object_refs: [reportId],
  });
}

function reportSdo(ctx: BuildContext, result: ExtractResult, reportId: string, refs: string[]): StixObject {
  const obj = common(ctx, 'report', reportId, {
    name: result.document.title ?? result.source.name,
    report_types: ['threat-report'],
    published: ctx.published,
    object_refs: refs.length > 0 ? refs : [ctx.createdBy],
  });
  if (result.document.language) obj['lang'] = result.document.language;
  if (result.source.kind === 'url') {
    obj['external_references'] = [{ source_name: 'source', url: result.source.name, hashes: { 'SHA-256': result.source.sha256 } }];
  }
  return obj;
}

/** Hands on the objects added since the last call, oldest first, so the queue never holds more than one step's. */
function* drain(ctx: BuildContext): Generator<StixObject> {
  const queued = ctx.pending;
  ctx.pending = [];
  yield* queued;
}

/**
 * Every object of the bundle after the producer and the report, in bundle order, one per id (the first
 * made for it). The one source of the bundle's content and order: {@link toStixBundle} collects it;
 * {@link stixBundleChunks} walks it twice, once for the report's `object_refs` and once to write.
 * Order matters beyond looks: relationships find their endpoints in `ctx.refs`, set by the entities,
 * techniques and indicators before them, and origins reuse a location an entity already made.
 */
function* bundleObjects(ctx: BuildContext, result: ExtractResult, opts: StixOptions, reportId: string): Generator<StixObject> {
  for (const e of result.entities) {
    addEntity(ctx, e, opts);
    yield* drain(ctx);
  }
  for (const e of result.entities) {
    addOrigins(ctx, e);
    yield* drain(ctx);
  }
  for (const t of result.techniques) {
    setRef(ctx, `technique:${t.id}`, add(ctx, techniqueSdo(ctx, t)));
    yield* drain(ctx);
  }
  const crypto: string[] = [];
  for (const ind of result.indicators) {
    if (ind.benign && !opts.includeBenign) continue;
    const c = addIndicator(ctx, ind);
    if (c !== null) crypto.push(c);
    yield* drain(ctx);
  }
  for (const r of result.relationships) {
    const sro = relationshipFor(ctx, r);
    if (sro) add(ctx, sro);
    yield* drain(ctx);
  }
  if (crypto.length > 0) add(ctx, cryptoNote(ctx, reportId, crypto));
  yield* drain(ctx);
}

/**
 * Turns an extraction result into a STIX 2.1 bundle: a `report` referring to every object, `indicator`s
 * with their observables (`based-on`), actors as `intrusion-set` (or `threat-actor`, or both), `malware`,
 * `tool`, `attack-pattern`, `vulnerability`, `location`, `identity` and one `relationship` per relationship.
 * Ids are deterministic (same report, same ids); only `created`/`modified` depend on `opts.now`.
 * For a big result, {@link stixBundleChunks} writes the same bundle's text without holding it.
 *
 * @example
 * const bundle = toStixBundle(result, { now: new Date('2025-03-12T00:00:00Z') });
 * process.stdout.write(JSON.stringify(bundle));
 */
export function toStixBundle(result: ExtractResult, opts: StixOptions = {}): StixBundle {
  const { ctx, producer } = createContext(result, opts);
  const reportId = reportIdOf(result);
  const rest = [...bundleObjects(ctx, result, opts, reportId)];
  const report = reportSdo(ctx, result, reportId, rest.map((o) => o.id));
  return { type: 'bundle', id: sdoId('bundle', reportId), objects: [producer, report, ...rest] };
}

/**
 * The text of `JSON.stringify(toStixBundle(result, opts), null, 2)` plus a final newline (the `--json`
 * form), in pieces, never holding the bundle: the report comes second and lists every other object's
 * id, so a first walk keeps only those ids, and a second makes each object again and writes it.
 * Why: held whole, the bundle of a 420,000-indicator feed (1.7 million objects) took 3 GB.
 *
 * @example
 * for (const piece of stixBundleChunks(result)) process.stdout.write(piece);
 */
export function* stixBundleChunks(result: ExtractResult, opts: StixOptions = {}): Generator<string> {
  // One clock reading for both walks, so the objects written carry the report's timestamps.
  const fixed: StixOptions = { ...opts, now: opts.now ?? new Date() };
  const reportId = reportIdOf(result);
  const first = yield* headChunks(result, fixed, reportId);
  const { ctx } = createContext(result, fixed, first);
  for (const o of bundleObjects(ctx, result, fixed, reportId)) yield* objectChunks(o, false);
  yield bundleClose();
}

/**
 * The bundle's text up to the report's end: the producer, then the report with the ids of a first walk,
 * whose context it returns for the second. A generator of its own so the report's copy of the ids
 * (`object_refs`) is freed once written.
 */
function* headChunks(result: ExtractResult, opts: StixOptions, reportId: string): Generator<string, BuildContext> {
  const { ctx, producer } = createContext(result, opts);
  const walk = bundleObjects(ctx, result, opts, reportId);
  while (walk.next().done !== true); // only the ids it records are wanted
  const refs = [...ctx.seen.keys()].filter((id) => id !== producer.id);
  yield bundleOpen(sdoId('bundle', reportId));
  yield* objectChunks(producer, true);
  yield* objectChunks(reportSdo(ctx, result, reportId, refs), false);
  return ctx;
}

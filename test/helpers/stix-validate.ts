/**
 * Validates STIX 2.1 objects and bundles against the vendored OASIS JSON Schemas
 * (test/fixtures/oasis-stix2-json-schemas, BSD-3-Clause, see its NOTICE). Offline: every schema is loaded
 * from disk and `$ref`s resolve against the schemas' own `$id`s, so ajv never fetches anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const SCHEMA_ROOT = fileURLToPath(new URL('../fixtures/oasis-stix2-json-schemas/schemas/', import.meta.url));
const ID_PREFIX = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

export interface StixValidation {
  valid: boolean;
  /** One line per problem: `<object id>: <json pointer> <message>`. */
  errors: string[];
}

/** SDO types the OASIS bundle.json (commit 3bf9e69) does not list among its `objects` alternatives. */
const BUNDLE_SCHEMA_OMITS = new Set(['location', 'note', 'grouping', 'opinion', 'incident']);

let compiled: { byType: Map<string, ValidateFunction>; bundle: ValidateFunction } | undefined;

// The ajv packages are CommonJS with `exports.default`; under NodeNext the default import is the module
// object, whose `.default` is the real export.
const Ajv = (Ajv2020 as unknown as { default: typeof Ajv2020.default }).default;
const withFormats = (addFormats as unknown as { default: typeof addFormats.default }).default;

function load(): NonNullable<typeof compiled> {
  if (compiled) return compiled;
  // unicodeRegExp: false because the OASIS patterns use escapes (e.g. `\-`) that the `u` flag rejects.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  withFormats(ajv);
  // ajv-formats has no `idn-hostname`; domain-name values are punycode (ASCII), so a label check suffices.
  ajv.addFormat('idn-hostname', (s: string) => isHostname(s));
  const byType = new Map<string, ValidateFunction>();
  for (const dir of ['common', 'sdos', 'sros', 'observables']) {
    for (const f of readdirSync(join(SCHEMA_ROOT, dir))) {
      if (!f.endsWith('.json')) continue;
      ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_ROOT, dir, f), 'utf8')) as object);
    }
  }
  for (const dir of ['sdos', 'sros', 'observables']) {
    for (const f of readdirSync(join(SCHEMA_ROOT, dir))) {
      const fn = ajv.getSchema(`${ID_PREFIX}${dir}/${f}`);
      if (fn) byType.set(f.replace(/\.json$/, ''), fn);
    }
  }
  const bundle = ajv.getSchema(`${ID_PREFIX}common/bundle.json`);
  if (!bundle) throw new Error('bundle schema missing');
  compiled = { byType, bundle };
  return compiled;
}

function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  return s.split('.').every((l) => l.length > 0 && l.length <= 63 && /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/i.test(l));
}

/** Validates one STIX object against the schema of its `type`; an unknown type is an error. */
export function validateStixObject(obj: unknown): StixValidation {
  const { byType } = load();
  const o = obj as { type?: unknown; id?: unknown };
  const fn = typeof o?.type === 'string' ? byType.get(o.type) : undefined;
  const who = typeof o?.id === 'string' ? o.id : String(o?.type);
  if (!fn) return { valid: false, errors: [`${who}: no schema for type ${String(o?.type)}`] };
  const ok = fn(obj) === true;
  return { valid: ok, errors: ok ? [] : (fn.errors ?? []).map((e) => `${who}: ${e.instancePath || '/'} ${e.message ?? ''}`) };
}

/**
 * Validates a bundle: the bundle schema itself, then every object against its own type schema (so a
 * problem is reported against the object that has it), then that every `*_ref(s)` points inside the bundle.
 */
export function validateStixBundle(bundle: unknown): StixValidation {
  const { bundle: fn } = load();
  const errors: string[] = [];
  const objects = (bundle as { objects?: unknown[] })?.objects ?? [];
  const ids = new Set<string>();
  for (const o of objects) {
    const id = (o as { id?: unknown }).id;
    if (typeof id === 'string') {
      if (ids.has(id)) errors.push(`${id}: duplicate id`);
      ids.add(id);
    }
    errors.push(...validateStixObject(o).errors);
  }
  for (const o of objects) errors.push(...danglingRefs(o as Record<string, unknown>, ids));
  // The bundle schema's oneOf over every type reports each object problem many times over; it is only
  // run when the per-object checks found nothing. Its list also omits some 2.1 SDOs (location, note,
  // grouping, opinion, incident), which then match neither a listed type nor its custom-object branch,
  // so objects of those types (already validated above against their own schema) are left out of it.
  if (errors.length === 0) {
    const listed = objects.filter((o) => !BUNDLE_SCHEMA_OMITS.has(String((o as { type?: unknown }).type)));
    if (fn({ ...(bundle as object), objects: listed }) !== true) {
      errors.push(...(fn.errors ?? []).slice(0, 20).map((e) => `bundle: ${e.instancePath || '/'} ${e.message ?? ''}`));
    }
  }
  return { valid: errors.length === 0, errors };
}

function danglingRefs(o: Record<string, unknown>, ids: Set<string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k === 'id') continue;
    const refs = k.endsWith('_ref') ? [v] : k.endsWith('_refs') && Array.isArray(v) ? v : [];
    for (const r of refs) if (typeof r === 'string' && !ids.has(r)) out.push(`${String(o['id'])}: ${k} -> ${r} not in bundle`);
  }
  return out;
}

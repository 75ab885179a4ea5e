import type { Diagnostic } from '../../model/diagnostic.js';
import type { IntelIndicator } from '../types.js';
import { canonicalize, huntTypeOf } from './canonical.js';
import { countsByType } from './json-records.js';
import type { Classify } from './classify.js';
import { joinFilePath, readStixPattern, typeOfPath, type PatternComparison } from './stix-pattern.js';

type Obj = Record<string, unknown>;

export interface LoadedIntel {
  title: string;
  indicators: IntelIndicator[];
  warnings: Diagnostic[];
  /** YARA rules the feed carries (a STIX indicator with pattern_type 'yara', a MISP 'yara' attribute), not yet compiled. */
  yaraRules?: EmbeddedRule[];
}

/** One YARA rule text found in a feed, and where (the indicator's id, the attribute's uuid). */
export interface EmbeddedRule {
  text: string;
  origin: string;
}

/** True when parsed JSON looks like a STIX 2.x bundle (or a bare list of STIX objects). */
export function isStixJson(j: unknown): boolean {
  if (Array.isArray(j)) return j.some((o) => typeof (o as Obj)?.['type'] === 'string' && typeof (o as Obj)?.['id'] === 'string' && String((o as Obj)['id']).includes('--'));
  const o = j as Obj;
  return o?.['type'] === 'bundle' || (Array.isArray(o?.['objects']) && typeof o?.['spec_version'] !== 'undefined');
}

/**
 * Indicators of a STIX 2.1 bundle: the comparisons of every `indicator` pattern (STIX 2.1 §4.7,
 * pattern_type `stix`) plus the cyber-observable objects in the bundle (§6). Title: the first
 * `report` object's name.
 */
export function loadStix(j: unknown, source: string, classify: Classify): LoadedIntel {
  const objects = (Array.isArray(j) ? j : ((j as Obj)['objects'] as unknown[] | undefined) ?? []).filter((o): o is Obj => typeof o === 'object' && o !== null);
  const report = objects.find((o) => o['type'] === 'report' && typeof o['name'] === 'string');
  const title = (report?.['name'] as string | undefined) ?? source;
  const out: IntelIndicator[] = [];
  const warnings: Diagnostic[] = [];
  /** Comparisons that are no equality; values not valid for their type; comparisons of types hunt does not sweep, by object path. */
  let notEquality = 0;
  let invalid = 0;
  const notSwept = new Map<string, number>();
  const unsweptPath = (path: string): void => {
    const p = path.toLowerCase();
    notSwept.set(p, (notSwept.get(p) ?? 0) + 1);
  };
  let unreadable = 0;
  let firstUnreadable = '';
  const add = (typeName: string, value: unknown): void => {
    if (typeof value !== 'string') return;
    const t = huntTypeOf(typeName) ?? (typeName === 'any' ? 'any' : null);
    if (t === null) return unsweptPath(typeName);
    const c = t === 'any' ? classify(value) : canonicalize(t, value);
    if (c) out.push({ type: c.type, value: c.value, raw: value, source, source_title: title });
    else invalid++;
  };
  const yaraRules: EmbeddedRule[] = [];
  const byId = new Map<string, Obj>();
  for (const o of objects) if (typeof o['id'] === 'string') byId.set(o['id'], o);
  for (const o of objects) {
    if (o['type'] === 'indicator') {
      if (o['pattern_type'] === 'yara' && typeof o['pattern'] === 'string') { yaraRules.push({ text: o['pattern'], origin: String(o['id']) }); continue; }
      if (o['pattern_type'] !== undefined && o['pattern_type'] !== 'stix') { unsweptPath(`pattern_type ${String(o['pattern_type'])}`); continue; }
      const r = readStixPattern(String(o['pattern'] ?? ''));
      // A pattern that cannot be read, or that holds no comparison at all, is said once per source
      // (with the first one), not once per indicator of a large feed, and never passed over in silence.
      const why = r.error ?? (r.comparisons.length === 0 && r.skipped === 0 ? 'no comparison found in the pattern' : null);
      if (why !== null && unreadable++ === 0) firstUnreadable = `${String(o['id'])}: ${why}`;
      notEquality += r.skipped;
      const paths = filePaths(r.comparisons, r.disjunctive);
      for (const p of paths.values) add('filepath', p);
      for (const c of r.comparisons) {
        if (paths.used.has(c)) continue;
        const t = typeOfPath(c.path);
        if (t) add(t, c.value);
        else unsweptPath(c.path);
      }
    } else addObservable(o, add, byId);
  }
  if (unreadable > 0) warnings.push({ code: 'stix-pattern', message: `${source}: ${unreadable} indicator pattern(s) cannot be read (first: ${firstUnreadable})` });
  const skipped = notEquality + invalid + [...notSwept.values()].reduce((a, b) => a + b, 0);
  if (skipped > 0) {
    const parts: string[] = [];
    if (notSwept.size > 0) parts.push(`of types hunt does not sweep (${countsByType(notSwept).list})`);
    if (notEquality > 0) parts.push(`not an equality (${notEquality})`);
    if (invalid > 0) parts.push(`not valid for their type (${invalid})`);
    warnings.push({ code: 'stix-skipped', message: `${source}: ${skipped} pattern comparison(s) or values cannot be swept: ${parts.join('; ')}` });
  }
  return { title, indicators: out, warnings, ...(yaraRules.length > 0 ? { yaraRules } : {}) };
}

/**
 * The file paths of a pattern: an observation that requires both `file:name = N` and
 * `file:parent_directory_ref.path = D` (joined by AND, one of each) names the file D/N, the way
 * `pillbox extract --format stix` writes a path. Read apart, the name alone would match that file
 * name in any directory, and the directory would be dropped.
 */
function filePaths(comparisons: readonly PatternComparison[], disjunctive: ReadonlySet<number>): { values: string[]; used: Set<PatternComparison> } {
  const byObservation = new Map<number, { name: PatternComparison[]; dir: PatternComparison[] }>();
  for (const c of comparisons) {
    const p = c.path.toLowerCase();
    if (p !== 'file:name' && p !== 'file:parent_directory_ref.path') continue;
    let g = byObservation.get(c.observation);
    if (g === undefined) byObservation.set(c.observation, (g = { name: [], dir: [] }));
    (p === 'file:name' ? g.name : g.dir).push(c);
  }
  const values: string[] = [];
  const used = new Set<PatternComparison>();
  for (const [observation, g] of byObservation) {
    if (disjunctive.has(observation) || g.name.length !== 1 || g.dir.length !== 1) continue;
    values.push(joinFilePath(g.dir[0]!.value, g.name[0]!.value));
    used.add(g.name[0]!);
    used.add(g.dir[0]!);
  }
  return { values, used };
}

function addObservable(o: Obj, add: (t: string, v: unknown) => void, byId: ReadonlyMap<string, Obj>): void {
  switch (o['type']) {
    case 'domain-name': add('domain', o['value']); break;
    case 'url': add('url', o['value']); break;
    case 'ipv4-addr': case 'ipv6-addr': add('ip', o['value']); break;
    case 'email-addr': add('email', o['value']); break;
    case 'windows-registry-key': add('registry', o['key']); break;
    case 'file': {
      const hashes = o['hashes'];
      if (hashes && typeof hashes === 'object') for (const [k, v] of Object.entries(hashes as Obj)) add(k, v);
      // A file in a known directory is that path, not any file of that name.
      const parent = typeof o['parent_directory_ref'] === 'string' ? byId.get(o['parent_directory_ref']) : undefined;
      if (typeof o['name'] === 'string' && parent?.['type'] === 'directory' && typeof parent['path'] === 'string' && parent['path'] !== '') add('filepath', joinFilePath(parent['path'], o['name']));
      else add('filename', o['name']);
      break;
    }
    default: break;
  }
}

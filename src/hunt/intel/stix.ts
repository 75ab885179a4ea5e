import type { Diagnostic } from '../../model/diagnostic.js';
import type { IntelIndicator } from '../types.js';
import { canonicalize, huntTypeOf } from './canonical.js';
import type { Classify } from './classify.js';
import { readStixPattern, typeOfPath } from './stix-pattern.js';

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
  let skipped = 0;
  let unreadable = 0;
  let firstUnreadable = '';
  const add = (typeName: string, value: unknown): void => {
    if (typeof value !== 'string') return;
    const t = huntTypeOf(typeName) ?? (typeName === 'any' ? 'any' : null);
    const c = t === 'any' ? classify(value) : t ? canonicalize(t, value) : null;
    if (c) out.push({ type: c.type, value: c.value, raw: value, source, source_title: title });
    else skipped++;
  };
  const yaraRules: EmbeddedRule[] = [];
  for (const o of objects) {
    if (o['type'] === 'indicator') {
      if (o['pattern_type'] === 'yara' && typeof o['pattern'] === 'string') { yaraRules.push({ text: o['pattern'], origin: String(o['id']) }); continue; }
      if (o['pattern_type'] !== undefined && o['pattern_type'] !== 'stix') { skipped++; continue; }
      const r = readStixPattern(String(o['pattern'] ?? ''));
      // A pattern that cannot be read, or that holds no comparison at all, is said once per source
      // (with the first one), not once per indicator of a large feed, and never passed over in silence.
      const why = r.error ?? (r.comparisons.length === 0 && r.skipped === 0 ? 'no comparison found in the pattern' : null);
      if (why !== null && unreadable++ === 0) firstUnreadable = `${String(o['id'])}: ${why}`;
      skipped += r.skipped;
      for (const c of r.comparisons) {
        const t = typeOfPath(c.path);
        if (t) add(t, c.value);
        else skipped++;
      }
    } else addObservable(o, add);
  }
  if (unreadable > 0) warnings.push({ code: 'stix-pattern', message: `${source}: ${unreadable} indicator pattern(s) cannot be read (first: ${firstUnreadable})` });
  if (skipped > 0) warnings.push({ code: 'stix-skipped', message: `${source}: ${skipped} pattern comparison(s) or values cannot be swept (not an equality on a supported type)` });
  return { title, indicators: out, warnings, ...(yaraRules.length > 0 ? { yaraRules } : {}) };
}

function addObservable(o: Obj, add: (t: string, v: unknown) => void): void {
  switch (o['type']) {
    case 'domain-name': add('domain', o['value']); break;
    case 'url': add('url', o['value']); break;
    case 'ipv4-addr': case 'ipv6-addr': add('ip', o['value']); break;
    case 'email-addr': add('email', o['value']); break;
    case 'windows-registry-key': add('registry', o['key']); break;
    case 'file': {
      const hashes = o['hashes'];
      if (hashes && typeof hashes === 'object') for (const [k, v] of Object.entries(hashes as Obj)) add(k, v);
      add('filename', o['name']);
      break;
    }
    default: break;
  }
}

import type { Diagnostic } from '../../model/diagnostic.js';
import type { IntelIndicator } from '../types.js';
import { canonicalize, huntTypeOf } from './canonical.js';
import type { EmbeddedRule, LoadedIntel } from './stix.js';

type Obj = Record<string, unknown>;

/** The MISP events in parsed JSON: `{Event}`, `{response: [{Event}]}`, `[{Event}]`, or a bare event. */
export function mispEvents(j: unknown): Obj[] {
  const list = Array.isArray(j) ? j : Array.isArray((j as Obj)?.['response']) ? ((j as Obj)['response'] as unknown[]) : [j];
  const out: Obj[] = [];
  for (const item of list) {
    const o = item as Obj;
    const ev = (o?.['Event'] ?? o) as Obj;
    if (ev && typeof ev === 'object' && (Array.isArray(ev['Attribute']) || Array.isArray(ev['Object']))) out.push(ev);
  }
  return out;
}

/** MISP attribute types for which one value holds two indicators (`filename|sha256`, `ip-dst|port`…). */
function split(type: string, value: string): [string, string][] {
  const bar = type.indexOf('|');
  if (bar === -1) return [[type, value]];
  const [a, b] = [type.slice(0, bar), type.slice(bar + 1)];
  const vb = value.lastIndexOf('|');
  const [va, vv] = vb === -1 ? [value, ''] : [value.slice(0, vb), value.slice(vb + 1)];
  // The port of `ip-dst|port` and the data of `regkey|value` are no indicators of their own.
  return b === 'port' || b === 'value' ? [[a, va]] : [[a, va], [b, vv]];
}

/**
 * Indicators of MISP event JSON: `Event.Attribute` and `Event.Object[].Attribute`. Attributes with
 * `to_ids: false` are informational in MISP and are left out (counted in a warning).
 */
export function loadMisp(j: unknown, source: string): LoadedIntel {
  const events = mispEvents(j);
  const title = events.map((e) => String(e['info'] ?? '')).filter(Boolean).join(' / ') || source;
  const indicators: IntelIndicator[] = [];
  const warnings: Diagnostic[] = [];
  let notIds = 0;
  let unsupported = 0;
  // Per MISP type: values of a type hunt does not sweep, and values that are not valid for their type.
  const otherTypes = new Map<string, number>();
  const yaraRules: EmbeddedRule[] = [];
  const badValues = new Map<string, number>();
  for (const ev of events) {
    const attrs = [...asArray(ev['Attribute'])];
    for (const ob of asArray(ev['Object'])) for (const a of asArray((ob as Obj)['Attribute'])) attrs.push(a);
    for (const a0 of attrs) {
      const a = a0 as Obj;
      if (typeof a['type'] !== 'string' || typeof a['value'] !== 'string') continue;
      if (a['to_ids'] === false || a['to_ids'] === 0 || a['to_ids'] === '0') { notIds++; continue; }
      if (a['type'] === 'yara') {
        yaraRules.push({ text: a['value'], origin: typeof a['uuid'] === 'string' ? a['uuid'] : `attribute ${yaraRules.length + 1}` });
        continue;
      }
      for (const [t, v] of split(a['type'], a['value'])) {
        const ht = huntTypeOf(t);
        const c = ht && ht !== 'any' ? canonicalize(ht, v) : null;
        if (c) indicators.push({ type: c.type, value: c.value, raw: v, source, source_title: title });
        else {
          unsupported++;
          const by = ht && ht !== 'any' ? badValues : otherTypes;
          by.set(t, (by.get(t) ?? 0) + 1);
        }
      }
    }
  }
  if (notIds > 0) warnings.push({ code: 'misp-not-ids', message: `${source}: ${notIds} attribute(s) with to_ids=false left out` });
  if (unsupported > 0) {
    const list = (m: Map<string, number>): string => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 12).map(([t, n]) => `${t} ${n}`).join(', ') + (m.size > 12 ? ', …' : '');
    const parts = [otherTypes.size > 0 ? `of types hunt does not sweep (${list(otherTypes)})` : '', badValues.size > 0 ? `not valid for their type (${list(badValues)})` : ''].filter(Boolean);
    warnings.push({ code: 'misp-unsupported', message: `${source}: ${unsupported} attribute value(s) cannot be swept: ${parts.join('; ')}` });
  }
  return { title, indicators, warnings, ...(yaraRules.length > 0 ? { yaraRules } : {}) };
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

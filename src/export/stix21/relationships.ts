import type { Relationship } from '../../model/entity.js';
import { sdoId } from './ids.js';
import { common } from './sdos.js';
import type { BuildContext, StixObject } from './types.js';

const MAX_DESCRIPTION = 1000;

/**
 * STIX 2.1 defines `attributed-to` only from campaigns and intrusion sets (§4.3, §4.8); for malware the
 * spec's relationship saying who is behind it is `authored-by` (§4.11), so that is what it becomes.
 */
function stixRelationshipType(type: string, sourceId: string): string {
  if (type === 'attributed-to' && sourceId.startsWith('malware--')) return 'authored-by';
  return type;
}

/** A deterministic `relationship` SRO (§5.1); same type and endpoints, same id. */
export function relationshipSro(ctx: BuildContext, type: string, sourceId: string, targetId: string, extra: Record<string, unknown> = {}): StixObject {
  const relType = stixRelationshipType(type, sourceId);
  return common(ctx, 'relationship', sdoId('relationship', `${relType}|${sourceId}|${targetId}`), {
    relationship_type: relType,
    source_ref: sourceId,
    target_ref: targetId,
    ...extra,
  });
}

function describe(r: Relationship): string | undefined {
  const parts = [...new Set(r.evidence.map((e) => e.text.replace(/\s+/g, ' ').trim()))].filter((t) => t !== '');
  if (parts.length === 0) return undefined;
  const text = parts.join(' … ');
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

/**
 * The SRO for a Pillbox relationship, or null when an endpoint has no object in the bundle (e.g. a
 * benign indicator left out, or a ref no entity produced).
 */
export function relationshipFor(ctx: BuildContext, r: Relationship): StixObject | null {
  const source = ctx.refs.get(r.source) ?? ctx.refs.get(r.source.toLowerCase());
  const target = ctx.refs.get(r.target) ?? ctx.refs.get(r.target.toLowerCase());
  if (source === undefined || target === undefined || source === target) return null;
  const extra: Record<string, unknown> = { confidence: Math.round(Math.min(1, Math.max(0, r.confidence)) * 100) };
  const description = describe(r);
  if (description !== undefined) extra['description'] = description;
  return relationshipSro(ctx, r.type, source, target, extra);
}

// Builds data/attack/techniques.json: every Enterprise ATT&CK technique and sub-technique (id, name,
// tactics, parent, deprecated/revoked flags, revoked-by replacement) from the per-object mitre/cti files
// under <shared>/mitre-cti-attack/. No descriptions are kept. Output is sorted and stable.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContext } from '../build-knowledge.js';
import type { AttackTechnique } from '../../src/knowledge/attack/catalog.js';

interface StixRef {
  source_name?: string;
  external_id?: string;
}
interface StixAttackPattern {
  type: string;
  id: string;
  name: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  x_mitre_is_subtechnique?: boolean;
  x_mitre_domains?: string[];
  external_references?: StixRef[];
  kill_chain_phases?: { kill_chain_name: string; phase_name: string }[];
}
interface StixTactic {
  type: string;
  name: string;
  x_mitre_shortname: string;
  external_references?: StixRef[];
}

/** One catalogue row, as written to techniques.json: the type the runtime catalogue reads. */
export type TechniqueRow = AttackTechnique;

const ATTACK_VERSION = '18.1';

function readObjects<T>(dir: string): T[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { objects: T[] }).objects);
}

function attackId(refs: StixRef[] | undefined): string | undefined {
  return refs?.find((r) => r.source_name === 'mitre-attack')?.external_id;
}

/** Follows revoked-by chains (A → B → C) to the final replacement; stops on cycles. */
function resolveRevoked(map: Record<string, { revoked_by: string }>, id: string): string | undefined {
  let cur = map[id]?.revoked_by;
  const seen = new Set([id]);
  while (cur !== undefined && map[cur] !== undefined && !seen.has(cur)) {
    seen.add(cur);
    cur = map[cur]!.revoked_by;
  }
  return cur;
}

function toRow(o: StixAttackPattern, revokedMap: Record<string, { revoked_by: string }>): TechniqueRow | undefined {
  const id = attackId(o.external_references);
  if (id === undefined || !/^T\d{4}(\.\d{3})?$/.test(id)) return undefined;
  const tactics = (o.kill_chain_phases ?? []).filter((k) => k.kill_chain_name === 'mitre-attack').map((k) => k.phase_name);
  const row: TechniqueRow = { id, name: o.name, tactics, stix_id: o.id };
  if (id.includes('.')) row.parent = id.slice(0, 5);
  if (o.x_mitre_deprecated === true) row.deprecated = true;
  if (o.revoked === true) {
    row.revoked = true;
    const by = resolveRevoked(revokedMap, id);
    if (by !== undefined) row.revoked_by = by;
  }
  return row;
}

export function build(ctx: BuildContext): void {
  const src = join(ctx.sharedDir, 'mitre-cti-attack');
  const revokedMap = (JSON.parse(readFileSync(join(src, 'derived', 'revoked-by.json'), 'utf8')) as { map: Record<string, { revoked_by: string }> }).map;
  const patterns = readObjects<StixAttackPattern>(join(src, 'enterprise-attack', 'attack-pattern'));
  const rows = patterns
    .filter((o) => o.type === 'attack-pattern')
    .map((o) => toRow(o, revokedMap))
    .filter((r): r is TechniqueRow => r !== undefined)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const tacticOrder = readObjects<{ type: string; tactic_refs?: string[] }>(join(src, 'enterprise-attack', 'x-mitre-matrix'))[0]?.tactic_refs ?? [];
  const tacticObjs = readObjects<StixTactic & { id: string }>(join(src, 'enterprise-attack', 'x-mitre-tactic'));
  const tactics = tacticObjs
    .map((t) => ({ id: attackId(t.external_references) ?? '', shortname: t.x_mitre_shortname, name: t.name, order: tacticOrder.indexOf(t.id) }))
    .sort((a, b) => a.order - b.order)
    .map(({ id, shortname, name }) => ({ id, shortname, name }));
  const out = join(ctx.dataDir, 'attack');
  mkdirSync(out, { recursive: true });
  // One technique per line keeps diffs between ATT&CK versions readable.
  const body = [
    '{',
    `"attack_version": ${JSON.stringify(ATTACK_VERSION)},`,
    `"source": "mitre/cti enterprise-attack (see NOTICE)",`,
    `"tactics": ${JSON.stringify(tactics)},`,
    '"techniques": [',
    rows.map((r) => JSON.stringify(r)).join(',\n'),
    ']',
    '}',
    '',
  ].join('\n');
  writeFileSync(join(out, 'techniques.json'), body);
  // Written (not copied) so the read-only mode of the source files does not follow them.
  for (const f of ['LICENSE.txt', 'NOTICE']) writeFileSync(join(out, f), readFileSync(join(src, f)), { mode: 0o644 });
  const commit = /^Commit:\s+([0-9a-f]{40})/m.exec(readFileSync(join(src, 'NOTICE'), 'utf8'))?.[1] ?? 'unknown';
  const manifest = {
    'techniques.json': {
      source: `MITRE ATT&CK Enterprise attack-pattern, x-mitre-tactic and x-mitre-matrix objects, github.com/mitre/cti commit ${commit}; revoked-by map from its relationship objects`,
      version: ATTACK_VERSION,
      sha256: createHash('sha256').update(body).digest('hex'),
      licence: 'ATT&CK terms of use (LICENSE.txt): (c) 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.',
    },
  };
  writeFileSync(join(out, 'MANIFEST.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stderr.write(`30-attack: ${rows.length} techniques, ${tactics.length} tactics\n`);
}

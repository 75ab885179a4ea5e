// Writes data/knowledge/MANIFEST.json (source, version, sha256 and licence of every knowledge file),
// NOTICE, and copies of the upstream licences. Runs after the steps that write data/knowledge/.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContext } from '../build-knowledge.js';

interface Provenance {
  source: string;
  licence: string;
}

const MISP = 'MISP galaxy clusters threat-actor, tool, mitre-intrusion-set, mitre-malware, mitre-tool (github.com/MISP/misp-galaxy)';
const ATTACK = 'MITRE ATT&CK Enterprise intrusion-set, malware, tool objects (github.com/mitre/cti)';
const TEAM = 'CC0-1.0 OR BSD-2-Clause (MISP galaxy); ATT&CK terms of use (MITRE); Apache-2.0 (Pillbox tables)';

const PROVENANCE: Record<string, Provenance> = {
  'actors.json': { source: `${ATTACK}; ${MISP}; scripts/tables/actor-overrides.json`, licence: TEAM },
  'software.json': { source: `${ATTACK}; ${MISP}; scripts/tables/software.json`, licence: TEAM },
  'places.json': { source: 'scripts/tables/countries.json (ISO 3166-1 alpha-2 codes and names) and regions.json', licence: 'Apache-2.0 (Pillbox tables)' },
  'sectors.json': { source: 'scripts/tables/sectors.json', licence: 'Apache-2.0 (Pillbox tables)' },
  'identities.json': { source: 'scripts/tables/identities.json', licence: 'Apache-2.0 (Pillbox tables)' },
};

/** The upstream commit line of a shared-data NOTICE ("Commit:   <sha> (...)"). */
function upstreamCommit(sharedDir: string, dir: string): string {
  const path = join(sharedDir, dir, 'NOTICE');
  if (!existsSync(path)) return 'unknown';
  const m = /^Commit:\s+([0-9a-f]{40})/m.exec(readFileSync(path, 'utf8'));
  return m?.[1] ?? 'unknown';
}

function noticeText(misp: string, attack: string): string {
  return [
    'Pillbox bundled knowledge (data/knowledge/) — provenance and licences',
    '',
    'actors.json and software.json hold names, aliases, ATT&CK ids and origin countries only (no descriptions), from:',
    `- MITRE ATT&CK Enterprise v18.1, github.com/mitre/cti commit ${attack}.`,
    '  (c) 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.',
    '  Terms of use: LICENSE-mitre-attack.txt.',
    `- MISP galaxy, github.com/MISP/misp-galaxy commit ${misp}, clusters threat-actor, tool, mitre-intrusion-set,`,
    '  mitre-malware and mitre-tool; dual-licensed CC0 1.0 or BSD-2-Clause by the MISP Project: LICENSE-misp-galaxy.md.',
    '  The mitre-* clusters are MISP conversions of ATT&CK; the MITRE notice above applies to them too.',
    '- Pillbox tables (scripts/tables/, Apache-2.0): extra software, kind overrides, alias assignments.',
    '- Common-word flags ("common") were computed at build time with the word-list package (MIT, Sindre Sorhus);',
    '  the word list itself is not shipped.',
    '',
    'places.json, sectors.json and identities.json come from Pillbox tables (Apache-2.0). Country codes and',
    'short names are ISO 3166-1 facts; demonyms, regions, sectors and organisations were written by the team.',
    '',
  ].join('\n');
}

export function build(ctx: BuildContext): void {
  const dir = join(ctx.dataDir, 'knowledge');
  const misp = upstreamCommit(ctx.sharedDir, 'misp-galaxy');
  const attack = upstreamCommit(ctx.sharedDir, 'mitre-cti-attack');
  // Copied by content, not with copyFileSync: the shared sources are read-only and their mode must not follow.
  writeFileSync(join(dir, 'LICENSE-misp-galaxy.md'), readFileSync(join(ctx.sharedDir, 'misp-galaxy', 'LICENSE.md')));
  writeFileSync(join(dir, 'LICENSE-mitre-attack.txt'), readFileSync(join(ctx.sharedDir, 'mitre-cti-attack', 'LICENSE.txt')));
  writeFileSync(join(dir, 'NOTICE'), noticeText(misp, attack));
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'MANIFEST.json').sort();
  const entries = files.map((f) => {
    const p = PROVENANCE[f] ?? { source: 'unknown', licence: 'unknown' };
    const sha256 = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    return { file: f, source: p.source, version: `misp-galaxy@${misp.slice(0, 12)}, mitre-cti@${attack.slice(0, 12)}, ATT&CK 18.1`, sha256, licence: p.licence };
  });
  writeFileSync(join(dir, 'MANIFEST.json'), `${JSON.stringify({ schema_version: '1', files: entries }, null, 1)}\n`);
}

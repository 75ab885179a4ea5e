// Writes data/capabilities/rules.json: the bundled capability rules (rules/capabilities/*.yaml),
// parsed and validated once here so that triage reads JSON instead of parsing YAML at every start
// (src/rules/load.ts). Needs no shared data; rerun after editing a rule:
// npm run build:knowledge -- 40-capability-rules
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContext } from '../build-knowledge.js';
import { writePrebuiltRules } from '../../src/rules/load.js';

export function build(ctx: BuildContext): void {
  const dir = join(ctx.dataDir, 'capabilities');
  mkdirSync(dir, { recursive: true });
  writePrebuiltRules(join(dir, 'rules.json'));
  writeFileSync(join(dir, 'NOTICE'), `rules.json: Pillbox's own capability rules (rules/capabilities/*.yaml), parsed and validated by
scripts/knowledge/40-capability-rules.ts. Same licence as Pillbox; no third-party data.
`);
}

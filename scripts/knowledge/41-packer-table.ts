// Writes data/packers/table.json: the bundled packer table (rules/packers/packers.yaml), validated
// once here so that triage reads JSON instead of loading the YAML library and zod in every worker
// (src/triage/packers/table.ts). Needs no shared data; rerun after editing the table:
// npm run build:knowledge -- 41-packer-table
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContext } from '../build-knowledge.js';
import { writePrebuiltPackerTable } from '../../src/triage/packers/parse-table.js';

export function build(ctx: BuildContext): void {
  const dir = join(ctx.dataDir, 'packers');
  mkdirSync(dir, { recursive: true });
  writePrebuiltPackerTable(join(dir, 'table.json'));
  writeFileSync(join(dir, 'NOTICE'), `table.json: Pillbox's own packer signatures (rules/packers/packers.yaml), validated and written by
scripts/knowledge/41-packer-table.ts. Same licence as Pillbox; no third-party data.
`);
}

/**
 * The packer table's schema, the validating parser for user-supplied tables, and the build of the
 * bundled table's JSON. Kept apart from the bundled-table loader (table.ts) so that triage workers,
 * which only read the bundled table, never evaluate zod (~100 ms of every worker's start-up).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { PillboxError } from '../../errors.js';
import { BUNDLED_PACKER_TABLE } from './table.js';
import type { PackerTable } from './types.js';

const Weighted = z.object({ text: z.string().min(1), weight: z.number().min(0).max(1) });
const Names = z.object({ names: z.array(z.string().min(1)), weight: z.number().min(0).max(1), weak_alone: z.boolean().optional(), weak_max: z.number().min(0).max(1).optional() });
const Entry = z.object({ id: z.string(), hex: z.string().regex(/^([0-9A-Fa-f?]{2})( [0-9A-Fa-f?]{2})*$/), weight: z.number().min(0).max(1), window: z.number().int().min(0).max(4096).optional() });
const FORMATS = ['pe', 'elf', 'macho'] as const;
export const PackerTableSchema = z.object({
  packers: z.array(z.object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    formats: z.array(z.enum(FORMATS)).min(1),
    sections: Names.optional(),
    strings: z.array(Weighted).optional(),
    entry: z.array(Entry).optional(),
    dotnet: Names.optional(),
  })),
});

/**
 * Parse and validate a packer table (YAML or JSON text).
 * @example parsePackerTable('packers: []').packers.length // 0
 */
export function parsePackerTable(text: string, source = 'packers.yaml'): PackerTable {
  const r = PackerTableSchema.safeParse(parse(text));
  if (!r.success) throw new PillboxError('E_RULE_INVALID', `${source}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data as PackerTable;
}

/**
 * Validates the bundled YAML table and writes it as JSON to `out` (what triage reads; build step
 * scripts/knowledge/41-packer-table.ts).
 * @throws PillboxError when the YAML is invalid.
 */
export function writePrebuiltPackerTable(out: string): void {
  const table = parsePackerTable(readFileSync(BUNDLED_PACKER_TABLE, 'utf8'), 'rules/packers/packers.yaml');
  writeFileSync(out, `${JSON.stringify(table)}\n`);
}

/**
 * The bundled packer table, read once per thread: `data/packers/table.json`, which the build step
 * scripts/knowledge/41-packer-table.ts writes from `rules/packers/packers.yaml` after validating it
 * (parse-table.ts). Reading JSON spares every triage worker the YAML library (~50 ms to load) and
 * zod (~100 ms); `packers.test.ts` keeps the JSON equal to the validated YAML. Without the JSON
 * (a checkout that has not built it), the YAML is parsed, with the YAML library loaded then.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { PackerTable } from './types.js';

/** The table's source; resolves the same from `src/triage/packers` and `dist/triage/packers`. */
export const BUNDLED_PACKER_TABLE = fileURLToPath(new URL('../../../rules/packers/packers.yaml', import.meta.url));
/** The table as built from the source (see the header). */
export const PREBUILT_PACKER_TABLE = fileURLToPath(new URL('../../../data/packers/table.json', import.meta.url));

let bundled: PackerTable | undefined;

/**
 * The bundled table, read once.
 * @example bundledPackerTable().packers.some((p) => p.name === 'upx') // true
 */
export function bundledPackerTable(): PackerTable {
  return (bundled ??= existsSync(PREBUILT_PACKER_TABLE) ? (JSON.parse(readFileSync(PREBUILT_PACKER_TABLE, 'utf8')) as PackerTable) : bundledYaml());
}

/** The source YAML, parsed (not validated: see parse-table.ts). */
export function bundledYaml(): PackerTable {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(readFileSync(BUNDLED_PACKER_TABLE, 'utf8')) as PackerTable;
}

/**
 * The bundled packer table, `rules/packers/packers.yaml`, read once per thread. It is not validated
 * here: it ships with the code and `packers.test.ts` checks it against `PackerTableSchema`
 * (parse-table.ts) and that validation changes nothing, so loading it needs yaml but not zod,
 * which costs every triage worker ~100 ms to evaluate. User tables go through `parsePackerTable`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { PackerTable } from './types.js';

/** Where the bundled table lives; resolves the same from `src/triage/packers` and `dist/triage/packers`. */
export const BUNDLED_PACKER_TABLE = new URL('../../../rules/packers/packers.yaml', import.meta.url);

let bundled: PackerTable | undefined;

/**
 * The bundled table (`rules/packers/packers.yaml`), read once.
 * @example bundledPackerTable().packers.some((p) => p.name === 'upx') // true
 */
export function bundledPackerTable(): PackerTable {
  return (bundled ??= parse(readFileSync(BUNDLED_PACKER_TABLE, 'utf8')) as PackerTable);
}

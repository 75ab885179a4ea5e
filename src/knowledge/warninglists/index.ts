// Warninglists: values that show up in reports but are not indicators of compromise (private ranges,
// public resolvers, very popular domains…). Built from MISP warninglists by
// scripts/knowledge/10-warninglists.ts; loaded once from data/warninglists/ and passed in by callers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Benign, IndicatorType } from '../../model/indicator.js';
import { buildWarninglists, type WarninglistSource, type Warninglists } from './lookup.js';

export { checkBenign, buildWarninglists } from './lookup.js';
export { writeWarninglistIndex } from './prebuilt.js';
export type { Warninglists, WarninglistSource, WarninglistKind } from './lookup.js';
export type { Benign, IndicatorType };

const DATA_DIR = new URL('../../../data/warninglists/', import.meta.url);

interface ManifestEntry { id: string; kind: WarninglistSource['kind']; reason: string }

let cached: Warninglists | undefined;

/**
 * The bundled warninglists: the manifest is read on first call (then memoised), each list's file and
 * prebuilt tables (data/warninglists/index/, see prebuilt.ts) on the first check that needs them.
 * @example checkBenign('ipv4', '10.0.0.1', loadWarninglists()) // { list: 'rfc1918', reason: 'private address space (RFC 1918)' }
 */
export function loadWarninglists(): Warninglists {
  if (cached !== undefined) return cached;
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', DATA_DIR), 'utf8')) as { lists: ManifestEntry[] };
  const sources: WarninglistSource[] = manifest.lists.map((l) => lazySource(l));
  cached = { ...buildWarninglists(sources), index: fileURLToPath(new URL('index/', DATA_DIR)) };
  return cached;
}

function lazySource(l: ManifestEntry): WarninglistSource {
  let values: readonly string[] | undefined;
  const file = fileURLToPath(new URL(`${l.id}.txt`, DATA_DIR));
  return {
    id: l.id,
    kind: l.kind,
    reason: l.reason,
    file,
    get values(): readonly string[] {
      values ??= readFileSync(file, 'utf8').split('\n').filter((v) => v !== '');
      return values;
    },
  };
}

// Folded names that belong to places, sectors and organisations: an actor or malware synonym equal to
// one of them ("China", "Energy") would turn every mention of the place into an actor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldName } from '../../../src/knowledge/fold.js';
import type { BuildContext } from '../../build-knowledge.js';

interface NamedRow {
  name: string;
  names?: string[];
  adjectives?: string[];
  phrases?: string[];
}

export function reservedNames(ctx: BuildContext): Set<string> {
  const out = new Set<string>();
  const read = (f: string, key: string): NamedRow[] =>
    (JSON.parse(readFileSync(join(ctx.rootDir, 'scripts', 'tables', f), 'utf8')) as Record<string, NamedRow[]>)[key] ?? [];
  const rows = [...read('countries.json', 'countries'), ...read('regions.json', 'regions'), ...read('sectors.json', 'sectors'), ...read('identities.json', 'identities')];
  for (const r of rows) for (const n of [r.name, ...(r.names ?? []), ...(r.adjectives ?? []), ...(r.phrases ?? [])]) out.add(foldName(n));
  return out;
}

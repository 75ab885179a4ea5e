/**
 * Loads the bundled knowledge (data/knowledge/*.json) once per process. The directory resolves from
 * this module's location, so it works from src/ (vitest, tsx) and from dist/ alike. The core
 * recognisers never call this: they take the `KnowledgeBase` as a parameter.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PillboxError } from '../errors.js';
import { automatonPathFor } from './name-automaton-file.js';
import { buildNameIndex, type NameIndex } from './name-index.js';
import type { ActorRecord, IdentityRecord, KnowledgeData, PlaceRecord, SectorRecord, SoftwareRecord } from './types.js';

/** data/knowledge/ of this package (two levels above src/knowledge or dist/knowledge). */
export const DEFAULT_KNOWLEDGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'knowledge');

/** Typed knowledge: the records plus a lazily compiled name index over all of them. */
export interface KnowledgeBase extends KnowledgeData {
  /** The one-pass name index (compiled on first use, then cached). */
  readonly names: NameIndex;
}

/**
 * Wraps knowledge data (e.g. a small hand-made set in tests) as a KnowledgeBase. `automaton`: a
 * prebuilt name automaton file, used when it was built from the same names.
 * @example const kb = createKnowledgeBase({ actors: [], software: [], places: [], sectors: [], identities: [] })
 */
export function createKnowledgeBase(data: KnowledgeData, automaton?: string): KnowledgeBase {
  let index: NameIndex | undefined;
  return {
    ...data,
    get names(): NameIndex {
      index ??= buildNameIndex(data, automaton);
      return index;
    },
  };
}

function readDoc(dir: string, file: string): Record<string, unknown> {
  const path = join(dir, file);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new PillboxError('E_KB_MISSING', `cannot read knowledge file ${path} (run npm run build:knowledge)`, { cause });
  }
}

function readList<T>(dir: string, file: string, key: string, doc = readDoc(dir, file)): T[] {
  const path = join(dir, file);
  const list = doc[key];
  if (!Array.isArray(list)) throw new PillboxError('E_KB_MISSING', `knowledge file ${path} has no "${key}" list`);
  return list as T[];
}

/** Reads a knowledge directory (no caching). */
export function readKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeBase {
  const sectorDoc = readDoc(dir, 'sectors.json');
  return createKnowledgeBase({
    actors: readList<ActorRecord>(dir, 'actors.json', 'entities'),
    software: readList<SoftwareRecord>(dir, 'software.json', 'entities'),
    places: readList<PlaceRecord>(dir, 'places.json', 'places'),
    sectors: readList<SectorRecord>(dir, 'sectors.json', 'sectors', sectorDoc),
    sectorIgnore: Array.isArray(sectorDoc['ignore']) ? (sectorDoc['ignore'] as string[]) : [],
    identities: readList<IdentityRecord>(dir, 'identities.json', 'identities'),
  }, automatonPathFor(dir));
}

let cached: KnowledgeBase | undefined;

/**
 * The bundled knowledge base, read on first call and cached for the process.
 * @example const kb = loadKnowledge(); recognizeEntities(text, kb)
 */
export function loadKnowledge(): KnowledgeBase {
  cached ??= readKnowledge();
  return cached;
}

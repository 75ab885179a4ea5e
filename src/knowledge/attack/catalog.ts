import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PillboxError } from '../../errors.js';

/** One Enterprise ATT&CK technique or sub-technique (no description). */
export interface AttackTechnique {
  /** `T1027` or `T1027.002`. */
  id: string;
  name: string;
  /** Tactic short names in kill-chain order, e.g. `defense-evasion`. */
  tactics: string[];
  /** Parent technique id, for sub-techniques. */
  parent?: string;
  /** The ATT&CK STIX id (`attack-pattern--…`). */
  stix_id: string;
  deprecated?: true;
  revoked?: true;
  /** Final replacement of a revoked id (revoked-by chains already followed). */
  revoked_by?: string;
}

/** An ATT&CK tactic (`TA0005`, `defense-evasion`, `Defense Evasion`). */
export interface AttackTactic {
  id: string;
  shortname: string;
  name: string;
}

/** Read-only view over the bundled ATT&CK catalogue. */
export interface AttackCatalog {
  /** ATT&CK release, e.g. `18.1`. */
  readonly version: string;
  /** The technique with this id (case-insensitive), including revoked and deprecated ones. */
  get(id: string): AttackTechnique | undefined;
  /** Name of the technique, or undefined when the id is unknown. */
  name(id: string): string | undefined;
  /** Tactics of the technique (empty when unknown). */
  tactics(id: string): string[];
  /** The current id for `id`: itself when active or deprecated, its replacement when revoked, undefined when unknown. */
  resolve(id: string): string | undefined;
  /** The 14 Enterprise tactics in matrix order. */
  listTactics(): readonly AttackTactic[];
  /** Every technique, sorted by id. */
  list(): readonly AttackTechnique[];
}

interface CatalogFile {
  attack_version: string;
  tactics: AttackTactic[];
  techniques: AttackTechnique[];
}

/** data/attack/ relative to this module (src/knowledge/attack or dist/knowledge/attack). */
export const DEFAULT_ATTACK_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'attack');

const cache = new Map<string, AttackCatalog>();

/**
 * Loads the ATT&CK catalogue built by `npm run build:knowledge -- 30-attack`. Cached per folder, since the
 * file is immutable at run time.
 * @example
 * const attack = loadAttack();
 * attack.name('T1053.005'); // 'Scheduled Task'
 */
export function loadAttack(opts: { dir?: string } = {}): AttackCatalog {
  const dir = opts.dir ?? DEFAULT_ATTACK_DIR;
  let cat = cache.get(dir);
  if (cat === undefined) {
    cat = createAttackCatalog(readCatalogFile(join(dir, 'techniques.json')));
    cache.set(dir, cat);
  }
  return cat;
}

function readCatalogFile(path: string): CatalogFile {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CatalogFile;
  } catch (cause) {
    throw new PillboxError('E_KB_MISSING', `ATT&CK catalogue unreadable: ${path} (run npm run build:knowledge)`, { cause });
  }
}

/**
 * Wraps parsed catalogue data (exposed for tests and for callers that load the file themselves).
 * @example
 * createAttackCatalog({ attack_version: '18.1', tactics: [], techniques: [] }).get('T1000'); // undefined
 */
export function createAttackCatalog(file: CatalogFile): AttackCatalog {
  const byId = new Map(file.techniques.map((t) => [t.id, t]));
  const get = (id: string): AttackTechnique | undefined => byId.get(id.toUpperCase());
  return {
    version: file.attack_version,
    get,
    name: (id) => get(id)?.name,
    tactics: (id) => get(id)?.tactics ?? [],
    resolve(id) {
      const t = get(id);
      if (t === undefined) return undefined;
      if (t.revoked === true) return t.revoked_by !== undefined && byId.has(t.revoked_by) ? t.revoked_by : undefined;
      return t.id;
    },
    listTactics: () => file.tactics,
    list: () => file.techniques,
  };
}

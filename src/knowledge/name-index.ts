/**
 * The name index: every actor alias, software alias, place name or adjective, sector phrase and
 * organisation name of the knowledge base, folded into one automaton so recognition is one pass.
 * Each folded key lists the entries (entity + written alias + matching policy) it stands for.
 */
import { foldName } from './fold.js';
import { readNameAutomaton } from './name-automaton-file.js';
import { compileNames, type NameAutomaton } from './name-matcher.js';
import type { KnowledgeData } from './types.js';

export type IndexedKind = 'threat-actor' | 'malware' | 'tool' | 'location' | 'sector' | 'identity';

/** How an alias must look in the text to count. */
export interface NamePolicy {
  /** Short all-caps names ("UPX", "US", "LEAD") must be written exactly so. */
  exactCase: boolean;
  /** Capitalised names ("Italy", "Lazarus") must start with a capital in the text. */
  capitalised: boolean;
  /** A plain English word ("Equation"): needs a nearby cue or another alias of the same entity. */
  common: boolean;
}

export interface NameEntry {
  kind: IndexedKind;
  /** Index into the record array of that kind (actors, software, places, sectors, identities); -1 for a blocking phrase. */
  ref: number;
  /** The alias as written in the knowledge data. */
  alias: string;
  /** True when the alias is the canonical name of its record. */
  canonical: boolean;
  /** Place adjectives ("Italian") rather than names ("Italy"). */
  adjective: boolean;
  policy: NamePolicy;
}

export interface NameIndex {
  automaton: NameAutomaton;
  /** Entries per automaton key. */
  entries: NameEntry[][];
  /** Folded name → automaton key, to ask whether a name is known. */
  lookup: ReadonlyMap<string, number>;
}

function policyOf(alias: string, common: boolean, caseless: boolean): NamePolicy {
  const f = foldName(alias);
  // Code-like names (capitals and digits: "APT41", "TA505", "DEV-0569") match in any case: "apt41" is
  // still APT41. "Group 24" and "Group5" are not: written "group 5" they are just groups of things.
  const codeLike = /\d/.test(alias) && !/[a-z]/.test(alias);
  const exactCase = !caseless && !codeLike && f.length <= 4 && /[A-Z]/.test(alias) && !/[a-z]/.test(alias);
  const capitalised = !caseless && !codeLike && /^[A-Z]/.test(alias) && !exactCase;
  return { exactCase, capitalised, common };
}

/**
 * Builds the index from knowledge data (done once per knowledge base, lazily). `prebuilt`: a file
 * written by writeNameAutomaton, used when it holds exactly these keys (see name-automaton-file.ts).
 * @example const idx = buildNameIndex(data); scanNames(idx.automaton, text)
 */
export function buildNameIndex(data: KnowledgeData, prebuilt?: string): NameIndex {
  const keyOf = new Map<string, number>();
  const keys: string[] = [];
  const entries: NameEntry[][] = [];
  const add = (e: NameEntry): void => {
    const f = foldName(e.alias);
    if (f.length < 2 || f.includes('#')) return;
    let k = keyOf.get(f);
    if (k === undefined) {
      k = keys.push(f) - 1;
      keyOf.set(f, k);
      entries.push([]);
    }
    const list = entries[k]!;
    const same = list.find((x) => x.kind === e.kind && x.ref === e.ref);
    if (same === undefined) list.push(e);
    else {
      // Two spellings of one name ("Rclone", "rclone"): the text may use either.
      same.policy = { exactCase: same.policy.exactCase && e.policy.exactCase, capitalised: same.policy.capitalised && e.policy.capitalised, common: same.policy.common && e.policy.common };
    }
  };
  data.actors.forEach((r, ref) => {
    const common = new Set(r.common ?? []);
    for (const a of r.aliases) add({ kind: 'threat-actor', ref, alias: a, canonical: a === r.name, adjective: false, policy: policyOf(a, common.has(a), false) });
  });
  data.software.forEach((r, ref) => {
    const common = new Set(r.common ?? []);
    for (const a of r.aliases) add({ kind: r.kind, ref, alias: a, canonical: a === r.name, adjective: false, policy: policyOf(a, common.has(a), false) });
  });
  data.places.forEach((r, ref) => {
    for (const a of r.names) add({ kind: 'location', ref, alias: a, canonical: a === r.name, adjective: false, policy: policyOf(a, false, false) });
    for (const a of r.adjectives) add({ kind: 'location', ref, alias: a, canonical: false, adjective: true, policy: policyOf(a, false, false) });
  });
  data.sectors.forEach((r, ref) => {
    for (const a of r.phrases) add({ kind: 'sector', ref, alias: a, canonical: a === r.name, adjective: false, policy: policyOf(a, false, !ACRONYM.test(a)) });
  });
  // Blocking phrases win as longer matches and are then dropped ("social media" is not the media sector).
  for (const a of data.sectorIgnore ?? []) add({ kind: 'sector', ref: -1, alias: a, canonical: false, adjective: false, policy: policyOf(a, false, true) });
  data.identities.forEach((r, ref) => {
    for (const a of r.names) add({ kind: 'identity', ref, alias: a, canonical: a === r.name, adjective: false, policy: policyOf(a, false, false) });
  });
  return { automaton: (prebuilt === undefined ? null : readNameAutomaton(prebuilt, keys)) ?? compileNames(keys), entries, lookup: keyOf };
}

/** Sector acronyms ("ISPs", "MSPs", "NGOs") must start with a capital; other phrases match in any case. */
const ACRONYM = /^[A-Z]{2,}s?$/;

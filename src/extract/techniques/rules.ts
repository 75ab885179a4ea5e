/**
 * Phrase rules compiled into one phrase index, and firing them on a sentence. Reading the YAML sources
 * is rules-source.ts (YAML and schema libraries stay out of the recognition path); the shipped rules
 * come precompiled from rules-index.ts.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PhraseIndex } from './matcher.js';
import { growInt32 } from './matcher-helpers.js';
import { compilePattern, type CompiledPattern } from './pattern.js';
import { buildPhraseTables, type PhraseOptions, type PhraseTables } from './phrase-tables.js';
import type { TechniqueRule } from './rules-source.js';
import type { TokenBuffer, TokenWords, Tokens } from './tokenize.js';

export type { TechniqueRule } from './rules-source.js';

const ROLE_MAIN = 0;
const ROLE_REQUIRE = 1;
const ROLE_EXCLUDE = 2;

/** Rules compiled into one phrase index. */
export interface CompiledRules {
  rules: readonly TechniqueRule[];
  index: PhraseIndex;
  /** Per pattern: owning rule index and role (main / requires / excludes). */
  owner: Int32Array;
  role: Uint8Array;
  /** Per rule: pattern ids of its requires and excludes lists. */
  requires: readonly number[][];
  excludes: readonly number[][];
}

/** rules/techniques relative to this module (src/extract/techniques or dist/extract/techniques). */
export const DEFAULT_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'rules', 'techniques');

/** What compileRules builds, before the index object: the shape precompiled into data/ (rules-index.ts). */
export interface RuleTables {
  tables: PhraseTables;
  owner: Int32Array;
  role: Uint8Array;
  requires: number[][];
  excludes: number[][];
}

/**
 * Compiles rules into one index. Requires and excludes patterns share the index, so a sentence is
 * scanned once whatever the number of rules. `compile` may supply precompiled patterns (rules.json).
 * @example compileRules(readTechniqueRules()).index
 */
export function compileRules(rules: readonly TechniqueRule[], compile: (pattern: string) => CompiledPattern[] = compilePattern): CompiledRules {
  return rulesFromTables(rules, compileRuleTables(rules, compile));
}

/** CompiledRules from rule tables (built by compileRuleTables or read from the shipped index). */
export function rulesFromTables(rules: readonly TechniqueRule[], t: RuleTables): CompiledRules {
  return { rules, index: new PhraseIndex(t.tables), owner: t.owner, role: t.role, requires: t.requires, excludes: t.excludes };
}

/** The tables of compileRules (see it). */
export function compileRuleTables(rules: readonly TechniqueRule[], compile: (pattern: string) => CompiledPattern[] = compilePattern): RuleTables {
  const patterns: CompiledPattern[] = [];
  const owner: number[] = [];
  const role: number[] = [];
  const requires: number[][] = [];
  const excludes: number[][] = [];
  const add = (src: readonly string[] | undefined, ruleIdx: number, r: number): number[] =>
    (src ?? []).flatMap((p) =>
      compile(p).map((cp) => {
        patterns.push(cp);
        owner.push(ruleIdx);
        role.push(r);
        return patterns.length - 1;
      }),
    );
  rules.forEach((rule, i) => {
    add(rule.patterns, i, ROLE_MAIN);
    requires.push(add(rule.requires, i, ROLE_REQUIRE));
    excludes.push(add(rule.excludes, i, ROLE_EXCLUDE));
  });
  const tables = buildPhraseTables(patterns, phraseOptions(rules.length, owner, role));
  return { tables, owner: Int32Array.from(owner), role: Uint8Array.from(role), requires, excludes };
}

/**
 * A rule's main patterns form one group (once the rule fired in a sentence its other patterns add
 * nothing); each requires/excludes pattern is its own group; only main patterns are negatable.
 */
function phraseOptions(nRules: number, owner: readonly number[], role: readonly number[]): PhraseOptions {
  const group = Int32Array.from(role, (r, p) => (r === ROLE_MAIN ? owner[p]! : nRules + p));
  const negatable = Uint8Array.from(role, (r) => (r === ROLE_MAIN ? 1 : 0));
  return { group, negatable, negation: NEGATORS, window: NEGATION_WINDOW };
}

const NEGATORS = new Set(['not', 'never', 'no', 'neither', 'nor', 'without']);
const NEGATION_WINDOW = 3;

/** Match scratch shared by fireRules calls (grown on demand; one sentence at a time). */
let matchBuf = new Int32Array(3 * 256);
let firedBuf: Int32Array<ArrayBuffer> = new Int32Array(64);

/**
 * Rules firing on one sentence: a main pattern matched, not right after a negation ("did not use
 * scheduled tasks"), at least one `requires` pattern matched (if any) and no `excludes` pattern.
 * `toks` is tokenize's output or a TokenBuffer filled by scanTokens. `stamp` is a caller-owned scratch
 * array (one slot per pattern) reused across sentences with distinct `sentenceNo` values.
 */
export function fireRules(c: CompiledRules, toks: Tokens | TokenBuffer, stamp: Int32Array, sentenceNo: number): number[] {
  if ('words' in toks) c.index.loadWords(toks.words);
  else c.index.loadBuffer(toks);
  const n = fireLoaded(c, stamp, sentenceNo);
  return Array.from(firedBuf.subarray(0, n));
}

/**
 * fireRules for the sentence made of tokens [from, to) of `buf` (the hot path: nothing allocated);
 * the rule indexes are `firedRules()[0, returned count)`, valid until the next call.
 */
export function fireRulesRange(c: CompiledRules, buf: TokenWords, from: number, to: number, stamp: Int32Array, sentenceNo: number): number {
  c.index.loadRange(buf, from, to);
  return fireLoaded(c, stamp, sentenceNo);
}

/** The scratch array fireRulesRange writes rule indexes into. */
export function firedRules(): Int32Array {
  return firedBuf;
}

/** Fires the rules on the sentence loaded into `c.index`; writes rule indexes into firedBuf. */
function fireLoaded(c: CompiledRules, stamp: Int32Array, sentenceNo: number): number {
  const room = c.index.maxMatches() * 3;
  if (room === 0) return 0;
  if (matchBuf.length < room) matchBuf = new Int32Array(room);
  const n = c.index.matchLoaded(matchBuf);
  // Matches come first-per-group (one per rule, not negated), in the order the rules first matched.
  let nFired = 0;
  for (let k = 0; k < n; k++) {
    const p = matchBuf[k * 3]!;
    stamp[p] = sentenceNo;
    if (c.role[p] !== ROLE_MAIN) continue;
    if (nFired === firedBuf.length) firedBuf = growInt32(firedBuf);
    firedBuf[nFired++] = c.owner[p]!;
  }
  let out = 0;
  for (let k = 0; k < nFired; k++) {
    const r = firedBuf[k]!;
    if (!anyStamped(c.requires[r]!, stamp, sentenceNo, true) || anyStamped(c.excludes[r]!, stamp, sentenceNo, false)) continue;
    firedBuf[out++] = r;
  }
  return out;
}

/** Whether a pattern of `ps` matched the sentence; `empty`: the answer for an empty list. */
function anyStamped(ps: readonly number[], stamp: Int32Array, sentenceNo: number, empty: boolean): boolean {
  if (ps.length === 0) return empty;
  for (const p of ps) if (stamp[p] === sentenceNo) return true;
  return false;
}

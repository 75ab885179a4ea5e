import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { RuleError } from '../../errors.js';
import { PhraseIndex } from './matcher.js';
import { growInt32 } from './matcher-helpers.js';
import { compilePattern, PatternSyntaxError, type CompiledPattern } from './pattern.js';
import type { TokenBuffer, Tokens } from './tokenize.js';

/** One phrase rule of rules/techniques/*.yaml. */
export const TechniqueRuleSchema = z.strictObject({
  /** ATT&CK technique id the rule reports. */
  id: z.string().regex(/^T\d{4}(\.\d{3})?$/),
  /** Short kebab-case rule name; evidence says `phrase:<id>/<name>`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** Phrase patterns (see compilePattern); any one matching a sentence fires the rule. */
  patterns: z.array(z.string().min(1)).min(1),
  /** Context patterns: at least one must match the same sentence. */
  requires: z.array(z.string().min(1)).optional(),
  /** Context patterns: none may match the same sentence. */
  excludes: z.array(z.string().min(1)).optional(),
  confidence: z.number().min(0).max(1),
  /** Techniques the matched behaviour implies (e.g. a phishing attachment implies user execution), reported with 0.8 × confidence. */
  implies: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/)).optional(),
  /** Sentences (written by the team) the rule must match. */
  examples: z.array(z.string()).min(1),
  /** Sentences the rule must not match. */
  counter_examples: z.array(z.string()).optional(),
});
export type TechniqueRule = z.infer<typeof TechniqueRuleSchema>;

const RuleFileSchema = z.array(TechniqueRuleSchema);

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

/** Reads and validates every `*.yaml` file of a rules folder (sorted by name). */
export function readTechniqueRules(dir: string = DEFAULT_RULES_DIR): TechniqueRule[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  return files.flatMap((f) => {
    const path = join(dir, f);
    let data: unknown;
    try {
      data = parseYaml(readFileSync(path, 'utf8'));
    } catch (cause) {
      throw new RuleError(`cannot parse ${f}`, { file: path }, cause);
    }
    const parsed = RuleFileSchema.safeParse(data ?? []);
    if (!parsed.success) throw new RuleError(`invalid technique rules in ${f}: ${parsed.error.message}`, { file: path });
    for (const r of parsed.data) compileRulePatterns(r, path);
    return parsed.data;
  });
}

function compileRulePatterns(r: TechniqueRule, file: string): CompiledPattern[] {
  try {
    return [...r.patterns, ...(r.requires ?? []), ...(r.excludes ?? [])].flatMap(compilePattern);
  } catch (e) {
    if (e instanceof PatternSyntaxError) throw new RuleError(`rule ${r.id}/${r.name}: ${e.message}`, { file });
    throw e;
  }
}

/**
 * Compiles rules into one index. Requires and excludes patterns share the index, so a sentence is
 * scanned once whatever the number of rules. `compile` may supply precompiled patterns (rules.json).
 */
export function compileRules(rules: readonly TechniqueRule[], compile: (pattern: string) => CompiledPattern[] = compilePattern): CompiledRules {
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
  return { rules, index: new PhraseIndex(patterns, phraseOptions(rules.length, owner, role)), owner: Int32Array.from(owner), role: Uint8Array.from(role), requires, excludes };
}

/**
 * A rule's main patterns form one group (once the rule fired in a sentence its other patterns add
 * nothing); each requires/excludes pattern is its own group; only main patterns are negatable.
 */
function phraseOptions(nRules: number, owner: readonly number[], role: readonly number[]): ConstructorParameters<typeof PhraseIndex>[1] {
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
export function fireRulesRange(c: CompiledRules, buf: TokenBuffer, from: number, to: number, stamp: Int32Array, sentenceNo: number): number {
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

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { RuleError } from '../../errors.js';
import { PhraseIndex } from './matcher.js';
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
const NOTHING: number[] = [];

/**
 * Rules firing on one sentence: a main pattern matched, not right after a negation ("did not use
 * scheduled tasks"), at least one `requires` pattern matched (if any) and no `excludes` pattern.
 * `toks` is tokenize's output or (hot path) a TokenBuffer filled by scanTokens. `stamp` is a
 * caller-owned scratch array (one slot per pattern) reused across sentences. The result may be a
 * shared empty array: do not modify it.
 */
export function fireRules(c: CompiledRules, toks: Tokens | TokenBuffer, stamp: Int32Array, sentenceNo: number): number[] {
  if ('words' in toks) c.index.loadWords(toks.words);
  else c.index.loadBuffer(toks);
  const room = c.index.maxMatches() * 3;
  if (room === 0) return NOTHING;
  if (matchBuf.length < room) matchBuf = new Int32Array(room);
  const n = c.index.matchLoaded(matchBuf);
  // Matches come first-per-group (one per rule, not negated), in the order the rules first matched.
  let fired: number[] | undefined;
  for (let k = 0; k < n; k++) {
    const p = matchBuf[k * 3]!;
    stamp[p] = sentenceNo;
    if (c.role[p] === ROLE_MAIN) (fired ??= []).push(c.owner[p]!);
  }
  if (fired === undefined) return NOTHING;
  const out: number[] = [];
  for (const r of fired) {
    const req = c.requires[r]!;
    if (req.length > 0 && !req.some((p) => stamp[p] === sentenceNo)) continue;
    if (c.excludes[r]!.some((p) => stamp[p] === sentenceNo)) continue;
    out.push(r);
  }
  return out;
}

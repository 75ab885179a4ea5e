/**
 * Format-agnostic rule engine (the capa split): feature set in, matches with evidence out. Knows
 * nothing of PE, ELF or strings beyond feature kinds and values.
 */
import type { CapabilityHit } from '../model/triage-result.js';
import { toFeatureSet, type Feature, type FeatureKind, type FeatureSet } from './features.js';
import { INDEX_MIN, indexedMatches, prepareSubstrings, type FeatureList } from './list-index.js';
import type { CapabilityRuleSet, LeafNode, RuleNode } from './types.js';

/** Most evidence lines kept per leaf and per rule. */
const MAX_EVIDENCE = 8;

/** Evidence of a match: feature descriptions such as `import kernel32.dll!VirtualAllocEx`. */
type Match = string[] | null;

/**
 * Every rule of `set` that matches `features`, with the features that made it match.
 * @example
 * matchCapabilities(set, [{ kind: 'import', value: 'kernel32.dll!IsDebuggerPresent' }]);
 * // [{ name: 'check for debugger via API', namespace: 'anti-analysis/anti-debugging', attack: ['T1622'], evidence: [...] }]
 */
export function matchCapabilities(set: CapabilityRuleSet, features: Iterable<Feature> | FeatureSet): CapabilityHit[] {
  const fs = 'byKind' in features ? features : toFeatureSet(features);
  for (const [kind, wants] of substringWants(set)) {
    const list = fs.byKind.get(kind);
    if (list) prepareSubstrings(list, wants);
  }
  const hits: CapabilityHit[] = [];
  for (const rule of set.rules) {
    const m = evaluate(rule.condition, fs);
    if (m) hits.push({ name: rule.name, namespace: rule.namespace, attack: rule.attack, evidence: [...new Set(m)].slice(0, MAX_EVIDENCE) });
  }
  return hits;
}

const wantsCache = new WeakMap<CapabilityRuleSet, Map<FeatureKind, string[]>>();

/** The distinct lower-case values of a rule set's `substring` leaves, by feature kind. */
function substringWants(set: CapabilityRuleSet): Map<FeatureKind, string[]> {
  let m = wantsCache.get(set);
  if (m === undefined) {
    const sets = new Map<FeatureKind, Set<string>>();
    const walk = (n: RuleNode): void => {
      if (n.op === 'feature') {
        if (n.match === 'substring') (sets.get(n.kind) ?? sets.set(n.kind, new Set()).get(n.kind)!).add(n.value.toLowerCase());
      } else if (n.op === 'not') walk(n.child);
      else if (n.op === 'count') walk(n.leaf);
      else n.children.forEach(walk);
    };
    for (const r of set.rules) walk(r.condition);
    m = new Map([...sets].map(([k, v]) => [k, [...v]]));
    wantsCache.set(set, m);
  }
  return m;
}

/** Evaluates one node: the evidence of a match, or null. `not` matches with empty evidence. */
export function evaluate(node: RuleNode, fs: FeatureSet): Match {
  switch (node.op) {
    case 'feature':
      return leaf(node, fs, 1);
    case 'count':
      return leaf(node.leaf, fs, node.min);
    case 'not':
      return evaluate(node.child, fs) ? null : [];
    case 'and': {
      const ev: string[] = [];
      for (const c of node.children) {
        const m = evaluate(c, fs);
        if (!m) return null;
        for (const e of m) ev.push(e);
      }
      return ev;
    }
    case 'or':
    case 'n_of': {
      const need = node.op === 'n_of' ? node.n : 1;
      const ev: string[] = [];
      let got = 0;
      for (const c of node.children) {
        const m = evaluate(c, fs);
        if (m) {
          got++;
          for (const e of m) ev.push(e);
        }
      }
      return got >= need ? ev : null;
    }
  }
}

function leaf(node: LeafNode, fs: FeatureSet, min: number): Match {
  const list = fs.byKind.get(node.kind);
  if (!list) return null;
  const want = node.value.toLowerCase();
  const ev: string[] = [];
  let n = 0;
  const hit = (f: FeatureList[number]): void => {
    n++;
    if (ev.length < MAX_EVIDENCE) ev.push(`${node.kind} ${quote(f.value)}${f.offset === undefined ? '' : ` @0x${f.offset.toString(16)}`}`);
  };
  const indexed = list.length >= INDEX_MIN ? indexedMatches(list, node, want) : null;
  if (indexed !== null) for (const i of indexed) hit(list[i]!);
  else {
    const test = predicate(node, want);
    for (const f of list) if (test(f.lower)) hit(f);
  }
  return n >= min ? ev : null;
}

/** The plain test of one value against a leaf (the reference that list-index.ts must agree with). */
function predicate(node: LeafNode, want: string): (v: string) => boolean {
  if (node.match === 'substring') return (v) => v.includes(want);
  if (node.kind === 'import') {
    // `dll!` names any function of a library; a bare name matches it imported from any library.
    if (want.endsWith('!')) return (v) => v.startsWith(want);
    if (!want.includes('!')) {
      const suffix = `!${want}`; // built once per leaf, not once per feature tested
      return (v) => v === want || v.endsWith(suffix);
    }
  }
  return (v) => v === want;
}

const quote = (s: string): string => (s.length > 80 ? JSON.stringify(`${s.slice(0, 77)}...`) : /[\s"']/.test(s) ? JSON.stringify(s) : s);

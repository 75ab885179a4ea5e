/**
 * Format-agnostic rule engine (the capa split): feature set in, matches with evidence out. Knows
 * nothing of PE, ELF or strings beyond feature kinds and values.
 */
import type { CapabilityHit } from '../model/triage-result.js';
import { toFeatureSet, type Feature, type FeatureSet } from './features.js';
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
  const hits: CapabilityHit[] = [];
  for (const rule of set.rules) {
    const m = evaluate(rule.condition, fs);
    if (m) hits.push({ name: rule.name, namespace: rule.namespace, attack: rule.attack, evidence: [...new Set(m)].slice(0, MAX_EVIDENCE) });
  }
  return hits;
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
        ev.push(...m);
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
          ev.push(...m);
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
  const test = predicate(node, want);
  const ev: string[] = [];
  let n = 0;
  for (const f of list) {
    if (!test(f.lower)) continue;
    n++;
    if (ev.length < MAX_EVIDENCE) ev.push(`${node.kind} ${quote(f.value)}${f.offset === undefined ? '' : ` @0x${f.offset.toString(16)}`}`);
  }
  return n >= min ? ev : null;
}

function predicate(node: LeafNode, want: string): (v: string) => boolean {
  if (node.match === 'substring') return (v) => v.includes(want);
  if (node.kind === 'import') {
    // `dll!` names any function of a library; a bare name matches it imported from any library.
    if (want.endsWith('!')) return (v) => v.startsWith(want);
    if (!want.includes('!')) return (v) => v === want || v.endsWith(`!${want}`);
  }
  return (v) => v === want;
}

const quote = (s: string): string => (s.length > 80 ? JSON.stringify(`${s.slice(0, 77)}...`) : /[\s"']/.test(s) ? JSON.stringify(s) : s);

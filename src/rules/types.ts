/** Capability rules as data: a boolean tree over features, plus metadata with ATT&CK ids and examples. */
import type { FeatureKind } from './features.js';

/** A node of a rule's condition tree. `line` is the 1-based line in the rule file (for errors). */
export type RuleNode =
  | { op: 'and' | 'or'; children: RuleNode[]; line: number }
  | { op: 'not'; child: RuleNode; line: number }
  | { op: 'n_of'; n: number; children: RuleNode[]; line: number }
  | { op: 'count'; leaf: LeafNode; min: number; line: number }
  | LeafNode;

/** Tests one feature kind: `exact` (case-insensitive equality, `dll!fn` import forms) or `substring`. */
export interface LeafNode {
  op: 'feature';
  kind: FeatureKind;
  match: 'exact' | 'substring';
  value: string;
  line: number;
}

/** An example of the rule: feature lines (`import: kernel32.dll!VirtualAllocEx`) and whether it must match. */
export interface RuleExample {
  features: string[];
  match: boolean;
}

export interface CapabilityRule {
  name: string;
  namespace: string;
  attack: string[];
  description: string;
  examples: RuleExample[];
  condition: RuleNode;
  file: string;
}

/** Rules ready to match (load once, reuse for every file). */
export interface CapabilityRuleSet {
  rules: CapabilityRule[];
}

/**
 * Rule file (YAML) → CapabilityRule, validated node by node over the YAML syntax tree so every
 * error carries its file and line (RuleError).
 */
import { createRequire } from 'node:module';
import type { Node, Pair } from 'yaml';
import { RuleError } from '../errors.js';
import { FEATURE_KINDS, type FeatureKind } from './features.js';
import type { CapabilityRule, LeafNode, RuleExample, RuleNode } from './types.js';

/** Leaf keys of the rule language; `substring` tests strings, `constant` is an alias of `crypto`. */
const LEAF_KEYS: Record<string, { kind: FeatureKind; match: LeafNode['match'] }> = {
  ...Object.fromEntries(FEATURE_KINDS.map((k) => [k, { kind: k, match: k === 'dotnet-member' ? 'substring' : 'exact' }])),
  substring: { kind: 'string', match: 'substring' },
  constant: { kind: 'crypto', match: 'exact' },
};

type Yaml = typeof import('yaml');
let yamlLib: Yaml | undefined;
/**
 * The YAML library, loaded with the first rule file parsed: the bundled rules are read prebuilt
 * (load.ts), so a triage never pays for loading it (~50 ms) unless it is given rule files.
 */
const yaml = (): Yaml => (yamlLib ??= createRequire(import.meta.url)('yaml') as Yaml);

class Ctx {
  readonly lines = new (yaml().LineCounter)();
  constructor(readonly file: string) {}
  line(n: Node | null | undefined): number {
    return n?.range ? this.lines.linePos(n.range[0]).line : 1;
  }
  fail(msg: string, n: Node | null | undefined): never {
    throw new RuleError(`${this.file}:${this.line(n)}: ${msg}`, { file: this.file, line: this.line(n) });
  }
}

/**
 * Parses one rule file's text.
 * @example parseRule('rule:\n  meta: {name: x, namespace: y}\n  features: {import: IsDebuggerPresent}\n', 'x.yaml')
 */
export function parseRule(text: string, file: string): CapabilityRule {
  const ctx = new Ctx(file);
  const doc = yaml().parseDocument(text, { lineCounter: ctx.lines, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? 1;
    throw new RuleError(`${file}:${line}: YAML: ${first.message.split('\n')[0]}`, { file, line });
  }
  const root = doc.contents as Node | null;
  const rule = field(ctx, root, 'rule', true)!;
  const meta = field(ctx, rule, 'meta', true)!;
  const features = field(ctx, rule, 'features', true)!;
  return {
    name: str(ctx, field(ctx, meta, 'name', true)),
    namespace: str(ctx, field(ctx, meta, 'namespace', true)),
    description: field(ctx, meta, 'description', false) ? str(ctx, field(ctx, meta, 'description', false)) : '',
    attack: strList(ctx, field(ctx, meta, 'attack', true)!),
    examples: examples(ctx, field(ctx, meta, 'examples', true)!),
    condition: node(ctx, features),
    file,
  };
}

function field(ctx: Ctx, n: Node | null | undefined, key: string, required: boolean): Node | null {
  if (!yaml().isMap(n)) ctx.fail(`expected a mapping${key ? ` with '${key}'` : ''}`, n);
  const pair = (n.items as Pair<Node, Node>[]).find((p) => yaml().isScalar(p.key) && p.key.value === key);
  if (!pair && required) ctx.fail(`missing '${key}'`, n);
  return pair?.value ?? null;
}

function str(ctx: Ctx, n: Node | null): string {
  if (!yaml().isScalar(n) || (typeof n.value !== 'string' && typeof n.value !== 'number')) ctx.fail('expected a string', n);
  return String(n.value);
}

function strList(ctx: Ctx, n: Node): string[] {
  if (!yaml().isSeq(n)) ctx.fail('expected a list of strings', n);
  return (n.items as Node[]).map((i) => str(ctx, i));
}

function examples(ctx: Ctx, n: Node): RuleExample[] {
  if (!yaml().isSeq(n) || n.items.length === 0) ctx.fail('meta.examples: expected a non-empty list', n);
  return (n.items as Node[]).map((item) => {
    const m = field(ctx, item, 'match', false);
    const nm = field(ctx, item, 'no-match', false);
    if (!m === !nm) ctx.fail("an example has exactly one of 'match' or 'no-match'", item);
    const features = strList(ctx, (m ?? nm)!);
    for (const f of features) if (!/^[a-z-]+: /.test(f)) ctx.fail(`example feature '${f}' is not 'kind: value'`, item);
    return { features, match: m !== null };
  });
}

function node(ctx: Ctx, n: Node): RuleNode {
  if (!yaml().isMap(n) || n.items.length !== 1) ctx.fail('expected a mapping with exactly one key (and, or, not, n_of, count or a feature)', n);
  const pair = n.items[0] as Pair<Node, Node>;
  const key = yaml().isScalar(pair.key) ? String(pair.key.value) : '';
  const v = pair.value;
  const line = ctx.line(pair.key);
  if (key === 'and' || key === 'or') return { op: key, children: children(ctx, v), line };
  if (key === 'not') return { op: 'not', child: node(ctx, v!), line };
  if (key === 'n_of') {
    const n2 = Number(str(ctx, field(ctx, v, 'n', true)));
    const of = children(ctx, field(ctx, v, 'of', true));
    if (!Number.isInteger(n2) || n2 < 1 || n2 > of.length) ctx.fail(`n_of: n must be 1..${of.length}`, v);
    return { op: 'n_of', n: n2, children: of, line };
  }
  if (key === 'count') {
    const min = Number(str(ctx, field(ctx, v, 'min', true)));
    if (!Number.isInteger(min) || min < 1) ctx.fail('count: min must be a positive integer', v);
    const f = field(ctx, v, 'feature', true)!;
    const leaf = node(ctx, f);
    if (leaf.op !== 'feature') ctx.fail('count: feature must be a single feature', f);
    return { op: 'count', leaf, min, line };
  }
  const spec = LEAF_KEYS[key];
  if (!spec) ctx.fail(`unknown key '${key}'`, pair.key);
  const value = str(ctx, v);
  if (value === '') ctx.fail(`${key}: empty value`, v);
  return { op: 'feature', kind: spec.kind, match: spec.match, value, line };
}

function children(ctx: Ctx, n: Node | null): RuleNode[] {
  if (!yaml().isSeq(n) || n.items.length === 0) ctx.fail('expected a non-empty list', n);
  return (n.items as Node[]).map((c) => node(ctx, c));
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractStrings } from '../triage/strings/index.js';
import { INDEX_MIN } from './list-index.js';
import { loadCapabilityRules, matchCapabilities, parseRule, type Feature, type FeatureKind, type LeafNode, type RuleNode } from './index.js';

const RULE = (features: string): string => `rule:\n  meta:\n    name: t\n    namespace: test\n    attack: [T1055]\n    examples:\n      - match: ["import: a"]\n  features:\n${features}`;

/** Every leaf of the bundled rules. */
function leaves(n: RuleNode, out: LeafNode[] = []): LeafNode[] {
  if (n.op === 'feature') out.push(n);
  else if (n.op === 'not') leaves(n.child, out);
  else if (n.op === 'count') leaves(n.leaf, out);
  else for (const c of n.children) leaves(c, out);
  return out;
}

/** A rule holding one leaf that must match at least `min` features. */
function countRule(key: string, value: string, min: number): ReturnType<typeof parseRule> {
  return parseRule(RULE(`    count:\n      feature: {${key}: ${JSON.stringify(value)}}\n      min: ${min}\n`), 'x.yaml');
}

/**
 * Checks one leaf over a long list (indexed) against the engine's plain per-feature test, which a
 * one-feature list always takes: same count, same evidence in the same order.
 */
function agree(key: string, value: string, features: Feature[]): void {
  expect(features.length).toBeGreaterThanOrEqual(INDEX_MIN);
  const one = { rules: [countRule(key, value, 1)] };
  const single = features.map((f) => matchCapabilities(one, [f])[0]?.evidence[0]).filter((e) => e !== undefined);
  const hit = matchCapabilities({ rules: [countRule(key, value, Math.max(1, single.length))] }, features)[0];
  if (single.length === 0) return expect(hit, `${key}: ${value}`).toBeUndefined();
  expect(hit?.evidence, `${key}: ${value}`).toEqual(single.slice(0, 8));
  expect(matchCapabilities({ rules: [countRule(key, value, single.length + 1)] }, features), `${key}: ${value}`).toEqual([]);
}

// Real strings of a binary, plus values that stress the joined search: a newline inside a value,
// a value whose lower case is longer (İ), repeats within one value, a match at the very end.
const strings: Feature[] = [
  ...extractStrings(readFileSync(process.execPath).subarray(0, 2 << 20)).strings.slice(0, 2000).map((s): Feature => ({ kind: 'string', value: s.value, offset: s.offset })),
  { kind: 'string', value: 'İstanbul schtasks /create\nsc create svc' },
  { kind: 'string', value: 'del /f del /f del /f' },
  { kind: 'string', value: 'SC CREATE' },
];
const NAMES = ['VirtualAlloc', 'VirtualAllocEx', 'CreateRemoteThread', 'connect', 'socket', 'RegSetValueExW', 'IsDebuggerPresent', 'malloc', 'free', 'dlopen'];
const LIBS = ['kernel32.dll', 'KERNEL32.DLL', 'ws2_32.dll', 'advapi32.dll', 'libc.so.6', 'ntdll.dll'];
const imports: Feature[] = [
  ...LIBS.flatMap((l) => NAMES.map((n): Feature => ({ kind: 'import', value: `${l}!${n}` }))),
  ...NAMES.map((n): Feature => ({ kind: 'import', value: n })),
  { kind: 'import', value: 'a!b!connect' }, { kind: 'import', value: 'x.dll!' }, { kind: 'import', value: '!connect' }, { kind: 'import', value: 'connect!' },
];

describe('indexed leaves over long feature lists', () => {
  it('agree with the per-feature test for every leaf of the bundled rules', () => {
    const keyOf = (l: LeafNode): string => (l.match === 'substring' && l.kind === 'string' ? 'substring' : l.kind);
    const all: Record<FeatureKind, Feature[]> = { string: strings, import: imports } as Record<FeatureKind, Feature[]>;
    for (const l of loadCapabilityRules().rules.flatMap((r) => leaves(r.condition))) {
      const list = all[l.kind];
      if (list !== undefined) agree(keyOf(l), l.value, list);
    }
  });

  it('give a whole rule set the same answers as its rules one by one (one pass for many values)', () => {
    const set = loadCapabilityRules();
    const features = [...strings, ...imports, { kind: 'string' as const, value: 'sc create upd binPath= C:\\x.exe' }, { kind: 'string' as const, value: 'ping 127.0.0.1 -n 3 & del /f x' }];
    const together = matchCapabilities(set, features);
    expect(together.length).toBeGreaterThanOrEqual(2);
    expect(together).toEqual(set.rules.flatMap((r) => matchCapabilities({ rules: [r] }, features)));
  });

  it('agree on substrings: repeats in one value, case, newlines, no hits', () => {
    for (const v of ['lib', 'GLIBC', 'create', 'del /f', 'e', 'sc create svc', 'İstanbul', 'no such text here', '/create\nsc']) agree('substring', v, strings);
    // A newline in the value never matches across two strings.
    expect(matchCapabilities({ rules: [countRule('substring', 'del /f\nsc', 1)] }, strings)).toEqual([]);
  });

  it('agree on imports: bare names, dll!name, dll! prefixes, odd `!` placements', () => {
    for (const v of ['connect', 'CONNECT', 'ws2_32.dll!connect', 'ws2_32.dll!', 'KERNEL32.dll!', 'a!', 'a!b!', 'b!connect', '!', 'x.dll!', 'connect!', 'nothing']) agree('import', v, imports);
  });
});

import { describe, expect, it } from 'vitest';
import { RuleError } from '../errors.js';
import { FEATURE_KINDS, loadCapabilityRules, matchCapabilities, parseRule, type Feature, type FeatureKind } from './index.js';

/** `kind: value` example lines → features. */
function exampleFeatures(lines: string[]): Feature[] {
  return lines.map((l) => {
    const at = l.indexOf(': ');
    const kind = l.slice(0, at) as FeatureKind;
    expect(FEATURE_KINDS, `unknown feature kind in example '${l}'`).toContain(kind);
    return { kind, value: l.slice(at + 2) };
  });
}

describe('bundled capability rules', () => {
  const set = loadCapabilityRules();

  it('load, with ATT&CK ids and examples on every rule', () => {
    expect(set.rules.length).toBeGreaterThanOrEqual(12);
    for (const r of set.rules) {
      expect(r.attack.length, r.name).toBeGreaterThan(0);
      for (const t of r.attack) expect(t, r.name).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(r.examples.some((e) => e.match), `${r.name} has a matching example`).toBe(true);
    }
  });

  it('match their examples and only those', () => {
    for (const r of set.rules) {
      for (const ex of r.examples) {
        const hits = matchCapabilities({ rules: [r] }, exampleFeatures(ex.features));
        expect(hits.length, `${r.file}: example ${JSON.stringify(ex.features)} should ${ex.match ? '' : 'not '}match`).toBe(ex.match ? 1 : 0);
        if (ex.match) expect(hits[0]!.evidence.length, r.name).toBeGreaterThan(0);
      }
    }
  });
});

const RULE = (features: string): string => `rule:\n  meta:\n    name: t\n    namespace: test\n    attack: [T1055]\n    examples:\n      - match: ["import: a"]\n  features:\n${features}`;

describe('rule engine', () => {
  it('evaluates and, or, not, n_of and count with evidence', () => {
    const r = parseRule(
      RULE(`    and:
      - or:
          - import: VirtualAllocEx
          - import: NtAllocateVirtualMemory
      - not:
          substring: benign
      - n_of:
          n: 2
          of:
            - substring: alpha
            - substring: beta
            - substring: gamma
      - count:
          feature: {section: .text}
          min: 2
`),
      'inline.yaml',
    );
    const base: Feature[] = [
      { kind: 'import', value: 'KERNEL32.dll!VirtualAllocEx' },
      { kind: 'string', value: 'the alpha test', offset: 16 },
      { kind: 'string', value: 'GAMMA ray', offset: 40 },
      { kind: 'section', value: '.text' },
      { kind: 'section', value: '.text' },
    ];
    const hit = matchCapabilities({ rules: [r] }, base);
    expect(hit).toHaveLength(1);
    expect(hit[0]!.evidence).toContain('import KERNEL32.dll!VirtualAllocEx');
    expect(hit[0]!.evidence).toContain('string "the alpha test" @0x10');
    expect(matchCapabilities({ rules: [r] }, [...base, { kind: 'string', value: 'a benign marker' }])).toHaveLength(0);
    expect(matchCapabilities({ rules: [r] }, base.filter((f) => f.value !== 'GAMMA ray'))).toHaveLength(0);
    expect(matchCapabilities({ rules: [r] }, base.slice(0, 4))).toHaveLength(0);
  });

  it('matches imports by bare name, by dll!name and by dll! prefix', () => {
    const mk = (v: string) => parseRule(RULE(`    import: "${v}"\n`), 'x.yaml');
    const f: Feature[] = [{ kind: 'import', value: 'ws2_32.dll!connect' }];
    expect(matchCapabilities({ rules: [mk('connect')] }, f)).toHaveLength(1);
    expect(matchCapabilities({ rules: [mk('WS2_32.DLL!connect')] }, f)).toHaveLength(1);
    expect(matchCapabilities({ rules: [mk('ws2_32.dll!')] }, f)).toHaveLength(1);
    expect(matchCapabilities({ rules: [mk('conn')] }, f)).toHaveLength(0);
  });
});

describe('rule errors', () => {
  const lineOf = (text: string): number | undefined => {
    try {
      parseRule(text, 'bad.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(RuleError);
      expect((e as RuleError).file).toBe('bad.yaml');
      return (e as RuleError).line;
    }
    throw new Error('expected a RuleError');
  };

  it('report the line of an unknown key', () => {
    expect(lineOf(RULE('    or:\n      - import: a\n      - imprt: b\n'))).toBe(11);
  });
  it('report YAML syntax errors with their line', () => {
    expect(lineOf('rule:\n  meta: [unclosed\n  features: {}\n')).toBeGreaterThanOrEqual(2);
  });
  it('reject a rule without examples or ATT&CK ids', () => {
    expect(lineOf('rule:\n  meta:\n    name: t\n    namespace: n\n    attack: [T1]\n  features:\n    import: a\n')).toBe(3);
    expect(lineOf(RULE('    n_of:\n      n: 3\n      of:\n        - import: a\n'))).toBe(10);
  });
});

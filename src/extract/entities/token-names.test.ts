// The token scan of names (token-names.ts over the shared tokens) against the character scan it replaced
// (scanNames): the same matches on every report of the repository and on texts built to stress word
// edges (quotes and symbols glued to names, underscores, joining marks, separators, non-ASCII letters).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../knowledge/load.js';
import { scanNames, type NameMatch } from '../../knowledge/name-matcher.js';
import { tokenizeText } from '../../text/tokens.js';
import { scanNameTokens } from './token-names.js';
import { unknownEntities } from './unknown.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const reports = [join(ROOT, 'test', 'fixtures', 'reports'), join(ROOT, 'examples')].flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(join(d, f), 'utf8')),
);

const EDGES = [
  'APT41 (a.k.a. Wicked Panda, Wicked-Panda, WickedPanda, apt 41, APT-41) used Cobalt Strike and Cobalt-Strike.',
  '‘Cobalt Strike’ and “Impacket” and ‘Remcos’ backdoor; Trend Micro™ Smart Protection; └──cmd.exe: C:\\x',
  'APT41_ _APT41 Cobalt_Strike JPCERT/CC JPCERT / CC Côte d’Ivoire, Cote d\'Ivoire, CÔTE D’IVOIRE.',
  'Lazarus-style tooling, Turla.exe, evil.Turla, Turlagrams, the US and the IT sector in Italy; São Paulo, Zürich.',
  'A\u00a0P\u00a0T\u00a041 and APT\u201141; Sandworm\u2010Team; Škoda × APT28 ÷ Fancy Bear — Kimsuky–Lazarus.',
  'µTorrent ²APT41 ªUPX ﬁnancial APT41² under_score_Lazarus Lazarus__Group Lazarus Group.',
];

const sorted = (ms: readonly NameMatch[]): NameMatch[] => [...ms].sort((a, b) => a.start - b.start || a.end - b.end || a.key - b.key);

describe('scanNameTokens', () => {
  const a = loadKnowledge().names.automaton;

  it('finds the names scanNames finds, on every report', () => {
    expect(reports.length).toBeGreaterThan(20);
    for (const text of reports) expect(sorted(scanNameTokens(a, tokenizeText(text)))).toEqual(sorted(scanNames(a, text)));
  });

  it('keeps the word edges of the character scan', () => {
    // The last text holds letters in U+0080–U+00BF next to names: the one place the scans may differ.
    for (const text of EDGES.slice(0, -1)) expect(sorted(scanNameTokens(a, tokenizeText(text))), text).toEqual(sorted(scanNames(a, text)));
    const last = EDGES[EDGES.length - 1]!;
    const keys = (ms: readonly NameMatch[]): string[] => ms.map((m) => last.slice(m.start, m.end));
    expect(keys(scanNameTokens(a, tokenizeText(last)))).toEqual(expect.arrayContaining(['Lazarus Group', 'Lazarus']));
  });

  it('reads a huge word only as far as a name could reach, with the character scan\'s answers', () => {
    const long = `APT41${'a'.repeat(300_000)}`;
    for (const text of [`${long} and KeyPlug`, `KeyPlug, ${long}.`, `APT41 ${'x'.repeat(300_000)} Winnti`]) {
      const got = sorted(scanNameTokens(a, tokenizeText(text)));
      expect(got).toEqual(sorted(scanNames(a, text)));
      expect(got.length).toBeGreaterThan(0);
    }
  });

  it('finds names again once its caches are warm (the same text twice)', () => {
    const text = EDGES.join('\n');
    const first = scanNameTokens(a, tokenizeText(text));
    expect(scanNameTokens(a, tokenizeText(text))).toEqual(first);
    expect(first.length).toBeGreaterThan(10);
  });
});

describe('scanNameTokens on hostile text', () => {
  it('stays linear with name letters between long separator runs and with huge words', () => {
    const a = loadKnowledge().names.automaton;
    const text = `${'a p t 4 1 '.repeat(2000)}${'A'.repeat(200_000)} ${'x'.repeat(30)}${' -'.repeat(50_000)}APT41 ${'t'.repeat(20)}`;
    const found = scanNameTokens(a, tokenizeText(text));
    expect(found.map((m) => text.slice(m.start, m.end))).toContain('APT41');
    // Spaced-out letters fold into names the written-form check then rejects; only short gaps are read.
    expect(found.every((m) => m.end - m.start < 400)).toBe(true);
  });
});

describe('unknownEntities over tokens', () => {
  it('finds the mentions of many discovered names as the character scan does', () => {
    const names = ['Hector', 'Kestrel Labs', 'FooLoader', 'Bar-Rat', 'QuxStealer', 'Zed.X', 'Alpha', 'Beta', 'Gamma', 'Delta9', 'Ωmega'];
    const text = names.map((n, i) => `${i}: a tool dubbed ${n} (also ${n.toLowerCase()}, ‘${n}’, ${n}_x, ${n}s) then ${n}.`).join('\n');
    const found = names.map((name) => ({ name, kind: 'tool' as const }));
    const byTokens = unknownEntities(found, text, tokenizeText(text));
    expect(byTokens).toEqual(unknownEntities(found, text));
    expect(byTokens.every((e) => e.mentions.length >= 3)).toBe(true);
  });
});

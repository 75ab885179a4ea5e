import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../knowledge/load.js';
import { splitSentences } from '../../text/sentences.js';
import { recognizeEntities } from './index.js';
import type { Entity } from '../../model/entity.js';

const kb = loadKnowledge();
const run = (text: string): Entity[] => recognizeEntities(text, kb, { sentences: splitSentences(text) });
const names = (text: string, kind: Entity['kind']): string[] => run(text).filter((e) => e.kind === kind).map((e) => e.name);

describe('recognizeEntities: actors', () => {
  it('resolves several aliases of one group to one entity with the aliases seen', () => {
    const t = 'APT41 (a.k.a. Wicked Panda, Brass Typhoon) used KEYPLUG. Later, apt-41 and APT 41 returned.';
    const actors = run(t).filter((e) => e.kind === 'threat-actor');
    expect(actors.map((a) => a.name)).toEqual(['APT41']);
    expect(actors[0]!.aliases_seen).toEqual(['APT41', 'Wicked Panda', 'Brass Typhoon', 'apt-41', 'APT 41']);
    expect(actors[0]!.aliases).toContain('BARIUM');
    expect(actors[0]!.attributes).toMatchObject({ country: 'CN', mitre_id: 'G0096' });
    expect(actors[0]!.mentions.map((m) => t.slice(m.offset, m.offset + m.text.length))).toEqual(actors[0]!.mentions.map((m) => m.text));
  });
  it('merges MISP and ATT&CK records of one group', () => {
    expect(names('Seashell Blizzard, also called Sandworm Team and APT44, hit the grid.', 'threat-actor')).toEqual(['Sandworm Team']);
  });
  it('needs context for plain-word aliases', () => {
    expect(names('We left no stone unturned; the equation is simple; lotus flowers; sandworm larvae.', 'threat-actor')).toEqual([]);
    expect(names('Equation. The Equation group built implants.', 'threat-actor')).toEqual(['Equation']);
    expect(names('Sandworm is back: the Sandworm Team hit Ukraine.', 'threat-actor')).toEqual(['Sandworm Team']);
  });
  it('reads a wrapped alias list as one group', () => {
    const t = 'KeyPlug is tied to APT41, the China-nexus\ngroup that vendors track as Wicked Panda, Barium, Winnti and Hoodoo.';
    const ents = run(t);
    expect(ents.filter((e) => e.kind === 'threat-actor').map((e) => [e.name, e.aliases_seen])).toEqual([['APT41', ['APT41', 'Barium', 'Winnti', 'Hoodoo', 'Wicked Panda'].sort((a, b) => t.indexOf(a) - t.indexOf(b))]]);
    expect(ents.find((e) => e.name === 'China')?.attributes?.['role']).toBe('origin');
    expect(ents.some((e) => e.kind === 'malware' && e.name === 'Winnti')).toBe(false);
  });
  it('tells the Winnti group from the Winnti malware by context', () => {
    const a = run('The Winnti group is active.');
    expect(a.map((e) => `${e.kind}:${e.name}`)).toContain('threat-actor:Winnti Group');
    const b = run('Responders found the Winnti backdoor on two servers.');
    expect(b.filter((e) => e.kind === 'malware').map((e) => e.name)).toEqual(['Winnti']);
    expect(b.some((e) => e.kind === 'threat-actor')).toBe(false);
  });
});

describe('recognizeEntities: software', () => {
  it('recognises packers, protectors and frameworks as tools', () => {
    const t = 'The Linux build is protected with VMProtect, the loader is packed with UPX, and Cobalt Strike follows.';
    expect(names(t, 'tool')).toEqual(['VMProtect', 'UPX', 'Cobalt Strike']);
  });
  it('does not match short all-caps names written in lower case', () => {
    expect(names('we saw upx, and the server was up.', 'tool')).toEqual([]);
  });
  it.each([
    ['a new backdoor called Foxglint was found', 'Foxglint', 'malware'],
    ['the operators used a companion tool dubbed Hector', 'Hector', 'tool'],
    ['It dropped a new loader, Quillstep, which decrypts the payload.', 'Quillstep', 'malware'],
    ['Brindlewort, a Remote Administration Tool, was installed.', 'Brindlewort', 'tool'],
    ['Logs show the MOSSGATE implant beaconing.', 'MOSSGATE', 'malware'],
    ['The payload is a binary that we call Tinkerbolt.', 'Tinkerbolt', 'malware'],
    ['Phones received PebbleRAT through fake apps.', 'PebbleRAT', 'malware'],
  ])('discovers unknown families from phrasing: %s', (text, name, kind) => {
    const e = run(text).find((x) => x.name === name);
    expect(e).toMatchObject({ kind, known: false });
    expect(e!.mentions[0]!.offset).toBe(text.indexOf(name));
  });
  it('does not invent families from platform words, file names or sentence words', () => {
    expect(run('The Windows backdoor and the Linux implant use a task named after a printer driver.').filter((e) => !e.known)).toEqual([]);
    expect(run('Besides the loader, `WinSvcHost.exe`, the archive held a PowerShell-based loader.').filter((e) => !e.known)).toEqual([]);
  });
  it('does not glue separate words into a one-word name', () => {
    expect(run('WinSvcHost.exe is a small .NET assembly.').filter((e) => e.kind === 'malware')).toEqual([]);
  });
});

describe('recognizeEntities: victims and sources', () => {
  it('reads countries and sectors from adjectives and nouns', () => {
    const ents = run('Italian industrial firms and German hospitals were hit by a China-based group.');
    expect(ents.filter((e) => e.kind === 'location').map((e) => [e.name, e.attributes?.['role']])).toEqual([
      ['Italy', 'victim'], ['Germany', 'victim'], ['China', 'origin'],
    ]);
    expect(names('Italian industrial firms and German hospitals were hit.', 'sector')).toEqual(['manufacturing', 'healthcare']);
  });
  it('ignores sector words that name no sector', () => {
    expect(names('The government-backed group posted on social media and dropped a banking trojan to evade defense evasion tools.', 'sector')).toEqual([]);
  });
  it('finds vendors and CERTs as sources, and unknown labs by name shape', () => {
    const ents = run('ESET and CERT-UA shared data; researchers at Kestrel Security confirmed it. The Ministry of State Security denies it.');
    expect(ents.filter((e) => e.kind === 'identity').map((e) => [e.name, e.known, e.attributes?.['role']])).toEqual([
      ['ESET', true, 'source'], ['CERT-UA', true, 'source'], ['Kestrel Security', false, 'source'],
    ]);
  });
  it('keeps exact-case short names exact', () => {
    expect(names('Targets in the US and UK; let us know.', 'location')).toEqual(['United States', 'United Kingdom']);
  });
});

describe('recognizeEntities: hostile input', () => {
  it('returns nothing for empty or symbol-only text', () => {
    expect(run('')).toEqual([]);
    expect(run('\u0000\uffff,,,;;;'.repeat(1000))).toEqual([]);
  });
  it('stays linear with thousands of distinct discovered names', () => {
    const t = Array.from({ length: 20_000 }, (_, i) => `a backdoor dubbed Zork${i}x was seen.`).join(' ');
    const unknown = run(t).filter((e) => !e.known);
    expect(unknown.length).toBe(1000);
    expect(unknown[0]).toMatchObject({ name: 'Zork0x', mentions: [{ text: 'Zork0x', offset: t.indexOf('Zork0x'), line: 1 }] });
  });
  it('handles a long run without spaces or sentences', () => {
    const t = 'APT41'.repeat(50_000);
    expect(run(t)).toEqual([]);
    const u = `${'x '.repeat(200_000)}APT41`;
    expect(names(u, 'threat-actor')).toEqual(['APT41']);
  });
});

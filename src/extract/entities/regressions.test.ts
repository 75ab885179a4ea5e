// Regressions seen on examples/keyplug-report.md and in its STIX output: file names taken for
// families, plain words glued into a catalogue name, and the group/malware name "Winnti".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../index.js';
import type { Entity } from '../../model/entity.js';

const software = (entities: readonly Entity[]): Entity[] => entities.filter((e) => e.kind === 'malware' || e.kind === 'tool');
const mentionTexts = (entities: readonly Entity[]): string[] => entities.flatMap((e) => e.mentions.map((m) => m.text));

describe('entities: file names are indicators, not families', () => {
  it('never makes WinSvcHost.exe a malware or tool, whatever the phrasing', () => {
    const texts = [
      'WinSvcHost.exe is a small .NET assembly compiled with an old toolchain.',
      'The dropper, WinSvcHost.exe, is a loader. It is a loader called WinSvcHost.exe.',
      'A new loader, WinSvcHost.exe, decrypts the payload. The backdoor WinSvcHost.exe beacons out.',
      'The actor deployed a backdoor called WinSvcHost.exe and a tool named svc.dll.',
    ];
    for (const t of texts) {
      const r = extractText(t);
      expect(r.indicators.some((i) => i.type === 'filename' && i.value === 'WinSvcHost.exe')).toBe(true);
      expect(mentionTexts(software(r.entities)).filter((m) => /winsvchost|svc\.dll/i.test(m))).toEqual([]);
    }
  });
});

describe('entities: words are not glued into catalogue names', () => {
  it('reads "small .NET" as two words, not the smallnet family', () => {
    for (const t of ['WinSvcHost.exe is a small .NET assembly.', 'Small .NET loaders are common.', 'a small.NET stub and a small-net tool']) {
      expect(software(extractText(t).entities).map((e) => e.name)).not.toContain('smallnet');
    }
  });
  it('still finds the family when written as its own word', () => {
    expect(software(extractText('The operators dropped the smallnet malware on the host.').entities).map((e) => e.name)).toContain('smallnet');
  });
});

describe('entities: Winnti, a group and a malware family', () => {
  it('is the group when it acts ("Winnti used …") and the family when it is one', () => {
    const acts = extractText('Winnti used the ShadowPad backdoor against gaming companies.').entities;
    expect(acts.find((e) => e.mentions.some((m) => m.text === 'Winnti'))?.kind).toBe('threat-actor');
    const family = extractText('Winnti is a backdoor shared by several Chinese groups.').entities;
    expect(family.find((e) => e.mentions.some((m) => m.text === 'Winnti'))?.kind).toBe('malware');
  });
  it('is an alias of APT41 in the example report, whose families and tools are all real names', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'keyplug-report.md'), 'utf8');
    const r = extractText(text);
    const apt41 = r.entities.find((e) => e.kind === 'threat-actor' && e.name === 'APT41');
    expect(apt41?.aliases_seen).toContain('Winnti');
    expect(r.entities.filter((e) => e.kind === 'malware' && e.name === 'Winnti')).toEqual([]);
    const names = software(r.entities).map((e) => e.name.toLowerCase());
    expect(names).toContain('keyplug');
    expect(names.filter((n) => n.includes('.') || n === 'smallnet' || n.includes('winsvchost'))).toEqual([]);
  });
});

describe('entities: reports written in Italian', () => {
  const kinds = (entities: readonly Entity[], kind: string): string[] => entities.filter((e) => e.kind === kind).map((e) => e.name).sort();

  it('names countries, regions and sectors from their Italian names and adjectives', () => {
    const r = extractText('Il gruppo APT41 ha colpito aziende manifatturiere italiane e tedesche, ospedali in Francia e il settore energetico del Medio Oriente.');
    expect(kinds(r.entities, 'location')).toEqual(['France', 'Germany', 'Italy', 'Middle East']);
    expect(kinds(r.entities, 'sector')).toEqual(['energy', 'healthcare', 'manufacturing']);
  });

  it('does not take the government behind an actor, its banking trojan or industrial espionage for a victim sector', () => {
    const r = extractText('Un gruppo sponsorizzato dal governo cinese usa un trojan bancario per lo spionaggio industriale.');
    expect(kinds(r.entities, 'sector')).toEqual([]);
    expect(kinds(r.entities, 'location')).toEqual(['China']);
  });
});

import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { toStixBundle } from '../../src/export/stix21/index.js';
import { validateStixBundle } from '../helpers/stix-validate.js';

describe('sub-national regions (Italy\'s twenty)', () => {
  it.each([
    ['Il ransomware ha colpito aziende lombarde e un ospedale in Toscana.', ['Lombardy', 'Tuscany']],
    ['The group targeted manufacturers in Lombardy, Veneto and Emilia-Romagna.', ['Emilia-Romagna', 'Lombardy', 'Veneto']],
    ['Una campagna contro i comuni della Sardegna e le imprese pugliesi.', ['Apulia', 'Sardinia']],
    ['Attacchi in Valle d\'Aosta e in Alto Adige.', ['Aosta Valley', 'Trentino-Alto Adige']],
  ])('%s', (text, names) => {
    const r = extractText(text);
    const subs = r.entities.filter((e) => e.kind === 'location' && e.attributes?.['type'] === 'subdivision');
    expect(subs.map((e) => e.name).sort()).toEqual(names);
    for (const e of subs) expect(e.attributes?.['iso2']).toBe('IT');
  });

  it('leaves the words that only look like one alone', () => {
    const r = extractText('Le campane suonano; abbiamo mangiato sarde e parlato delle marche di automobili.');
    expect(r.entities.filter((e) => e.kind === 'location')).toEqual([]);
  });

  it('is a STIX location of its own, in its country, valid against the OASIS schemas', () => {
    const r = extractText('APT41 hit a plant in Lombardy and offices across Italy.');
    const bundle = toStixBundle(r, { now: new Date('2026-11-27T00:00:00Z') });
    const locations = bundle.objects.filter((o) => o.type === 'location').map((o) => [o['name'], o['country'], o['administrative_area'] ?? null, o.id]);
    expect(locations.map((l) => l.slice(0, 3)).sort()).toEqual([['CN', 'CN', null], ['Italy', 'IT', null], ['Lombardy', 'IT', 'Lombardy']]);
    expect(new Set(locations.map((l) => l[3])).size).toBe(3);
    expect(validateStixBundle(bundle)).toEqual({ valid: true, errors: [] });
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng.js';
import { isPlainEnglishText, isPlainItalianText } from './language.js';

/** The split-filter-join formulation the one-pass check replaced (reference for equivalence). */
function reference(s: string): boolean {
  const words = s.split(/\s+/).filter((w) => w !== '' && !/[\d./@_\\:=<>{}[\]|#`]/.test(w));
  if (words.length < 60) return false;
  const english = new Set(['the', 'and', 'of', 'to', 'in', 'is', 'that', 'with', 'for', 'by', 'was', 'are', 'its', 'this', 'from', 'which', 'were', 'has']);
  const hits = words.filter((w) => english.has(w.toLowerCase())).length;
  const letters = [...words.join(' ')].filter((ch) => /\p{L}/u.test(ch)).length;
  return hits / words.length >= 0.14 && letters >= 200;
}

const root = join(import.meta.dirname, '..', '..', '..');
const reports = ['test/fixtures/reports', 'examples'].flatMap((d) =>
  readdirSync(join(root, d)).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(root, d, f), 'utf8')),
);

describe('isPlainEnglishText', () => {
  it('agrees with the split-filter-join reference on every fixture report', () => {
    for (const r of reports) expect(isPlainEnglishText(r.slice(0, 4000))).toBe(reference(r.slice(0, 4000)));
    expect(reports.filter((r) => isPlainEnglishText(r.slice(0, 4000))).length).toBeGreaterThan(reports.length / 2);
  });

  it('agrees on mutated texts (odd spaces, digits, non-ASCII letters, astral characters)', () => {
    const rnd = mulberry32(7);
    const noise = [' ', '\u00a0', '\u2003', '\u3000', '\ufeff', '\t', '1', '.', '_', 'é', 'Ж', '\u{1d400}', '\u{1f600}', 'The', 'THE', 'İs', 'and', '\u212a'];
    for (let k = 0; k < 300; k++) {
      const base = reports[Math.floor(rnd() * reports.length)]!;
      const chars = [...base.slice(0, 1500)];
      for (let m = 0; m < 40; m++) chars.splice(Math.floor(rnd() * chars.length), Math.floor(rnd() * 3), noise[Math.floor(rnd() * noise.length)]!);
      const s = chars.join('');
      expect(isPlainEnglishText(s)).toBe(reference(s));
    }
  });
});

describe('isPlainItalianText', () => {
  const italian = reports.filter((r) => Number.parseInt(r.slice(0, 0) || '0', 10) === 0 && /\b(?:della|degli|sono)\b/.test(r) && !isPlainEnglishText(r.slice(0, 4000)));
  // Paragraphs of our own in the languages that share the most words with Italian.
  const others: Record<string, string> = {
    es: 'El grupo utilizó una puerta trasera escrita en C que se comunica con su servidor de mando y control a través de HTTPS. Los atacantes entraron en la red de la empresa por medio de una vulnerabilidad en el cortafuegos y después robaron las credenciales de los administradores. La campaña afectó a fabricantes de España y de Portugal durante varios meses, y los investigadores encontraron herramientas públicas junto con un cargador propio que descifra la carga útil en memoria antes de ejecutarla.',
    pt: 'O grupo usou uma porta dos fundos escrita em C que comunica com o seu servidor de comando e controlo através de HTTPS. Os atacantes entraram na rede da empresa por meio de uma vulnerabilidade na firewall e depois roubaram as credenciais dos administradores. A campanha afetou fabricantes de Portugal e do Brasil durante vários meses, e os investigadores encontraram ferramentas públicas junto com um carregador próprio que decifra a carga útil na memória antes de a executar.',
    fr: 'Le groupe a utilisé une porte dérobée écrite en C qui communique avec son serveur de commande et de contrôle via HTTPS. Les attaquants sont entrés dans le réseau de l\'entreprise grâce à une vulnérabilité du pare-feu, puis ils ont volé les identifiants des administrateurs. La campagne a touché des fabricants de France et de Belgique pendant plusieurs mois, et les chercheurs ont trouvé des outils publics ainsi qu\'un chargeur maison qui déchiffre la charge utile en mémoire avant de l\'exécuter.',
    ca: 'El grup va utilitzar una porta del darrere escrita en C que es comunica amb el seu servidor de comandament i control per mitjà de HTTPS. Els atacants van entrar a la xarxa de l\'empresa per una vulnerabilitat del tallafoc i després van robar les credencials dels administradors. La campanya va afectar fabricants de Catalunya i del País Valencià durant diversos mesos, i els investigadors van trobar eines públiques juntament amb un carregador propi que desxifra la càrrega útil a la memòria abans d\'executar-la.',
  };

  it('recognises the Italian fixture reports, as franc does', () => {
    expect(italian.length).toBeGreaterThanOrEqual(3);
    for (const r of italian) expect(isPlainItalianText(r.slice(0, 4000))).toBe(true);
  });

  it.each(Object.entries(others))('leaves %s prose to franc', (_lang, text) => {
    expect(isPlainItalianText(text)).toBe(false);
    expect(isPlainEnglishText(text)).toBe(false);
  });
});

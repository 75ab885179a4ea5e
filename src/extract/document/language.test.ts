import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng.js';
import { isPlainEnglishText } from './language.js';

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

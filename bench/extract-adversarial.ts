// The adversarial inputs of bench/extract.ts's linear-time section, and the program that measures one
// of them in its own process.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prng } from './extract-corpus.js';

export const ADVERSARIAL_KINDS = ['dots', 'bracket-dot', 'hex', 'a.a.a.', 'mixed-line'] as const;

const MIXED = ['evil[.]com', '10.0.0.1', 'hxxp://a[.]b[.]com/x.', 'version 1.2.3.4', 'd41d8cd98f00b204e9800998ecf8427e', 'loader.dll',
  'C:\\Temp\\x.exe', 'CVE-2024-12345', 'T1059.001', 'x@y.ru', '((((', '....', '[.][.]', 'AS13335', 'fe80::1', 'word', 'prose'];

export function buildInput(kind: string, bytes: number): string {
  if (kind === 'dots') return '.'.repeat(bytes);
  if (kind === 'bracket-dot') return '[.]'.repeat(Math.ceil(bytes / 3)).slice(0, bytes);
  if (kind === 'a.a.a.') return 'a.'.repeat(bytes / 2);
  const rnd = prng(7);
  if (kind === 'hex') {
    const parts: string[] = [];
    for (let i = 0; i < bytes; i += 4096) { let s = ''; for (let k = 0; k < 4096; k++) s += '0123456789abcdef'[Math.floor(rnd() * 16)]; parts.push(s); }
    return parts.join('').slice(0, bytes);
  }
  const parts: string[] = [];
  let len = 0;
  while (len < bytes) { const t = MIXED[Math.floor(rnd() * MIXED.length)]!; parts.push(t); len += t.length + 1; }
  return parts.join(' ').slice(0, bytes);
}

/** What a case measures: the indicator extractor alone, or the whole `extract()` pipeline. */
export type AdversarialMode = 'indicators' | 'pipeline';

/**
 * The program of one case, run by plain `node` in its own process on the built dist/ under `dist`
 * (under tsx the loader's own modules sit in the heap and absorb part of the growth: it read 7x where
 * plain node reads 9x for the same code). It warms up, reads the input from `file` as the CLI reads a
 * text file, then times (process CPU) one call, and prints `{ secs, peak, found }`: the peak RSS over
 * the RSS with the input read, i.e. what extraction needs beyond the text itself. (Built in the
 * process instead, the input left garbage as big as itself behind, which the extraction reused
 * without raising the RSS.)
 */
export function adversarialScript(mode: AdversarialMode, file: string, dist: string): string {
  const mod = (rel: string): string => JSON.stringify(pathToFileURL(join(dist, rel)).href);
  return `
    const { readFileSync } = await import('node:fs');
    const { extract } = await import(${mod('extract/index.js')});
    const { extractIndicators } = await import(${mod('extract/indicators/index.js')});
    const { loadWarninglists } = await import(${mod('knowledge/warninglists/index.js')});
    const wl = loadWarninglists();
    extractIndicators('warm up 1.2.3.4 evil[.]com', { warninglists: wl });
    ${mode === 'pipeline' ? "await extract({ text: 'APT41 used KeyPlug against Italian manufacturers from 1.2.3.4 and evil[.]com (T1059).' }, { threads: 1 });" : ''}
    const text = readFileSync(${JSON.stringify(file)}, 'utf8');
    const base = process.memoryUsage().rss;
    const c0 = process.cpuUsage();
    const found = ${mode === 'pipeline' ? '(await extract({ text }, { threads: 1 })).indicators.length' : 'extractIndicators(text, { warninglists: wl }).length'};
    const c = process.cpuUsage(c0);
    const peak = process.resourceUsage().maxRSS * 1024 - base;
    console.log(JSON.stringify({ secs: (c.user + c.system) / 1e6, peak: Math.max(0, peak), found }));`;
}

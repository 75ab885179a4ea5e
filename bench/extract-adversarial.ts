// One adversarial case of bench/extract.ts, run in its own process: reads the input from a file as the
// CLI does, then times (process CPU) one call of the indicator extractor, or of the whole pipeline as
// `pillbox extract --threads 1` runs it, and reports the peak RSS growth over the RSS with the input read.
import { readFileSync } from 'node:fs';
import { extract } from '../src/extract/index.js';
import { extractIndicators } from '../src/extract/indicators/index.js';
import { loadWarninglists } from '../src/knowledge/warninglists/index.js';
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

/** Runs the case named by argv (after `--child`): mode, then the input file; sends `{ secs, peak, found }`. */
export async function runAdversarialCase(): Promise<void> {
  const [mode = 'indicators', file = ''] = process.argv.slice(3);
  const wl = loadWarninglists();
  // Warm-up: loads what the stages load lazily (knowledge, rules, classifier) before the baseline.
  extractIndicators('warm up 1.2.3.4 evil[.]com', { warninglists: wl });
  if (mode === 'pipeline') await extract({ text: 'APT41 used KeyPlug against Italian manufacturers from 1.2.3.4 and evil[.]com (T1059).' }, { threads: 1 });
  // The baseline holds the input, read as the CLI reads a text file: the figure is what extraction
  // needs beyond the text itself. (Built in this process instead, the input left as much garbage as
  // its own size behind, which the extraction then reused without raising the RSS: it read 6x where
  // this reads 9x for the same code.)
  const text = readFileSync(file, 'utf8');
  const base = process.memoryUsage().rss;
  // Process CPU time, not wall time: on a shared machine a short 1 MB run preempted once skewed the
  // 1 MB -> 10 MB ratio both ways (23.7 and 7.4 for the same code in two runs).
  const c0 = process.cpuUsage();
  const found = mode === 'pipeline'
    ? (await extract({ text }, { threads: 1 })).indicators.length
    : extractIndicators(text, { warninglists: wl }).length;
  const c = process.cpuUsage(c0);
  const secs = (c.user + c.system) / 1e6;
  const peak = process.resourceUsage().maxRSS * 1024 - base;
  process.send?.({ secs, peak: Math.max(0, peak), found });
}

if (process.argv[1]?.endsWith('extract-adversarial.ts') && process.send !== undefined) {
  process.argv.splice(2, 0, '--child');
  await runAdversarialCase();
}

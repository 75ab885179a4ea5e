// One adversarial case of bench/extract.ts, run in its own process: builds the input, then times (CPU) one
// extractIndicators call and reports the peak RSS growth over the baseline (input already built).
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

export function runAdversarialCase(): void {
  const [kind = 'dots', bytesText = '1048576'] = process.argv.slice(3);
  const wl = loadWarninglists();
  const input = buildInput(kind, Number(bytesText));
  extractIndicators('warm up 1.2.3.4 evil[.]com', { warninglists: wl });
  const base = process.memoryUsage().rss;
  // Process CPU time, not wall time: on a shared machine a short 1 MB run preempted once skewed the
  // 1 MB -> 10 MB ratio both ways (23.7 and 7.4 for the same code in two runs).
  const c0 = process.cpuUsage();
  const found = extractIndicators(input, { warninglists: wl });
  const c = process.cpuUsage(c0);
  const secs = (c.user + c.system) / 1e6;
  const peak = process.resourceUsage().maxRSS * 1024 - base;
  process.send?.({ secs, peak: Math.max(0, peak), found: found.length });
}

if (process.argv[1]?.endsWith('extract-adversarial.ts') && process.send !== undefined) {
  process.argv.splice(2, 0, '--child');
  runAdversarialCase();
}

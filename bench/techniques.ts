// npx tsx bench/techniques.ts [MB] — throughput of recognizeTechniques on a synthetic report of about
// MB megabytes (default 8) built by repeating the team's labelled reports, next to the indicator
// extractor on the same text (the cost relative to the existing pipeline), plus one-off load times.
// Times are process CPU time (user + system), which is steadier than wall time on a shared machine.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAttack } from '../src/knowledge/attack/index.js';
import { defaultTechniqueRules, loadTechniqueModel, recognizeTechniques } from '../src/extract/techniques/index.js';
import { splitSentences } from '../src/text/sentences.js';
import { extractIndicators } from '../src/extract/indicators/index.js';

const mb = Number(process.argv[2] ?? 8);
const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'reports');
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.md') || f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'))
  .join('\n\n');
let text = corpus;
while (text.length < mb * 1e6) text += `\n\n${corpus}`;
const size = Buffer.byteLength(text) / 1e6;

let t = performance.now();
const attack = loadAttack();
const rules = defaultTechniqueRules();
const model = loadTechniqueModel();
const loadMs = performance.now() - t;

t = performance.now();
const sentences = splitSentences(text);
const splitMs = performance.now() - t;

const cpuMs = (f: () => void): number => {
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};
const report = (label: string, ms: number, extra = ''): void => {
  process.stdout.write(`${label.padEnd(30)} ${((size * 1000) / ms).toFixed(2)} MB/s  (${(ms / 1000).toFixed(2)} s CPU${extra})\n`);
};
process.stdout.write(`text ${size.toFixed(1)} MB, ${sentences.length} sentences; load (catalogue + rules + model) ${loadMs.toFixed(0)} ms; splitSentences ${splitMs.toFixed(0)} ms\n`);
let hits = 0;
report('extractIndicators (baseline)', cpuMs(() => extractIndicators(text)));
report('techniques: rules + ids', cpuMs(() => (hits = recognizeTechniques(text, { attack, rules, sentences, model: false }).length)), `, ${hits} techniques`);
report('techniques: + classifier', cpuMs(() => (hits = recognizeTechniques(text, { attack, rules, sentences, model }).length)), `, ${hits} techniques`);

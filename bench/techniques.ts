// npx tsx bench/techniques.ts [MB] — throughput of recognizeTechniques on a synthetic report of about
// MB megabytes (default 8) built by repeating the team's labelled reports, next to the indicator
// extractor on the same text (the cost relative to the existing pipeline), plus one-off load times.
// Times are process CPU time (user + system), which is steadier than wall time on a shared machine.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAttack } from '../src/knowledge/attack/index.js';
import { compileRules, defaultTechniqueRules, loadTechniqueModel, readTechniqueRules, recognizeTechniques } from '../src/extract/techniques/index.js';
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

const wall = (f: () => void): number => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
let attack!: ReturnType<typeof loadAttack>;
let rules!: ReturnType<typeof defaultTechniqueRules>;
let model!: ReturnType<typeof loadTechniqueModel>;
const attackMs = wall(() => (attack = loadAttack()));
const rulesMs = wall(() => (rules = defaultTechniqueRules()));
const modelMs = wall(() => (model = loadTechniqueModel()));
// For comparison: the same rules read from the YAML sources (what a start cost before rules.json).
const yamlMs = wall(() => compileRules(readTechniqueRules()));
const loadMs = attackMs + rulesMs + modelMs;

let t = performance.now();

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
process.stdout.write(`text ${size.toFixed(1)} MB, ${sentences.length} sentences; splitSentences ${splitMs.toFixed(0)} ms\n`);
process.stdout.write(`load ${loadMs.toFixed(0)} ms: catalogue ${attackMs.toFixed(0)}, rules (rules.json) ${rulesMs.toFixed(0)}, model ${modelMs.toFixed(0)}; rules from YAML would take ${yamlMs.toFixed(0)} ms\n`);
let hits = 0;
report('extractIndicators (baseline)', cpuMs(() => extractIndicators(text)));
report('techniques: rules + ids', cpuMs(() => (hits = recognizeTechniques(text, { attack, rules, sentences, model: false }).length)), `, ${hits} techniques`);
report('techniques: + classifier', cpuMs(() => (hits = recognizeTechniques(text, { attack, rules, sentences, model }).length)), `, ${hits} techniques`);
// The same calls again: the first ones include the JIT warm-up of a cold process (steady state below).
report('techniques: rules + ids, again', cpuMs(() => (hits = recognizeTechniques(text, { attack, rules, sentences, model: false }).length)), `, ${hits} techniques`);
report('techniques: + classifier, again', cpuMs(() => (hits = recognizeTechniques(text, { attack, rules, sentences, model }).length)), `, ${hits} techniques`);
// Report-sized documents (the fixture reports one by one, as the extract pipeline sees a feed of short
// reports): the per-document costs (set-up, result building) show here, not in one big text.
const docs = readdirSync(dir)
  .filter((f) => f.endsWith('.md') || f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'));
const short: { text: string; sentences: ReturnType<typeof splitSentences> }[] = [];
for (let size = 0, k = 0; size < (mb * 1e6) / 4; k++) {
  const d = docs[k % docs.length]!;
  short.push({ text: d, sentences: splitSentences(d) });
  size += d.length;
}
const shortMb = short.reduce((a, d) => a + Buffer.byteLength(d.text), 0) / 1e6;
for (const round of ['', ', again']) {
  const ms = cpuMs(() => {
    for (const d of short) hits += recognizeTechniques(d.text, { attack, rules, sentences: d.sentences, model }).length;
  });
  process.stdout.write(`${`techniques: ${short.length} short docs${round}`.padEnd(30)} ${(shortMb / (ms / 1000)).toFixed(2)} MB/s  (${(ms / 1000).toFixed(2)} s CPU, ${((ms * 1000) / short.length).toFixed(1)} µs per document)\n`);
}

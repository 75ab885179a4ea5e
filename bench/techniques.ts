// npx tsx bench/techniques.ts [MB] — throughput of recognizeTechniques on a synthetic report of about
// MB megabytes (default 8) built by repeating the team's labelled reports, plus one-off load times.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAttack } from '../src/knowledge/attack/index.js';
import { defaultTechniqueRules, loadTechniqueModel, recognizeTechniques } from '../src/extract/techniques/index.js';
import { splitSentences } from '../src/text/sentences.js';

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

const run = (label: string, opts: Parameters<typeof recognizeTechniques>[1]): void => {
  const t0 = performance.now();
  const hits = recognizeTechniques(text, { ...opts, attack, rules, sentences });
  const s = (performance.now() - t0) / 1000;
  process.stdout.write(`${label.padEnd(28)} ${(size / s).toFixed(2)} MB/s  (${s.toFixed(2)} s, ${hits.length} techniques)\n`);
};
process.stdout.write(`text ${size.toFixed(1)} MB, ${sentences.length} sentences; load (catalogue + rules + model) ${loadMs.toFixed(0)} ms; splitSentences ${splitMs.toFixed(0)} ms\n`);
run('rules + ids', { model: false });
run('rules + ids + classifier', { model });

// npx tsx test/techniques/compare-outputs.ts OLD_ROOT [TRAM_DIR] — differential check of recognizeTechniques:
// the output of this tree against another checkout (e.g. `git archive <commit> src data rules | tar -x -C OLD_ROOT`)
// on every fixture report, examples/*.md, every TRAM 2 sentence and every whole TRAM 2 report (read from
// TRAM_DIR at run time, never copied), with and without the classifier. Exits 1 on the first difference.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TRAM_DIR } from '../../scripts/tram-data.js';
import { recognizeTechniques } from '../../src/extract/techniques/index.js';

const oldRoot = resolve(process.argv[2] ?? '');
const tramDir = process.argv[3] ?? TRAM_DIR;
const old = (await import(pathToFileURL(join(oldRoot, 'src', 'extract', 'techniques', 'index.ts')).href)) as { recognizeTechniques: typeof recognizeTechniques };
const root = join(import.meta.dirname, '..', '..');

const texts: [string, string][] = [];
for (const dir of [join(root, 'test', 'fixtures', 'reports'), join(root, 'examples')]) {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.md')).sort()) texts.push([`${dir}/${f}`, readFileSync(join(dir, f), 'utf8')]);
}
for (const file of ['sentences.jsonl', 'reports.jsonl']) {
  const path = join(tramDir, file);
  if (!existsSync(path)) continue;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as { id: string; text: string };
    texts.push([r.id, r.text]);
  }
}
let n = 0;
for (const [name, text] of texts) {
  for (const model of [undefined, false] as const) {
    const opts = model === false ? { model } : {};
    const a = JSON.stringify(old.recognizeTechniques(text, opts));
    const b = JSON.stringify(recognizeTechniques(text, opts));
    if (a !== b) {
      process.stderr.write(`DIFFERENT (${model === false ? 'no model' : 'model'}): ${name}\nold ${a.slice(0, 2000)}\nnew ${b.slice(0, 2000)}\n`);
      process.exit(1);
    }
    n++;
  }
}
process.stdout.write(`identical: ${texts.length} texts × 2 settings (${n} comparisons)\n`);

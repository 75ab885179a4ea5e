// npm run bench:knowledge [-- --mb N] [--rounds N]   (runs the built dist/, rebuilt when stale)
// What turning knowledge on costs `extract`: a deterministic report-like corpus (the fixture reports
// and examples/*.md, shuffled with a seeded PRNG up to ~N MB), processed as many report-sized
// documents and as one big document, with `extractText` indicators only (`stages: ['indicators']`)
// and with the full pipeline. Prints MB/s (of process CPU time), the per-stage time split and the ratio; exits 1 when the
// full pipeline runs slower than 0.70× indicators-only (issue #3: knowledge costs at most 30%).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as ExtractModule from '../src/extract/index.js';
import type { StageContext } from '../src/extract/index.js';
import type * as KnowledgeModule from '../src/knowledge/load.js';
import type * as WarninglistsModule from '../src/knowledge/warninglists/index.js';
import type * as SharedTextModule from '../src/text/shared.js';
import { mulberry32 } from '../src/util/prng.js';
import { ensureBuilt } from '../test/e2e/extract-build.js';

// The built dist/ (what `pillbox extract` runs): under tsx every named closure is wrapped in a
// keepNames helper call, which inflates per-document costs and would not measure the product.
await ensureBuilt();
const dist = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(import.meta.dirname, '..', 'dist', path)).href)) as T;
const { STAGES, extractText } = await dist<typeof ExtractModule>('extract/index.js');
const { loadKnowledge } = await dist<typeof KnowledgeModule>('knowledge/load.js');
const { loadWarninglists } = await dist<typeof WarninglistsModule>('knowledge/warninglists/index.js');
const { sharedText } = await dist<typeof SharedTextModule>('text/shared.js');

const TARGET = 0.7;
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const targetMb = arg('--mb', 10);
const rounds = arg('--rounds', 2);
const root = join(import.meta.dirname, '..');

function reports(): string[] {
  const dirs = [join(root, 'test', 'fixtures', 'reports'), join(root, 'examples')];
  return dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.md')).sort().map((f) => readFileSync(join(d, f), 'utf8')));
}

const prng = mulberry32;

function corpus(base: string[], mb: number): string[] {
  const rnd = prng(0x5eed);
  const docs: string[] = [];
  let size = 0;
  while (size < mb * 1024 * 1024) {
    const d = base[Math.floor(rnd() * base.length)]!;
    docs.push(d);
    size += d.length + 2;
  }
  return docs;
}

interface Run { secs: number; stages: Map<string, number> }

/** Process CPU milliseconds: on a machine shared with other jobs, wall time mostly measures the others. */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/**
 * Runs the pipeline stage by stage (as extractDocument does) so each stage's time can be read. With the
 * knowledge stages on, the analyses they share (sentences and tokens, computed once per document by
 * whichever stage asks first) are timed on their own line, `shared text`, before the stages.
 */
function runTimed(docs: readonly string[], ids: readonly string[] | undefined, opts: object): Run {
  const stages = new Map<string, number>();
  const t0 = cpuMs();
  for (const text of docs) {
    const result = extractText(text, { ...opts, stages: [] });
    const ctx: StageContext = { text, source: result.source, title: undefined, html: undefined, hints: {}, opts };
    if (ids === undefined) {
      const s = cpuMs();
      const shared = sharedText(ctx);
      void shared.sentences;
      void shared.tokens;
      stages.set('shared text', (stages.get('shared text') ?? 0) + cpuMs() - s);
    }
    for (const stage of STAGES) {
      if (ids !== undefined && !ids.includes(stage.id)) continue;
      const s = cpuMs();
      stage.run(ctx, result);
      stages.set(stage.id, (stages.get(stage.id) ?? 0) + cpuMs() - s);
    }
  }
  return { secs: (cpuMs() - t0) / 1000, stages };
}

/** Plain `extractText` calls: the figure users get. */
function runPlain(docs: readonly string[], opts: object): number {
  const t0 = cpuMs();
  for (const text of docs) extractText(text, opts);
  return (cpuMs() - t0) / 1000;
}

function best(fn: () => number): number {
  let min = Infinity;
  for (let i = 0; i < rounds; i++) min = Math.min(min, fn());
  return min;
}

const base = reports();
const many = corpus(base, targetMb);
// One flat string, as read from a file (a string built with += is a rope and scans slower).
const big = [Buffer.from(many.join('\n\n'), 'utf8').toString('utf8')];
const mb = big[0]!.length / 1024 / 1024;
const common = { warninglists: loadWarninglists() };
void loadKnowledge().names;

// Warm-up: JIT, lazy data (knowledge index, technique rules and classifier).
for (const ids of [['indicators'], undefined]) runTimed(many.slice(0, 200), ids, common);

const lines: string[] = [`corpus: ${mb.toFixed(1)} MB; ${many.length} report-sized documents from ${base.length} reports (seeded shuffle); best of ${rounds}`];
let worst = Infinity;
for (const [label, docs] of [['many documents', many], ['one document', big]] as const) {
  const off = best(() => runPlain(docs, { ...common, stages: ['indicators'] }));
  const on = best(() => runPlain(docs, common));
  const split = runTimed(docs, undefined, common);
  const ratio = off / on;
  worst = Math.min(worst, ratio);
  const parts = [...split.stages].map(([id, ms]) => `${id} ${(ms / 1000).toFixed(2)} s (${((100 * ms) / 1000 / split.secs).toFixed(0)}%)`);
  lines.push(
    `${label}:`,
    `  indicators only: ${off.toFixed(2)} s, ${(mb / off).toFixed(1)} MB/s`,
    `  full pipeline:   ${on.toFixed(2)} s, ${(mb / on).toFixed(1)} MB/s`,
    `  stages (one timed run, ${split.secs.toFixed(2)} s): ${parts.join(', ')}`,
    `  full / indicators-only throughput: ${ratio.toFixed(2)}× (target ≥ ${TARGET.toFixed(2)}×)`,
  );
}
lines.push(worst >= TARGET ? 'PASS' : `FAIL: knowledge costs more than ${Math.round(100 * (1 - TARGET))}% of throughput`, '');
process.stdout.write(lines.join('\n'));
process.exitCode = worst >= TARGET ? 0 : 1;

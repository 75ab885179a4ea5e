// Rebuilds the bundled knowledge under data/ from ../shared/data (or $PILLBOX_SHARED_DATA) and the
// team's own tables. Each step is a module in scripts/knowledge/ exporting `build(ctx)`; they run in
// file-name order. Usage: npm run build:knowledge [-- step-name ...]
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BuildContext {
  /** ../shared/data (read-only source data with licence notices). */
  sharedDir: string;
  /** The repo's data/ folder (output). */
  dataDir: string;
  /** The repo root. */
  rootDir: string;
}

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ctx: BuildContext = {
  rootDir,
  dataDir: join(rootDir, 'data'),
  sharedDir: process.env['PILLBOX_SHARED_DATA'] ?? resolve(rootDir, '..', 'shared', 'data'),
};
const only = process.argv.slice(2);
const stepsDir = join(rootDir, 'scripts', 'knowledge');
const steps = readdirSync(stepsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
for (const file of steps) {
  const name = file.replace(/\.ts$/, '');
  if (only.length > 0 && !only.includes(name)) continue;
  const mod = (await import(pathToFileURL(join(stepsDir, file)).href)) as { build: (c: BuildContext) => Promise<void> | void };
  const t0 = Date.now();
  await mod.build(ctx);
  process.stderr.write(`build-knowledge: ${name} done in ${Date.now() - t0} ms\n`);
}

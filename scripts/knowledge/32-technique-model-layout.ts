// Writes data/models/techniques-tram-lr.layout.json: the shipped technique classifier laid out as its
// scorer uses it (see src/extract/techniques/model-layout.ts), so loading it sorts and indexes nothing.
// Needs no shared data; rerun after training: npm run build:knowledge -- 32-technique-model-layout
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BuildContext } from '../build-knowledge.js';
import { DEFAULT_MODEL_PATH, type TechniqueModelFile } from '../../src/extract/techniques/classifier.js';
import { layoutPathOf, modelLayoutJson } from '../../src/extract/techniques/model-layout.js';

export function build(ctx: BuildContext): void {
  const file = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as TechniqueModelFile;
  const dir = join(ctx.dataDir, 'models');
  mkdirSync(dir, { recursive: true });
  // Beside the shipped model (layoutPathOf(DEFAULT_MODEL_PATH)) when ctx.dataDir is the repo's data/.
  const out = join(dir, basename(layoutPathOf(DEFAULT_MODEL_PATH)));
  writeFileSync(out, modelLayoutJson(file));
  process.stderr.write(`wrote ${out}\n`);
}

// Writes data/names/automaton.bin: the name automaton of the bundled knowledge (data/knowledge/),
// compiled once here so that `extract` reads it instead of compiling it at every start (see
// src/knowledge/name-automaton-file.ts). Needs no shared data; runs after the steps that write
// data/knowledge/ (rerun with: npm run build:knowledge -- 25-name-automaton).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BuildContext } from '../build-knowledge.js';
import { readKnowledge } from '../../src/knowledge/load.js';
import { automatonPathFor, writeNameAutomaton } from '../../src/knowledge/name-automaton-file.js';
import { buildNameIndex } from '../../src/knowledge/name-index.js';

export function build(ctx: BuildContext): void {
  const dir = join(ctx.dataDir, 'knowledge');
  const out = automatonPathFor(dir);
  mkdirSync(dirname(out), { recursive: true });
  // Compiled from the records, never read back from an older file.
  writeNameAutomaton(out, buildNameIndex(readKnowledge(dir)).automaton);
  writeFileSync(join(dirname(out), 'NOTICE'), `automaton.bin.gz: the names and aliases of data/knowledge/ (actors, software, places, sectors,
identities), folded and compiled into a matching automaton by scripts/knowledge/25-name-automaton.ts.
It holds those names only; their sources and licences are in data/knowledge/NOTICE and MANIFEST.json.
`);
}

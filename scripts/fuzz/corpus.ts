// The fuzz corpus: the built sample and PE corpora (benign look-alikes), each capped in size so an
// iteration stays cheap (parsers look at headers and tables; the cap keeps their tails).
import { readFileSync } from 'node:fs';
import { buildPeCorpus } from '../../test/fixtures/pe/build.js';
import { buildSamples } from '../../test/fixtures/samples/build.js';

/** Largest corpus file kept whole; bigger ones keep their first bytes. */
const CAP = 256 * 1024;

export function fuzzCorpusPaths(): string[] {
  const s = buildSamples();
  const pe = buildPeCorpus();
  return [...Object.values(s.files), ...Object.values(pe.files)].filter((p): p is string => typeof p === 'string').sort();
}

export function loadFuzzCorpus(paths: readonly string[]): Uint8Array[] {
  return paths.map((p) => {
    const b = readFileSync(p);
    return new Uint8Array(b.subarray(0, CAP));
  });
}

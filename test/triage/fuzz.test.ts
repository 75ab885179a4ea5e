import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzCorpusPaths, loadFuzzCorpus } from '../../scripts/fuzz/corpus.js';
import { MUTATORS, mutant, rng } from '../../scripts/fuzz/mutate.js';
import { runChunk } from '../../scripts/fuzz/run-chunk.js';
import { TriageResultSchema } from '../../src/model/triage-result.js';
import { loadCapabilityRules } from '../../src/rules/index.js';
import { triageBytes } from '../../src/triage/index.js';
import { ROOT } from './cli.js';

const REGRESSIONS = join(ROOT, 'test', 'fixtures', 'fuzz-regressions');

/**
 * Contained step failures already reported to their module's owner (the pipeline turned them into
 * `internal-error` warnings, so the record is still complete). Remove an entry once it is fixed.
 * - PE `byteEntropy` (formats/pe/entropy.ts): `new Uint32Array` at an unaligned offset when fewer
 *   than 4 bytes remain after the alignment loop (zero-length view still needs alignment).
 */
// Steps the pipeline once had to contain, now fixed (PE byteEntropy on short unaligned slices): none left.
const KNOWN_CONTAINED: RegExp[] = [];
const unknown = (message: string): boolean => !(message.startsWith('contained: ') && KNOWN_CONTAINED.some((re) => re.test(message)));
let corpus: Uint8Array[] = [];
beforeAll(() => {
  corpus = loadFuzzCorpus(fuzzCorpusPaths());
}, 300_000);

describe('fuzz harness', () => {
  it('mutants are a pure function of (seed, index) and differ from their base', () => {
    const a = mutant(corpus, 11, 42);
    const b = mutant(corpus, 11, 42);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    let changed = 0;
    for (let i = 0; i < 200; i++) {
      const m = mutant(corpus, 11, i);
      if (!Buffer.from(m.bytes).equals(Buffer.from(corpus[m.base]!))) changed++;
    }
    expect(changed).toBeGreaterThan(180);
    const r = rng(5);
    expect(MUTATORS.truncate(new Uint8Array(100), r).length).toBeLessThan(100);
  });

  it('a seeded chunk of 2,000 mutated inputs: no exception, contained or escaped', () => {
    const seed = Number(process.env['PILLBOX_FUZZ_SEED'] ?? 20261127);
    const crashes = runChunk(corpus, seed, 0, 2000, loadCapabilityRules(), undefined);
    expect(crashes.filter((c) => unknown(c.message)).map((c) => `#${c.index}: ${c.message.split('\n')[0]}`)).toEqual([]);
  }, 600_000);

  it('replays every saved regression input to a valid record', () => {
    const files = readdirSync(REGRESSIONS).filter((f) => f.endsWith('.hex'));
    for (const f of files) {
      const bytes = Buffer.from(readFileSync(join(REGRESSIONS, f), 'utf8').replace(/\s+/g, ''), 'hex');
      expect(bytes.length, f).toBeGreaterThan(0);
      const r = triageBytes(bytes, { path: f, capabilities: loadCapabilityRules(), yara: null });
      expect(r.warnings.filter((w) => w.code === 'internal-error' && unknown(`contained: ${w.message}`)), f).toEqual([]);
      expect(TriageResultSchema.safeParse(JSON.parse(JSON.stringify(r))).success, f).toBe(true);
    }
  });
});

// One fuzz chunk on the calling thread: the shared loop of the worker and the vitest test.
import { triageBytes } from '../../src/triage/index.js';
import type { CapabilityRuleSet } from '../../src/rules/index.js';
import { mutant } from './mutate.js';

export interface Crash {
  seed: number;
  index: number;
  message: string;
  bytes: Uint8Array;
}

/**
 * Runs inputs [start, start + count) of `seed`; a thrown exception is a crash (triageBytes must
 * never throw on content), and so is an `internal-error` warning (a step threw and was contained). `onDone(i)` after each input lets a supervisor see progress (hangs).
 */
export function runChunk(corpus: readonly Uint8Array[], seed: number, start: number, count: number, capabilities: CapabilityRuleSet | null, onDone?: (i: number) => void): Crash[] {
  const crashes: Crash[] = [];
  for (let i = start; i < start + count; i++) {
    const { bytes } = mutant(corpus, seed, i);
    try {
      const r = triageBytes(bytes, { path: `fuzz-${seed}-${i}`, capabilities, yara: null });
      // A step that threw was contained by the pipeline, but it is still a parser bug: count it.
      const internal = r.warnings.find((w) => w.code === 'internal-error');
      if (internal) crashes.push({ seed, index: i, message: `contained: ${internal.message}`, bytes });
    } catch (e) {
      crashes.push({ seed, index: i, message: e instanceof Error ? (e.stack ?? e.message) : String(e), bytes });
    }
    onDone?.(i);
  }
  return crashes;
}

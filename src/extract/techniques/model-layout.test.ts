import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createTechniqueModel, DEFAULT_MODEL_PATH, loadTechniqueModel, type TechniqueModelFile } from './classifier.js';
import { FEATURE_BITS } from './features.js';
import { layoutPathOf, modelLayoutJson, modelParts, readModelLayout } from './model-layout.js';
import { weightEntries } from './model-weights.js';
import { entryBuckets } from './sparse-scorer.js';
import { tokenize } from './tokenize.js';

describe('precompiled classifier layout (data/models/techniques-tram-lr.layout.json)', () => {
  const file = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as TechniqueModelFile;

  it('is current: laying the shipped model out in memory gives the shipped bytes (else npm run build:knowledge -- 32-technique-model-layout)', () => {
    expect(readFileSync(layoutPathOf(DEFAULT_MODEL_PATH), 'utf8')).toBe(modelLayoutJson(file));
  });

  it('reads back the tables the model file is laid out into', () => {
    const shipped = readModelLayout(layoutPathOf(DEFAULT_MODEL_PATH))!;
    const fresh = modelParts(file);
    expect(shipped).toEqual(fresh);
    expect(Array.from(entryBuckets(fresh))).toEqual(Array.from(weightEntries(file.weights, file.scale, 1 << FEATURE_BITS).bucketOf));
    expect(readModelLayout('/nonexistent/model.layout.json')).toBeUndefined();
  });

  it('scores like the model built from the file: same firing labels and logits, same dense logits', () => {
    const loaded = loadTechniqueModel();
    const built = createTechniqueModel(file);
    const n = built.labels.length;
    const sentences = [
      'The malware injects its payload into a suspended svchost process before resuming the thread.',
      'Persistence is achieved through a Run key under HKCU that launches the loader at logon.',
      'The actor sent spearphishing emails with a malicious Word attachment that ran a macro.',
      'Credentials were dumped from LSASS memory with a renamed procdump binary.',
    ];
    let fired = 0;
    for (const s of sentences) {
      const h = tokenize(s).hashes;
      const [la, lb] = [new Int32Array(n), new Int32Array(n)];
      const [ga, gb] = [new Float64Array(n), new Float64Array(n)];
      const k = loaded.firing(h, 0, h.length, la, ga);
      expect(built.firing(h, 0, h.length, lb, gb)).toBe(k);
      expect(Array.from(la.subarray(0, k))).toEqual(Array.from(lb.subarray(0, k)));
      expect(Array.from(ga)).toEqual(Array.from(gb));
      fired += k;
      loaded.logitsOfHashes(h, ga);
      built.logitsOfHashes(h, gb);
      expect(Array.from(ga)).toEqual(Array.from(gb));
    }
    expect(fired).toBeGreaterThan(0);
  });
});

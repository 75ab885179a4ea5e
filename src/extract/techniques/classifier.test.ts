import { describe, it, expect } from 'vitest';
import { loadTechniqueModel } from './classifier.js';
import { sentenceFeatures } from './features.js';
import { tokenize } from './tokenize.js';

describe('technique classifier', () => {
  const model = loadTechniqueModel();
  const sentences = [
    'The malware injects its payload into a suspended svchost process before resuming the thread.',
    'Persistence is achieved through a Run key under HKCU that launches the loader at logon.',
    'the the the',
    'Port 443 port 443 PORT 443.',
    'Ok',
    '',
  ];

  it.each(sentences)('logitsOfHashes equals logits over sentenceFeatures: %j', (s) => {
    const toks = tokenize(s);
    const features = sentenceFeatures(toks);
    const a = new Float64Array(model.labels.length);
    const b = new Float64Array(model.labels.length);
    model.logits(features, a);
    expect(model.logitsOfHashes(toks.hashes, b)).toBe(features.length);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('scores a process-injection sentence highest for T1055 among injection-free text', () => {
    const out = new Float64Array(model.labels.length);
    model.logitsOfHashes(tokenize(sentences[0]!).hashes, out);
    const injection = out[model.labels.indexOf('T1055')]!;
    model.logitsOfHashes(tokenize('The weather report for the weekend mentions light rain.').hashes, out);
    expect(injection).toBeGreaterThan(out[model.labels.indexOf('T1055')]!);
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { LABEL_KINDS, TARGETS, evaluateEntities, type LabelKey } from '../../scripts/eval/entities.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'reports');

describe('entity recognition on the labelled reports (npm run eval:knowledge)', () => {
  const res = evaluateEntities(dir, loadKnowledge());
  it('covers at least 40 reports, a third of the English ones held out, and some in Italian', () => {
    expect(res.reports).toBeGreaterThanOrEqual(40);
    expect(res.heldOutReports * 3).toBeGreaterThanOrEqual(res.reports - res.italianReports - 1);
    expect(res.italianReports).toBeGreaterThanOrEqual(3);
  });
  it.each(Object.keys(LABEL_KINDS) as LabelKey[])('meets the F1 target for %s on all reports and on the held-out third', (k) => {
    expect(res.all[k].f1, `all: ${JSON.stringify(res.all[k])}`).toBeGreaterThanOrEqual(TARGETS[k]);
    expect(res.heldOut[k].f1, `held-out: ${JSON.stringify(res.heldOut[k])}`).toBeGreaterThanOrEqual(TARGETS[k]);
  });
});

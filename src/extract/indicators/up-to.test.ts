// extractIndicatorsUpTo: the first k indicators of extractIndicators (same objects, same order) and
// their total, built without the others.
import { describe, expect, it } from 'vitest';
import { repositoryReportTexts } from '../../../test/helpers/report-texts.js';
import { extractIndicators, extractIndicatorsUpTo } from './index.js';

/** Dense text where several indicators start at the same offset or repeat out of order. */
function dense(): string {
  const parts: string[] = [];
  for (let i = 0; i < 400; i++) parts.push(`h${i % 37}.evil-${i % 5}.com 10.${i % 9}.0.${i % 250} loader${i % 7}.dll C:\\Temp\\x${i % 11}.exe 8.8.8.8 example.com`);
  return parts.join('\n');
}

describe('extractIndicatorsUpTo', () => {
  const texts = [...repositoryReportTexts().slice(0, 12), dense(), ''];
  it('gives the first k indicators of extractIndicators and the total', () => {
    for (const text of texts) {
      for (const dropBenign of [false, true]) {
        const all = extractIndicators(text, { dropBenign });
        for (const k of [0, 1, 5, Math.floor(all.length / 2), all.length, all.length + 3]) {
          const r = extractIndicatorsUpTo(text, k, { dropBenign });
          expect(r.total).toBe(all.length);
          expect(r.indicators).toEqual(all.slice(0, k));
        }
      }
    }
  });
});

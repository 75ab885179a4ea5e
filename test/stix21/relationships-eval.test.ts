/**
 * Relationship quality on hand-labelled reports (test/fixtures/relationships/labels.json): micro
 * precision and recall of entity-to-entity uses/targets/attributed-to, with entities from the real
 * recogniser. Printed, and held above floors so a regression fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recognizeEntities } from '../../src/extract/entities/index.js';
import { extractIndicators } from '../../src/extract/indicators/index.js';
import { buildRelationships } from '../../src/extract/relationships/index.js';
import { recognizeTechniques } from '../../src/extract/techniques/recognize.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { splitSentences } from '../../src/text/sentences.js';

type Labels = Record<string, [string, string, string][]>;
const LABELS = JSON.parse(readFileSync(new URL('../fixtures/relationships/labels.json', import.meta.url), 'utf8')) as { tuning: Labels; heldout: Labels };
const ENTITY_KINDS = /^(threat-actor|malware|tool|location|sector|identity):/;

function key(type: string, source: string, target: string): string {
  return `${type} ${source} ${target}`.toLowerCase();
}

function score(labels: Labels, kb: ReturnType<typeof loadKnowledge>): { precision: number; recall: number; line: string } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  for (const [name, expected] of Object.entries(labels)) {
    const text = readFileSync(new URL(`../fixtures/reports/${name}.md`, import.meta.url), 'utf8');
    const sentences = splitSentences(text);
    const indicators = extractIndicators(text);
    const entities = recognizeEntities(text, kb, { sentences });
    const techniques = recognizeTechniques(text, { sentences });
    const got = new Set(
      buildRelationships(text, { indicators, entities, techniques }, { sentences })
        .filter((r) => ENTITY_KINDS.test(r.source) && ENTITY_KINDS.test(r.target))
        .map((r) => key(r.type, r.source, r.target)),
    );
    const want = new Set(expected.map(([t, s, o]) => key(t, s, o)));
    for (const k of got) if (want.has(k)) tp++; else { fp++; misses.push(`  ${name} extra: ${k}`); }
    for (const k of want) if (!got.has(k)) { fn++; misses.push(`  ${name} missed: ${k}`); }
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { precision, recall, line: `precision ${precision.toFixed(2)} recall ${recall.toFixed(2)} (tp ${tp}, fp ${fp}, fn ${fn})\n${misses.join('\n')}` };
}

describe('relationships on labelled reports', () => {
  const kb = loadKnowledge();
  it.each(['tuning', 'heldout'] as const)('%s reports: precision and recall above their floors', (set) => {
    const r = score(LABELS[set], kb);
    console.log(`relationships (${set}): ${r.line}`);
    expect(r.precision).toBeGreaterThanOrEqual(0.6);
    expect(r.recall).toBeGreaterThanOrEqual(0.5);
  });
});

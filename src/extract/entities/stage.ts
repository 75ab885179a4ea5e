/**
 * The `entities` stage of the extract pipeline: named entities from the bundled knowledge, plus one
 * `vulnerability` entity per CVE indicator found by the indicators stage (which must run first).
 */
import type { Entity } from '../../model/entity.js';
import type { Indicator } from '../../model/indicator.js';
import { loadKnowledge, type KnowledgeBase } from '../../knowledge/load.js';
import { recognizeEntities } from './index.js';
import { sharedText, type SharedPart, type SharedText } from '../../text/shared.js';

/** Pipeline option read by this stage: a knowledge base to use, or `null` to skip recognition. */
export interface KnowledgeOption {
  knowledge?: KnowledgeBase | null;
}

/**
 * CVE indicators as `vulnerability` entities (name is the canonical CVE id).
 * @example cveEntities(result.indicators)
 */
export function cveEntities(indicators: readonly Indicator[]): Entity[] {
  return indicators
    .filter((i) => i.type === 'cve')
    .map((i) => {
      const seen = [...new Set(i.occurrences.map((o) => o.raw))];
      return {
        kind: 'vulnerability' as const,
        name: i.value,
        aliases: [i.value],
        aliases_seen: seen,
        mentions: i.occurrences.map((o) => ({ text: o.raw, offset: o.offset, line: o.line })),
        known: true,
      };
    });
}

/** Structural twin of the pipeline's Stage (declared here so this module does not import the pipeline). */
export interface EntitiesStage {
  id: 'entities';
  reads: readonly SharedPart[];
  run(ctx: { text: string; opts: object; shared?: SharedText }, result: { indicators: Indicator[]; entities: Entity[] }): void;
}

/** Fills `result.entities`; the bundled knowledge is loaded (once per process) unless one is passed. */
export const entitiesStage: EntitiesStage = {
  id: 'entities',
  reads: ['sentences', 'tokens'],
  run(ctx, result) {
    // The pipeline's options may carry `knowledge` (KnowledgeOption); any other options object means "bundled".
    const given = (ctx.opts as KnowledgeOption).knowledge;
    const kb = given === undefined ? loadKnowledge() : given;
    let named: Entity[] = [];
    if (kb !== null) {
      const shared = sharedText(ctx);
      named = recognizeEntities(ctx.text, kb, { sentences: shared.sentences, tokens: shared.tokens });
    }
    result.entities = [...named, ...cveEntities(result.indicators)];
  },
};

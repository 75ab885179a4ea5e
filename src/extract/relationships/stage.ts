/**
 * The `relationships` stage of the extract pipeline: links between the indicators, entities and
 * techniques found by the earlier stages (which must run first), with the sentences that support them.
 */
import type { Entity, Relationship, TechniqueHit } from '../../model/entity.js';
import type { Indicator } from '../../model/indicator.js';
import { sentencesOf } from '../entities/shared-sentences.js';
import type { SharedPart } from '../../text/shared.js';
import { buildRelationships } from './index.js';

/** Structural twin of the pipeline's Stage (declared here so this module does not import the pipeline). */
export interface RelationshipsStage {
  id: 'relationships';
  reads: readonly SharedPart[];
  run(ctx: { text: string }, result: { indicators: Indicator[]; entities: Entity[]; techniques: TechniqueHit[]; relationships: Relationship[] }): void;
}

/** Fills `result.relationships`. */
export const relationshipsStage: RelationshipsStage = {
  id: 'relationships',
  reads: ['sentences'],
  run(ctx, result) {
    result.relationships = buildRelationships(ctx.text, { indicators: result.indicators, entities: result.entities, techniques: result.techniques }, { sentences: sentencesOf(ctx) });
  },
};

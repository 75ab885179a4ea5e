/**
 * The `techniques` stage of the extract pipeline: ATT&CK techniques from the text, merged with the
 * `attack_technique` indicators the indicators stage found (which runs first).
 */
import type { TechniqueHit } from '../../model/entity.js';
import type { Indicator } from '../../model/indicator.js';
import { ExplicitIdList } from './explicit-ids.js';
// The pipeline's shared sentences and tokens (the other knowledge stages read the same ones): computed once per run.
import { sharedText, type SharedPart, type SharedText } from '../../text/shared.js';
import { recognizeTechniques } from './recognize.js';

/** Pipeline option read by this stage: `false` skips technique recognition. */
export interface TechniquesOption {
  techniques?: boolean;
}

/**
 * Positions of `attack_technique` indicators, as explicit ids.
 * @example explicitFromIndicators(result.indicators)
 */
export function explicitFromIndicators(indicators: readonly Indicator[]): ExplicitIdList {
  const list = new ExplicitIdList();
  for (const i of indicators) {
    if (i.type !== 'attack_technique') continue;
    const occ = i.occurrences;
    for (let k = 0; k < occ.length; k++) list.add(i.value, occ[k]!.offset, occ[k]!.offset + occ[k]!.raw.length);
  }
  return list;
}

/** Structural twin of the pipeline's Stage (declared here so this module does not import the pipeline). */
export interface TechniquesStage {
  id: 'techniques';
  reads: readonly SharedPart[];
  // `opts: object`: the pipeline's options need not declare `techniques` (a weak type would reject them).
  run(ctx: { text: string; opts: object; shared?: SharedText }, result: { indicators: Indicator[]; techniques: TechniqueHit[] }): void;
}

/** Fills `result.techniques` (ids, phrase rules and the TRAM classifier; bundled data loaded once per process). */
export const techniquesStage: TechniquesStage = {
  id: 'techniques',
  reads: ['sentences', 'tokens'],
  run(ctx, result) {
    if ((ctx.opts as TechniquesOption).techniques === false) {
      result.techniques = [];
      return;
    }
    const shared = sharedText(ctx);
    result.techniques = recognizeTechniques(ctx.text, { sentences: shared.sentences, tokens: shared.tokens, explicit: explicitFromIndicators(result.indicators) });
  },
};

/**
 * Entity recognition: threat actors, malware, tools, locations, sectors and organisations named in a
 * report, each resolved to one canonical knowledge record (aliases merged), plus malware and tools
 * the knowledge does not know, discovered from phrasing (`known: false`). Pure: the knowledge base is
 * a parameter, no I/O.
 */
import type { Entity } from '../../model/entity.js';
import { foldName } from '../../knowledge/fold.js';
import type { KnowledgeBase } from '../../knowledge/load.js';
import { sentenceAt, type Sentence } from '../../text/sentences.js';
import { tokenizeText, type TextTokens } from '../../text/tokens.js';
import { assembleEntities } from './assemble.js';
import { findCandidates } from './candidates.js';
import { decideCandidates, type BoundsOf } from './choose.js';
import { discoverFamilies } from './discovery.js';
import { discoverOrganisations } from './organisations.js';
import { lineSweeper } from './line-sweep.js';
import { spanAt } from '../../util/search.js';
import { unknownEntities } from './unknown.js';

export interface RecognizeOptions {
  /** Sentences of the text (from `splitSentences`), used to bound context windows; lines otherwise. */
  sentences?: Sentence[];
  /** Tokens of the text (from tokenizeText); default: computed here. */
  tokens?: TextTokens;
}

const WINDOW = 160;

function boundsFrom(sentences: Sentence[] | undefined): BoundsOf {
  return (offset) => {
    if (sentences !== undefined) {
      const i = sentenceAt(sentences, offset);
      const s = i >= 0 ? sentences[i] : undefined;
      if (s !== undefined) return [s.start, s.end];
    }
    // A fixed window: the cue readers stop at line breaks and read only a few words anyway.
    return [Math.max(0, offset - WINDOW), offset + WINDOW];
  };
}

/** Whether an offset falls inside a decided mention (they are sorted and do not overlap). */
function isCovered(decided: readonly { start: number; end: number }[], offset: number): boolean {
  return spanAt(decided, offset) !== -1;
}

/** A discovered name outside every known mention and not a known name. */
function isNew(d: { start: number; name: string }, decided: readonly { start: number; end: number }[], kb: KnowledgeBase): boolean {
  return !isCovered(decided, d.start) && !kb.names.lookup.has(foldName(d.name));
}

const KIND_RANK: Record<Entity['kind'], number> = { 'threat-actor': 0, malware: 1, tool: 2, vulnerability: 3, identity: 4, location: 5, sector: 6 };

/**
 * Recognises the entities of a report.
 * @example recognizeEntities('APT41 (a.k.a. Wicked Panda) used KEYPLUG against Italian manufacturers.', loadKnowledge())
 */
export function recognizeEntities(text: string, kb: KnowledgeBase, opts: RecognizeOptions = {}): Entity[] {
  const boundsOf = boundsFrom(opts.sentences);
  const tokens = opts.tokens ?? tokenizeText(text);
  const decided = decideCandidates(findCandidates(text, kb.names, tokens), text, boundsOf);
  const known = assembleEntities(decided, text, kb, lineSweeper(text), boundsOf);
  const families = discoverFamilies(text, tokens).filter((d) => isNew(d, decided, kb));
  const orgs = discoverOrganisations(text)
    .filter((d) => isNew(d, decided, kb))
    .map((o) => ({ ...o, kind: 'identity' as const }));
  const entities = [...known, ...unknownEntities([...families, ...orgs], text, tokens)];
  return entities.sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || (a.mentions[0]?.offset ?? 0) - (b.mentions[0]?.offset ?? 0));
}

/** Bundled knowledge: actors, software, places, sectors, organisations, and the one-pass name matcher. */
export { loadKnowledge, readKnowledge, createKnowledgeBase, DEFAULT_KNOWLEDGE_DIR } from './load.js';
export type { KnowledgeBase } from './load.js';
export type { ActorRecord, SoftwareRecord, PlaceRecord, SectorRecord, IdentityRecord, KnowledgeData } from './types.js';
export { buildNameIndex } from './name-index.js';
export type { NameIndex, NameEntry, NamePolicy, IndexedKind } from './name-index.js';
export { compileNames, scanNames } from './name-matcher.js';
export type { NameAutomaton, NameMatch } from './name-matcher.js';
export { foldName } from './fold.js';

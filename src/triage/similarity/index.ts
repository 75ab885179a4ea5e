/** Similarity of triage records by TLSH, ssdeep, imphash and Rich hash. */
export {
  byCloseness, closestRelatives, compareHashes,
  type ComparableHashes, type HashComparison, type HashedRecord, type Relative, type RelativesOptions,
} from './similarity.js';

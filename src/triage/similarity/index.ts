/** Similarity of triage records by TLSH, ssdeep, imphash and Rich hash. */
export {
  byCloseness, closestRelatives, compareHashes, keepClosest, prepareRecord, relativeOf, relativesOptions,
  type ComparableHashes, type HashComparison, type HashedRecord, type Relative, type RelativesOptions, type PreparedRecord,
} from './similarity.js';

/** Entropy of triaged bytes: whole input, sliding-window profile, high-entropy regions, any range. */
export {
  analyzeEntropy, histogram, shannonEntropy,
  type EntropyOptions, type EntropyPoint, type EntropyRegion, type EntropyReport,
} from './entropy.js';
export type { RangeEntropy } from './ranges.js';

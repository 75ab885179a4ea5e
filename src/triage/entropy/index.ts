/** Entropy of triaged bytes: whole input, sliding-window profile, high-entropy regions. */
export {
  analyzeEntropy, histogram, shannonEntropy,
  type EntropyOptions, type EntropyPoint, type EntropyRegion, type EntropyReport,
} from './entropy.js';

/** Strings of triaged bytes (ASCII, UTF-16LE) and the indicators found in them, with file offsets. */
export {
  extractStrings, type FoundString, type StringEncoding, type StringsOptions, type StringsResult,
} from './extract-strings.js';
export { stringsIndicators, type FileIndicator, type IndicatorExtractor } from './strings-indicators.js';

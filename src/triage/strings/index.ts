/** Strings of triaged bytes (ASCII, UTF-16LE) and the indicators found in them, with file offsets. */
export {
  extractStrings, scanStrings, type FoundString, type StringEncoding, type StringsOptions, type StringsResult, type StringTable,
} from './extract-strings.js';
export { foundStrings, stringAt } from './string-table.js';
export { stringsIndicators, tableIndicators, tableIndicatorsUpTo, withoutChanceText, withoutRanges, withoutSectionNames, decodedCommandIndicators, CHANCE_STRING_LENGTH, type DecodedCommand, type LimitedIndicatorExtractor, type FileIndicator, type IndicatorExtractor } from './strings-indicators.js';

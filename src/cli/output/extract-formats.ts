import type { ExtractResult } from '../../model/extract-result.js';
import { renderExtractSummary } from './extract-summary.js';
import type { OutputFormat } from './format.js';
import { indicatorsToCsv } from './indicators-csv.js';
import { jsonlChunks, prettyJsonChunks } from './jsonl.js';
import type { Terminal } from './tty.js';

/** A renderer gives the whole text, or its pieces in order (big JSON and JSONL outputs are streamed). */
export type ExtractRenderer = (r: ExtractResult, term: Terminal) => string | Iterable<string> | Promise<string | Iterable<string>>;

/**
 * `pillbox extract --format X` dispatch. `null` marks a format whose exporter is not built yet: the
 * command answers with a usage error. Exporters are imported lazily so the default path stays light.
 */
export const EXTRACT_RENDERERS: Record<OutputFormat, ExtractRenderer | null> = {
  text: renderExtractSummary,
  json: (r) => prettyJsonChunks(r),
  jsonl: (r) => jsonlChunks(r.indicators),
  csv: (r) => indicatorsToCsv(r.indicators),
  // Written as it is made: the bundle of a big feed is several times the size of the result.
  stix: async (r) => (await import('../../export/stix21/index.js')).stixBundleChunks(r),
  md: async (r) => (await import('../../export/markdown/index.js')).toMarkdown(r),
};

export const EXTRACT_FORMATS = Object.keys(EXTRACT_RENDERERS) as OutputFormat[];

/**
 * The extract pipeline: a document's text → indicators, entities, techniques, relationships and
 * document metadata, as one `ExtractResult` (the same object `pillbox extract --json` prints).
 *
 * `extract()` does the I/O (files, stdin, URLs) through src/input; everything after is pure and runs
 * the STAGES below in order.
 */
import { PillboxError } from '../errors.js';
import { EXTRACT_SCHEMA_VERSION, INDICATOR_TYPES, type IndicatorType } from '../model/constants.js';
import type { ExtractResult, SourceInfo } from '../model/extract-result.js';
import type { Indicator } from '../model/indicator.js';
import { bytesToDocument, documentFromText, readSource, type InputDocument, type PageHints, type ReadOptions } from '../input/index.js';
import { sha256Hex } from '../input/document.js';
import { extractIndicators, type Warninglists } from './indicators/index.js';
import { withDecodedCommands } from './indicators/decoded.js';
import { extractIndicatorsParallel } from './parallel/index.js';
import { entitiesStage } from './entities/stage.js';
import { documentStage } from './document/stage.js';
import { relationshipsStage } from './relationships/stage.js';
import { techniquesStage } from './techniques/stage.js';
import type { SharedPart, SharedText } from '../text/shared.js';

/** Options of `extract` and `extractText`; every field is optional. */
export interface ExtractOptions extends ReadOptions {
  /** Indicator types to keep (default: all of INDICATOR_TYPES). */
  types?: readonly IndicatorType[];
  /** Remove indicators a warninglist marks benign instead of tagging them. */
  dropBenign?: boolean;
  /** Warninglists to tag benign indicators with; `null` disables tagging, undefined uses the bundled ones. */
  warninglists?: Warninglists | null;
  /**
   * Ids of the STAGES to run (default: all, in pipeline order). Later stages read what earlier ones
   * wrote, so a subset keeps the order of STAGES. `['indicators']` is extraction without knowledge.
   */
  stages?: readonly string[];
  /**
   * Threads for indicator extraction on big texts (≥ 4 MiB), the calling one included; default
   * os.availableParallelism(), 1 = calling thread only. The result is the same either way.
   */
  threads?: number;
}

/** What a stage sees: the text, where it came from, and the options. Stages never do I/O. */
export interface StageContext {
  text: string;
  source: SourceInfo;
  /** Title read from the HTML or PDF metadata, when there is one. */
  title: string | undefined;
  /** Original HTML of an HTML source (for `<meta>` dates and the like). */
  html: string | undefined;
  /** What an HTML page declares about itself: byline, published time, language, site name. */
  hints: PageHints;
  opts: ExtractOptions;
  /** Sentences and tokens of `text`, computed once and shared by the stages: read with `sharedText(ctx)` (src/text/shared.ts). */
  shared?: SharedText;
  /** Indicators computed before the stages ran (extract() does big texts on several threads). */
  indicators?: Indicator[];
}

/** One step of the pipeline; it fills its part of `result` (and may read what earlier stages wrote). */
export interface Stage {
  id: string;
  /** The shared analyses of the text (src/text/shared.ts) the stage reads: each is freed after the last stage that lists it. */
  reads?: readonly SharedPart[];
  run(ctx: StageContext, result: ExtractResult): void;
}

/**
 * The pipeline, in order. Later stages may read what earlier ones produced (relationships need
 * entities, techniques and indicators). To add a stage, append it here.
 */
export const STAGES: readonly Stage[] = [
  {
    id: 'indicators',
    run(ctx, r) {
      const io = indicatorOpts(ctx.opts);
      r.indicators = withDecodedCommands(ctx.text, ctx.indicators ?? extractIndicators(ctx.text, io), (t) => extractIndicators(t, io));
      for (const i of r.indicators) {
        if (i.occurrences_total !== undefined) r.warnings.push({ code: 'limit-occurrences', message: `${i.type} ${i.value}: ${i.occurrences_total} occurrences; the first ${i.occurrences.length} (by offset) are listed` });
      }
    },
  },
  entitiesStage,
  techniquesStage,
  documentStage,
  // Needs indicators, entities and techniques: keep it after their stages.
  relationshipsStage,
];

/**
 * Extracts everything from a source: a path, `-` (stdin) or an http(s) URL; in-memory text
 * (`{ text, name }`, HTML is detected and reduced to its article); or raw bytes (a PDF, UTF-16 text…).
 * Throws PillboxError (`E_INPUT_*`, `E_FETCH`, `E_USAGE`) when the source cannot be read.
 *
 * @example
 * const result = await extract('examples/keyplug-report.md', { types: ['sha256', 'domain'] });
 * for (const i of result.indicators) console.log(i.type, i.value);
 */
export async function extract(input: string | { text: string; name?: string } | Uint8Array, opts: ExtractOptions = {}): Promise<ExtractResult> {
  assertTypes(opts.types);
  let doc: InputDocument;
  if (typeof input === 'string') doc = await readSource(input, opts);
  else if (input instanceof Uint8Array) doc = await bytesToDocument(input, { name: '<bytes>', kind: 'text' });
  else doc = await documentFromText(input.text, input.name);
  const ahead = opts.stages === undefined || opts.stages.includes('indicators')
    ? await extractIndicatorsParallel(doc.text, { ...indicatorOpts(opts), ...(opts.threads === undefined ? {} : { threads: opts.threads }) })
    : undefined;
  return extractDocument(doc, opts, ahead);
}

/**
 * Pure extraction from text already in memory (no HTML or PDF conversion; use `extract({ text })`
 * for that).
 *
 * @example
 * const r = extractText('C2 at update-check[.]example-cdn[.]com');
 * r.indicators[0]?.value; // 'update-check.example-cdn.com'
 */
export function extractText(text: string, opts: ExtractOptions & { source?: SourceInfo } = {}): ExtractResult {
  assertTypes(opts.types);
  const source = opts.source ?? textSource(text);
  return extractDocument({ text, source, warnings: [] }, opts);
}

/** Runs the stages over a document read by src/input; `indicators`, when given, were computed ahead (extract() does big texts on several threads). */
export function extractDocument(doc: InputDocument, opts: ExtractOptions = {}, indicators?: Indicator[]): ExtractResult {
  const result: ExtractResult = {
    schema_version: EXTRACT_SCHEMA_VERSION,
    source: doc.source,
    document: { title: doc.title ?? null, published: null, published_ambiguous: false, language: null, source: doc.source.name },
    indicators: [],
    entities: [],
    techniques: [],
    relationships: [],
    warnings: [...doc.warnings],
  };
  const ctx: StageContext = { text: doc.text, source: doc.source, title: doc.title, html: doc.html, hints: doc.hints ?? {}, opts };
  if (indicators !== undefined) ctx.indicators = indicators;
  const run = STAGES.filter((s) => opts.stages === undefined || opts.stages.includes(s.id));
  for (let i = 0; i < run.length; i++) {
    const stage = run[i]!;
    stage.run(ctx, result);
    // A big text's token tables are tens of MB: freed once the last stage that reads them is done.
    for (const part of stage.reads ?? []) if (!run.slice(i + 1).some((later) => later.reads?.includes(part))) ctx.shared?.release(part);
  }
  ctx.shared?.release();
  return result;
}

function indicatorOpts(o: ExtractOptions): Parameters<typeof extractIndicators>[1] {
  const out: NonNullable<Parameters<typeof extractIndicators>[1]> = {};
  if (o.types !== undefined) out.types = o.types;
  if (o.warninglists !== undefined) out.warninglists = o.warninglists;
  if (o.dropBenign !== undefined) out.dropBenign = o.dropBenign;
  return out;
}

function textSource(text: string): SourceInfo {
  const bytes = Buffer.from(text, 'utf8');
  return { name: '<text>', kind: 'text', media_type: 'text/plain', encoding: 'utf-8', size: bytes.length, sha256: sha256Hex(bytes) };
}

function assertTypes(types: readonly string[] | undefined): void {
  const bad = types?.filter((t) => !(INDICATOR_TYPES as readonly string[]).includes(t)) ?? [];
  if (bad.length > 0) throw new PillboxError('E_USAGE', `unknown indicator type ${bad.map((t) => `'${t}'`).join(', ')}; known: ${INDICATOR_TYPES.join(', ')}`);
}

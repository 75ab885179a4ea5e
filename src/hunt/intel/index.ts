import { readFile, stat } from 'node:fs/promises';
import { PillboxError } from '../../errors.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { IntelIndicator, IntelSet, YaraSource } from '../types.js';
import type { Classify } from './classify.js';
import { isExtractJson, isExtractJsonl, loadExtractOutput } from './extract-output.js';
import { tryParse } from './json-records.js';
import { hasIndicatorHeader, listLikeness, loadCsv, loadList } from './list.js';
import { isTriageJson, isTriageJsonl, loadTriageRecords } from './triage-records.js';
import { loadMisp, mispEvents } from './misp.js';
import { loadReport } from './report.js';
import { isStixJson, loadStix, type LoadedIntel } from './stix.js';
import { embeddedYara, isYaraName, loadYara, looksLikeYara } from './yara.js';

/** Kinds of intelligence source; a source may force one with a `kind:` prefix (`misp:event.json`). */
export const INTEL_KINDS = ['report', 'extract', 'triage', 'stix', 'misp', 'csv', 'list', 'yara'] as const;
export type IntelKind = (typeof INTEL_KINDS)[number];

export interface LoadIntelOptions {
  /** Keep indicators the warninglists mark benign. */
  includeBenign?: boolean;
  /** Token classifier for lists and CSVs (default: the extract engine's). */
  classify?: Classify;
}

/** Intel files bigger than this are refused (they are read whole to parse JSON). */
const MAX_INTEL_BYTES = 512 * 1024 * 1024;

/**
 * Loads every intelligence source into one indicator set. The kind of each source is detected from its
 * content (see `detectIntelKind`) unless it has a `kind:` prefix. Indicators keep their source path and
 * title; duplicates within one source are merged.
 *
 * @example
 * const intel = await loadIntel(['report.pdf', 'feed.csv', 'rules/']);
 */
export async function loadIntel(sources: readonly string[], opts: LoadIntelOptions = {}): Promise<IntelSet> {
  const d = await loadIntelDeferred(sources, opts);
  if (d.unchecked.length === 0) return d.intel;
  const { benignIds } = await import('./benign.js');
  return dropBenign(d, benignIds(d.intel.indicators, d.unchecked));
}

/** Intel loaded with the warninglist check still to do (a sweep overlaps it with its scanning). */
export interface DeferredIntel {
  /** Every indicator, benign ones not yet left out; `benignSkipped` counts only those already left out. */
  intel: IntelSet;
  /** Ids (indexes into `intel.indicators`) still to check against the warninglists, in order. */
  unchecked: number[];
}

/**
 * `loadIntel` without the warninglist check: building the warninglists is the costliest part of
 * loading a feed, and a sweep can do it on a worker while its first files are scanned. Finish with
 * `dropBenign` (report indicators are tagged by the extract engine and never in `unchecked`).
 */
export async function loadIntelDeferred(sources: readonly string[], opts: LoadIntelOptions = {}): Promise<DeferredIntel> {
  const classify = opts.classify;
  const set: IntelSet = { indicators: [], yara: [], benignSkipped: 0, warnings: [] };
  const unchecked: number[] = [];
  for (const spec of sources) {
    const { kind, path } = splitKind(spec);
    const loaded = await loadOne(kind, path, classify, opts.includeBenign === true);
    if (Array.isArray(loaded)) {
      for (const y of loaded) set.yara.push(y);
      continue;
    }
    for (const w of loaded.warnings) set.warnings.push(w);
    set.benignSkipped += loaded.benign ?? 0;
    const rules = loaded.yaraRules ? embeddedYara(loaded.yaraRules, path, loaded.title) : { sources: [], warnings: [] };
    for (const y of rules.sources) set.yara.push(y);
    for (const w of rules.warnings) set.warnings.push(w);
    // A source that gives nothing (an empty STIX bundle, a feed of the wrong shape) is said, not silently ignored.
    if (loaded.indicators.length === 0 && (loaded.benign ?? 0) === 0 && rules.sources.length === 0) set.warnings.push({ code: 'intel-empty', message: `${path}: no indicators found in it (read as ${KIND_NAMES[loaded.kind]}${kind === null && loaded.kind === 'report' ? '; a prefix such as list:, csv:, stix: or misp: forces the kind' : ''})` });
    // Values seen per type (no composite key string per indicator).
    const seen = new Map<string, Set<string>>();
    for (const ind of loaded.indicators) {
      let values = seen.get(ind.type);
      if (!values) seen.set(ind.type, (values = new Set()));
      if (values.has(ind.value)) continue;
      values.add(ind.value);
      if (!opts.includeBenign && loaded.kind !== 'report' && ind.type !== 'filename' && ind.type !== 'filepath' && ind.type !== 'registry') unchecked.push(set.indicators.length);
      set.indicators.push(ind);
    }
  }
  return { intel: set, unchecked };
}

/** The intel set without the indicators `benign` names (ids into `d.intel.indicators`), counted as skipped. */
export function dropBenign(d: DeferredIntel, benign: readonly number[]): IntelSet {
  if (benign.length === 0) return d.intel;
  const out = new Uint8Array(d.intel.indicators.length);
  for (const id of benign) out[id] = 1;
  return { ...d.intel, indicators: d.intel.indicators.filter((_, id) => out[id] === 0), benignSkipped: d.intel.benignSkipped + benign.length };
}

const KIND_NAMES: Record<IntelKind, string> = { report: 'a report', extract: "pillbox extract's output", triage: 'triage records', stix: 'a STIX bundle', misp: 'a MISP event', csv: 'a CSV feed', list: 'a list', yara: 'YARA rules' };

function splitKind(spec: string): { kind: IntelKind | null; path: string } {
  const m = /^([a-z]+):(.+)$/.exec(spec);
  if (m && (INTEL_KINDS as readonly string[]).includes(m[1] as string)) return { kind: m[1] as IntelKind, path: m[2] as string };
  return { kind: null, path: spec };
}

type Loaded = (LoadedIntel & { benign?: number; kind: IntelKind }) | YaraSource[];

/**
 * Runs `run` with the classifier; the extract engine's (the default) is imported only when `run` asks
 * it something: a STIX, MISP or typed-CSV feed then loads without the extract engine. `run` is pure,
 * so a second run with the real classifier gives what a single one would have.
 */
async function withClassify<T>(given: Classify | undefined, run: (c: Classify) => T): Promise<T> {
  if (given) return run(given);
  let asked = false;
  const r = run(() => {
    asked = true;
    return null;
  });
  return asked ? run((await import('./classify.js')).classifyToken) : r;
}

async function loadOne(kind0: IntelKind | null, path: string, classify: Classify | undefined, includeBenign: boolean): Promise<Loaded> {
  if (kind0 === 'report' || /^https?:\/\//i.test(path) || path === '-') return { ...(await loadReport(path, includeBenign)), kind: 'report' };
  const st = await stat(path).catch((e: unknown) => {
    throw new PillboxError('E_INPUT_UNREADABLE', `cannot read intel source ${path}: ${(e as Error).message}`, { cause: e });
  });
  if (st.isDirectory() || kind0 === 'yara' || (kind0 === null && isYaraName(path))) return loadYara(path);
  if (st.size > MAX_INTEL_BYTES) throw new PillboxError('E_INPUT_TOO_LARGE', `intel source ${path} is larger than ${MAX_INTEL_BYTES} bytes`);
  const bytes = await readFile(path);
  const kind = kind0 ?? (await withClassify(classify, (c) => detectIntelKind(bytes, path, c)));
  const text = () => bytes.toString('utf8').replace(/^\uFEFF/, '');
  switch (kind) {
    case 'yara': return loadYara(path);
    case 'stix': {
      const j = parseJson(text(), path);
      return { ...(await withClassify(classify, (c) => loadStix(j, path, c))), kind };
    }
    case 'misp': return { ...loadMisp(parseJson(text(), path), path), kind };
    case 'extract': return { ...loadExtractOutput(text(), path), kind };
    case 'triage': return { ...loadTriageRecords(text(), path), kind };
    case 'csv': return { ...(await withClassify(classify, (c) => loadCsv(text(), path, c))), kind };
    case 'list': return { ...loadList(text(), path, classify ?? (await import('./classify.js')).classifyToken), kind };
    case 'report': return { ...(await loadReport(path, includeBenign)), kind };
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PillboxError('E_INPUT_UNSUPPORTED', `${path}: invalid JSON: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Decides what an intel file is, by content: JSON → STIX bundle, MISP event, `pillbox extract`
 * output or `pillbox triage` records (both also as JSON lines); YARA rule text; a CSV
 * whose header names an indicator column; a plain list when at least 80% of its lines are one
 * indicator each; anything else is a report for the extract engine (PDF, HTML, Markdown, prose).
 */
export function detectIntelKind(bytes: Buffer, path: string, classify: Classify): IntelKind {
  const head = bytes.subarray(0, 65536).toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*[[{]/.test(head)) {
    // The first line whole (a triage record of a JSON-lines file can run past the 64 KiB head).
    const nl = bytes.indexOf(10);
    const line = bytes.toString('utf8', 0, nl === -1 ? bytes.length : nl).replace(/^\uFEFF/, '');
    try {
      const j = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) as unknown;
      if (isStixJson(j)) return 'stix';
      if (mispEvents(j).length > 0) return 'misp';
      if (isExtractJson(j)) return 'extract';
      if (isTriageJson(j)) return 'triage';
    } catch (e) {
      if (isExtractJsonl(line)) return 'extract';
      if (isTriageJsonl(line)) return 'triage';
      // A `.json` file that does not parse is a broken feed (truncated download, bad export), not prose:
      // say so instead of reading it as a report and finding nothing. Other files may just start with
      // `[`. So is a `.jsonl` file whose first line is not JSON (a record cut off).
      if (/\.jsonl$/i.test(path) && tryParse(line) === undefined) throw new PillboxError('E_INPUT_UNSUPPORTED', `${path}: invalid JSON lines: the first line does not parse`, { cause: e });
      if (/\.json$/i.test(path)) throw new PillboxError('E_INPUT_UNSUPPORTED', `${path}: invalid JSON: ${(e as Error).message}`, { cause: e });
    }
    // One record alone is one line, and parses whole.
    if (isExtractJsonl(line)) return 'extract';
    if (isTriageJsonl(line)) return 'triage';
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-' || /\.(pdf|html?|md|markdown)$/i.test(path)) return 'report';
  if (looksLikeYara(head)) return 'yara';
  if (hasIndicatorHeader(head)) return 'csv';
  if (listLikeness(head, classify) >= 0.8) return 'list';
  return 'report';
}

export type { Diagnostic };
export type { IntelIndicator };

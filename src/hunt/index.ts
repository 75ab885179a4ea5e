import type { Readable } from 'node:stream';
import { PillboxError } from '../errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { dropBenign, loadIntelDeferred, type DeferredIntel } from './intel/index.js';
import { compileYara } from './intel/yara.js';
import { IndicatorMatcher } from './match/matcher.js';
import type { FileResult } from './targets/file.js';
import { runTask, type HuntTask } from './targets/task.js';
import { planTasks, taskBytes } from './targets/plan.js';
import { initWorkers, runPool } from './workers/pool.js';
import { packIndicators } from './workers/pack.js';
import type { WorkerInit } from './workers/protocol.js';
import { prepareHunt, type HuntPlan } from './prepare.js';
import type { HuntHit, IntelIndicator, IntelSet, UnlistedHits } from './types.js';
import { DEFAULT_MAX_HITS } from './logs/reader.js';
import { buildSummary, cmp, hitKey, sortHits, type HuntSummary } from './summary.js';

export const HUNT_SCHEMA_VERSION = '1.0';

/** Options of `hunt`; only `intel` and `targets` are required. */
export interface HuntOptions {
  /** Intel source paths/URLs (kind detected, or forced with `report:`, `stix:`, `misp:`, `csv:`, `list:`, `yara:`), or an already loaded set. */
  intel: readonly string[] | IntelSet;
  /** Files, directories, or `-` for stdin. */
  targets: readonly string[];
  includeBenign?: boolean;
  followSymlinks?: boolean;
  /** Skip files larger than this many bytes. */
  maxSize?: number;
  /** Skip-globs (`*.iso`, `**\/node_modules`). */
  exclude?: readonly string[];
  /** Worker threads (default: available cores). 1 runs everything on the calling thread. */
  threads?: number;
  /** Files larger than this are not YARA-scanned (default 64 MiB). */
  yaraMaxSize?: number;
  /** Also hash files detected as structured logs (default: only binaries and plain text files are hashed). */
  hashLogs?: boolean;
  /** Sweep the strings of binaries for network indicators (default true; see logs/binary-strings.ts). */
  binaryStrings?: boolean;
  /** Longest line kept whole (default 1 MiB). */
  maxLine?: number;
  /**
   * Hits listed per indicator per file (default 1000; 0: all). Further hits are counted in the summary,
   * not listed, and a warning names the file: memory stays bounded when an indicator floods a log.
   */
  maxHits?: number;
  /**
   * Uncompressed text files at least this big are scanned in line-aligned ranges on several threads.
   * Default: ranges of about 1/24 of a thread's share of the bytes (1–64 MiB), so threads end together.
   */
  splitSize?: number;
  /** Aborting stops the sweep; the result then holds what was found so far and `interrupted: true`. */
  signal?: AbortSignal;
  /** Called with running totals (at most every 100 ms). */
  onProgress?: (p: HuntProgress) => void;
  /** Stream read for the `-` target (default process.stdin). */
  stdin?: Readable;
}

export interface HuntProgress {
  files: number;
  filesTotal: number;
  bytes: number;
  bytesTotal: number;
  hits: number;
}

/** The whole result of a sweep; `pillbox hunt --json` prints this object. */
export interface HuntResult {
  schema_version: typeof HUNT_SCHEMA_VERSION;
  hits: HuntHit[];
  summary: HuntSummary;
  warnings: Diagnostic[];
  interrupted: boolean;
}

export { prepareHunt, type HuntPlan };

const DEFAULTS = { threads: 0, yaraMaxSize: 64 * 1024 * 1024 } satisfies Partial<HuntOptions>;

/**
 * Sweeps files and logs for the indicators (and YARA rules) of one or more intelligence sources.
 * Hits come back in a deterministic order (targets sorted, then by line and offset), whatever the
 * number of threads.
 *
 * @example
 * const r = await hunt({ intel: ['report.pdf', 'iocs.txt'], targets: ['/var/log/zeek'] });
 * for (const h of r.hits) console.log(h.file, h.line, h.indicator, h.match);
 */
export async function hunt(opts: HuntOptions): Promise<HuntResult> {
  return huntPrepared(opts, await prepareHunt(opts));
}

/** `hunt` after `prepareHunt` (the CLI walks and starts workers before it imports this module). */
export async function huntPrepared(opts: HuntOptions, plan: HuntPlan): Promise<HuntResult> {
  try {
    return await huntWith(opts, plan);
  } finally {
    for (const w of plan.started) void w.terminate();
  }
}

const NOTHING = 'no indicators or YARA rules in the intel sources: nothing to hunt for';

/** The sweep after the walk: intel, matcher, tasks, threads, merged results. */
async function huntWith(opts: HuntOptions, plan: HuntPlan): Promise<HuntResult> {
  const { entries, threads, started } = plan;
  // Cutting big logs into ranges reads their heads and cut points: done while the intel loads.
  const planned = planTasks(entries, plan.inProcess ? 1 : threads, opts.splitSize);
  planned.catch(() => undefined);
  const deferred: DeferredIntel = Array.isArray(opts.intel)
    ? await loadIntelDeferred(opts.intel as string[], { includeBenign: opts.includeBenign === true })
    : { intel: opts.intel as IntelSet, unchecked: [] };
  const all = deferred.intel;
  if (all.indicators.length === 0 && all.yara.length === 0) {
    const why = all.warnings.filter((w) => w.code === 'intel-empty').slice(0, 3).map((w) => w.message);
    throw new PillboxError('E_USAGE', why.length > 0 ? `${NOTHING}: ${why.join('; ')}` : NOTHING);
  }
  // Benign ids: known now, or reported by the first worker while the first files are scanned.
  let benign: number[] | null = deferred.unchecked.length === 0 ? [] : null;
  const checkNow = async (): Promise<number[]> => {
    const ids = (await import('./intel/benign.js')).benignIds(all.indicators, deferred.unchecked);
    if (ids.length === all.indicators.length && all.yara.length === 0) throw new PillboxError('E_USAGE', NOTHING);
    return ids;
  };
  if (benign === null && plan.inProcess) benign = await checkNow();
  const yaraMaxSize = opts.yaraMaxSize ?? DEFAULTS.yaraMaxSize;
  // Packed only for workers (a one-thread sweep sends nothing).
  let packed: WorkerInit | null = null;
  const init = (): WorkerInit => (packed ??= { indicators: packIndicators(all.indicators), yara: all.yara, yaraMaxSize, hashLogs: opts.hashLogs === true, binaryStrings: opts.binaryStrings !== false, ...(opts.maxLine !== undefined ? { maxLine: opts.maxLine } : {}), ...(opts.maxHits !== undefined ? { maxHits: opts.maxHits } : {}) });
  // The workers build their matchers (and the first one checks the warninglists) while this thread builds its own.
  if (!plan.inProcess) initWorkers(started, init(), benign === null ? deferred.unchecked : undefined);
  const matcher = new IndicatorMatcher(all.indicators);
  if (benign) matcher.drop(benign);
  const tasks = await planned;
  const results = new Map<number, FileResult>();
  const progress: HuntProgress = { files: 0, filesTotal: entries.length, bytes: 0, bytesTotal: entries.reduce((a, e) => a + e.size, 0), hits: 0 };
  let lastTick = 0;
  const tick = (force = false): void => {
    const now = Date.now();
    if (opts.onProgress && (force || now - lastTick >= 100)) {
      lastTick = now;
      opts.onProgress({ ...progress });
    }
  };
  let fatal: PillboxError | null = null;
  const interrupted = (): boolean => opts.signal?.aborted === true;
  const stopped = (): boolean => fatal !== null || interrupted();
  const onBytes = (n: number): void => {
    progress.bytes += n;
    tick();
  };
  const onResult = (t: HuntTask, r: FileResult): void => {
    results.set(t.id, r);
    if (t.kind !== 'range') progress.files++;
    progress.hits += r.hits.length;
    for (const u of r.unlisted) progress.hits += u.count;
    tick(true);
  };
  const inProcess = plan.inProcess || tasks.length <= 1;
  const local = tasks.filter((t) => (t.kind === 'file' && t.stream === true) || inProcess);
  // Biggest first (longest-processing-time order): no thread is left alone with a big file at the end.
  const remote = tasks.filter((t) => !local.includes(t)).sort((a, b) => taskBytes(b) - taskBytes(a));
  if (benign === null && remote.length === 0) {
    benign = await checkNow();
    matcher.drop(benign);
  }
  const onBenign = (ids: number[]): void => {
    benign = ids;
    matcher.drop(ids);
    if (ids.length === all.indicators.length && all.yara.length === 0) fatal = new PillboxError('E_USAGE', NOTHING);
  };
  const yara = compileYara(all.yara);
  const fileOpts = { yara, yaraMaxSize, stopped, onBytes, ...(opts.hashLogs ? { hashLogs: true } : {}), ...(opts.binaryStrings === false ? { binaryStrings: false } : {}), ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.maxLine !== undefined ? { maxLine: opts.maxLine } : {}), ...(opts.maxHits !== undefined ? { maxHits: opts.maxHits } : {}), ...(opts.stdin ? { stdin: opts.stdin } : {}) };
  const hooks = { onBytes, onResult, stopped, local: (t: HuntTask) => runTask(t, matcher, fileOpts), ...(benign === null ? { benign: { ids: deferred.unchecked, onResult: onBenign } } : {}) };
  const pool = remote.length > 0 ? runPool(remote, threads, init(), hooks, started) : Promise.resolve();
  for (const t of local) {
    if (stopped()) break;
    onResult(t, await runTask(t, matcher, fileOpts));
  }
  await pool;
  if (fatal) throw fatal;
  tick(true);
  // A worker that ended before its check (an interrupted sweep) leaves it to this thread.
  benign ??= await checkNow();
  const intel = dropBenign(deferred, benign);
  const files = dropBenignHits(mergeResults(tasks, results, opts.maxHits ?? DEFAULT_MAX_HITS), all.indicators, benign);
  const droppedIds = new Set(benign);
  const warnings: Diagnostic[] = [...intel.warnings, ...matcher.warnings.filter((_, k) => !droppedIds.has(matcher.unusable[k] as number)), ...plan.walkWarnings];
  for (const f of files) {
    for (const w of f.warnings) warnings.push(w);
    if (f.unlisted.length > 0) warnings.push(unlistedWarning(f, opts.maxHits ?? DEFAULT_MAX_HITS));
  }
  const hits = files.flatMap((f) => f.hits);
  return {
    schema_version: HUNT_SCHEMA_VERSION,
    hits,
    summary: buildSummary(intel, files, hits),
    warnings,
    interrupted: interrupted(),
  };
}

/** Hits of indicators found benign while the sweep ran (whole-file hits, or before the check came back). */
function dropBenignHits(files: FileResult[], indicators: readonly IntelIndicator[], benign: readonly number[]): FileResult[] {
  if (benign.length === 0) return files;
  const keys = new Set(benign.map((id) => { const i = indicators[id] as IntelIndicator; return hitKey(i.type, i.value, i.source); }));
  for (const f of files) {
    f.hits = f.hits.filter((h) => h.type === 'yara' || !keys.has(hitKey(h.type, h.indicator, h.source)));
    f.unlisted = f.unlisted.filter((u) => !keys.has(hitKey(u.type, u.indicator, u.source)));
  }
  return files;
}

/** One warning per file whose hits were not all listed: how many were counted only, and for which indicators. */
function unlistedWarning(f: FileResult, maxHits: number): Diagnostic {
  const total = f.unlisted.reduce((a, u) => a + u.count, 0);
  const top = [...f.unlisted].sort((a, b) => b.count - a.count || cmp(a.indicator, b.indicator) || cmp(a.source, b.source));
  const names = top.slice(0, 3).map((u) => `${u.indicator} (+${u.count})`).join(', ') + (top.length > 3 ? `, and ${top.length - 3} more` : '');
  return { code: 'hits-unlisted', message: `${f.file}: ${total} more hits counted but not listed (at most ${maxHits} per indicator per file; --max-hits 0 lists all): ${names}` };
}

/**
 * Puts task results back in target order; the ranges of one file are joined and their lines renumbered,
 * and the per-file limit of listed hits applied again over the joined ranges (each range kept its own
 * first `maxHits`), so the listed hits are the file's first ones whatever the number of threads.
 */
function mergeResults(tasks: readonly HuntTask[], results: Map<number, FileResult>, maxHits: number): FileResult[] {
  const out: FileResult[] = [];
  let cur: FileResult | null = null;
  let lineBase = 0;
  for (const t of tasks) {
    const r = results.get(t.id);
    if (t.kind !== 'range') {
      cur = null;
      if (!r) continue;
      const copy: FileResult = { ...r, hits: [...r.hits], unlisted: [...r.unlisted], warnings: [...r.warnings] };
      out.push(copy);
      if (t.kind === 'whole') {
        cur = copy;
        copy.format = null;
        lineBase = 0;
      }
      continue;
    }
    if (!cur || !r) continue;
    cur.format = r.format;
    for (const h of r.hits) cur.hits.push(h.line === null ? h : { ...h, line: h.line + lineBase });
    for (const u of r.unlisted) cur.unlisted.push(u);
    for (const w of r.warnings) cur.warnings.push(w);
    lineBase += r.lines;
    cur.lines = lineBase;
  }
  for (const f of out) {
    sortHits(f.hits);
    if (maxHits > 0) limitHits(f, maxHits);
  }
  return out;
}

/** Keeps the first `maxHits` log hits of each indicator in file `f`, and merges the unlisted counts per indicator. */
function limitHits(f: FileResult, maxHits: number): void {
  const over = new Map<string, UnlistedHits>();
  const add = (u: UnlistedHits): void => {
    const k = hitKey(u.type, u.indicator, u.source);
    const o = over.get(k);
    if (o === undefined) over.set(k, { ...u, matches: [...u.matches] });
    else {
      o.count += u.count;
      for (const m of u.matches) if (!o.matches.includes(m)) o.matches = [...o.matches, m].sort();
    }
  };
  for (const u of f.unlisted) add(u);
  const listed = new Map<string, number>();
  let kept = 0;
  for (const h of f.hits) {
    // Whole-file hits (hash, name, YARA) are one per indicator per file already.
    if (h.line !== null && h.type !== 'yara') {
      const k = hitKey(h.type, h.indicator, h.source);
      const n = listed.get(k) ?? 0;
      if (n >= maxHits) {
        add({ indicator: h.indicator, type: h.type, source: h.source, count: 1, matches: [h.match] });
        continue;
      }
      listed.set(k, n + 1);
    }
    f.hits[kept++] = h;
  }
  f.hits.length = kept;
  f.unlisted = [...over.values()].sort((a, b) => cmp(a.indicator, b.indicator) || cmp(a.source, b.source) || cmp(a.type, b.type));
}

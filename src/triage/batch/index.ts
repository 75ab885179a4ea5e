/**
 * Batch triage: walk targets, triage every file on a worker pool, then fill relatives across the
 * batch and earlier records. The library face of `pillbox triage FILE|DIR...`.
 */
import { availableParallelism } from 'node:os';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { TriageResult } from '../../model/triage-result.js';
import { walkTargets } from '../../hunt/targets/walk.js';
import { compileYara } from '../yara/index.js';
import { readStream } from '../pipeline/file.js';
import { runTriagePool } from './pool.js';
import type { WorkerInit } from './protocol.js';
import { fillRelatives, loadAgainst } from './relatives.js';

export interface BatchOptions {
  maxSize?: number;
  maxDepth?: number;
  /** Most indicators listed per file (default 10,000; 0 for all). */
  maxIocs?: number;
  followSymlinks?: boolean;
  threads?: number;
  /** Milliseconds per file (default 60,000). */
  timeoutPerFile?: number;
  /** Bundled YARA rules on (default true). */
  yara?: boolean;
  /** User YARA rule files or directories. */
  rules?: string[];
  /** Earlier triage records (.json/.jsonl file or directory) to find relatives among. */
  against?: string;
  now?: number;
  onResult?: (r: TriageResult | undefined, done: number, total: number) => void;
  /** What the target `-` reads (default process.stdin). */
  stdin?: AsyncIterable<Buffer | string>;
  /** Called once the walk is done, with the number of files. */
  onFiles?: (n: number) => void;
  /** Called while relatives are found (after every file is triaged): records done so far and in all. */
  onRelatives?: (done: number, total: number) => void;
}

export interface BatchResult {
  results: TriageResult[];
  /** Walk and read problems (unreadable files, skipped links). */
  warnings: Diagnostic[];
}

/**
 * Triages every file under `targets`.
 * @throws RuleError for invalid user rules (before any file is read); an Error with code ENOENT
 * for a missing top-level target.
 */
export async function triagePaths(targets: readonly string[], opts: BatchOptions = {}): Promise<BatchResult> {
  const user = opts.rules ?? [];
  // User rules are compiled once here (with the bundled ones they join) so that a rule error
  // surfaces once, with file and line, before workers start. The bundled rules alone are not: they
  // are tested to compile, and the workers compile them anyway (a failure still comes back as a
  // RuleError from the pool), so doing it here too would only add start-up time to every run.
  if (user.length > 0) compileYara({ bundled: opts.yara !== false, user });
  const against = opts.against === undefined ? [] : await loadAgainst(opts.against);
  const warnings: Diagnostic[] = [];
  const files = await walkTargets(targets, { followSymlinks: opts.followSymlinks === true }, warnings);
  opts.onFiles?.(files.length);
  const init: WorkerInit = {
    limits: { maxSize: opts.maxSize, maxDepth: opts.maxDepth, maxIocs: opts.maxIocs },
    yara: { enabled: opts.yara !== false, user },
    capabilities: undefined,
    ...(opts.now === undefined ? {} : { now: opts.now }),
  };
  // Standard input is read here, once, bounded as a file would be, and handed to a worker as bytes.
  const stdin = files.some((f) => f.path === '-') ? await readStream(opts.stdin ?? process.stdin, opts.maxSize === undefined ? {} : { maxSize: opts.maxSize }) : undefined;
  const { results, errors } = await runTriagePool(files.map((f) => f.path), init, {
    ...(stdin ? { stdin } : {}),
    threads: opts.threads ?? availableParallelism(),
    sizes: files.map((f) => f.size),
    ...(opts.timeoutPerFile === undefined ? {} : { timeoutPerFile: opts.timeoutPerFile }),
    ...(opts.onResult ? { onResult: opts.onResult } : {}),
  });
  for (const e of errors) warnings.push({ code: 'unreadable', message: e.message });
  fillRelatives(results, against, 10, opts.onRelatives);
  return { results, warnings };
}

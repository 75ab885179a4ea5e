import type { FileResult } from '../targets/file.js';
import type { HuntTask } from '../targets/task.js';
import type { YaraSource } from '../types.js';
import type { PackedIndicators } from './pack.js';

/** What a worker is started with. */
export interface WorkerInit {
  indicators: PackedIndicators;
  yara: YaraSource[];
  yaraMaxSize: number;
  hashLogs: boolean;
  binaryStrings: boolean;
  maxLine?: number;
  maxHits?: number;
  /** Ids of indicators to check against the warninglists (sent to one worker); it replies `benign`. */
  benign?: number[];
}

/**
 * `workerData` of a worker: `warmBenign` reads the warninglists' files while the intel is still
 * loading; `warmYara` loads the YARA engine meanwhile (some intel source looks like YARA rules).
 */
export interface WorkerStart {
  warmBenign: boolean;
  warmYara?: boolean;
}

export type WorkerRequest =
  | { type: 'init'; init: WorkerInit }
  | { type: 'task'; task: HuntTask }
  | { type: 'stop' }
  /** Indicators found benign (by another worker): report no hit for them. */
  | { type: 'drop'; ids: number[] };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'benign'; ids: number[] }
  | { type: 'bytes'; n: number }
  | { type: 'done'; id: number; result: FileResult }
  /** A queued task not run because the sweep was stopped first. */
  | { type: 'skipped'; id: number }
  | { type: 'error'; id: number; message: string };

import type { FileResult } from '../targets/file.js';
import type { HuntTask } from '../targets/task.js';
import type { IntelIndicator, YaraSource } from '../types.js';

/** What a worker is started with. */
export interface WorkerInit {
  indicators: IntelIndicator[];
  yara: YaraSource[];
  yaraMaxSize: number;
  hashLogs: boolean;
  maxLine?: number;
}

export type WorkerRequest = { type: 'init'; init: WorkerInit } | { type: 'task'; task: HuntTask } | { type: 'stop' };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'bytes'; n: number }
  | { type: 'done'; id: number; result: FileResult }
  | { type: 'error'; id: number; message: string };

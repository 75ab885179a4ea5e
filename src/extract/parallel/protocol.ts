// Messages between extractIndicatorsParallel and its workers (structured-clone data only).
import type { IndicatorType } from '../../model/indicator.js';
import type { EncodedTable } from './codec.js';

/**
 * Sent once: the whole text (look-arounds read past a chunk's ends) and the types to keep. Workers
 * only record: the calling thread tags benign indicators when it builds the output (so a worker
 * neither loads nor compiles the warninglists, which cost it ~0.2 s of cold start).
 */
export interface InitMessage {
  kind: 'init';
  text: string;
  types: readonly IndicatorType[] | undefined;
}

/** One chunk to scan: text[from, to), cut by split.ts. */
export interface ChunkMessage {
  kind: 'chunk';
  index: number;
  from: number;
  to: number;
}

/** The worker has loaded its modules and takes chunks. */
export interface ReadyMessage { kind: 'ready' }

/**
 * A chunk's record (codec.ts form), line numbers relative to the chunk (1 at `from`), and the
 * milliseconds the worker spent on it (the caller paces its own work by the workers' speed).
 */
export type ChunkReply =
  | { kind: 'chunk'; index: number; ok: true; encoded: EncodedTable; newlines: number; ms: number }
  | { kind: 'chunk'; index: number; ok: false; message: string };

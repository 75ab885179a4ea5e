// Messages and shared cells between the calling thread (spans.ts) and the span worker (span-worker.ts).
import type { MessagePort } from 'node:worker_threads';
import type { PreparedSpans } from '../indicators/index.js';

/** Sent once: the text, the chunk cuts (parallel/split.ts), the shared cells and the port for replies. */
export interface SpanInit {
  text: string;
  cuts: readonly number[];
  /** SharedArrayBuffer of CELLS int32 cells, indexed by the CELL_* constants. */
  cells: SharedArrayBuffer;
  port: MessagePort;
}

/**
 * One chunk's candidate spans (segment.ts SpanRecorder: `spans[0, length)`), their refanged texts and
 * shapes (prepare.ts; null when their maps exceed MAPS_MAX), fold-mark bits and newline count.
 */
export interface SpanReply {
  index: number;
  spans: Int32Array;
  length: number;
  prep: PreparedSpans | null;
  folds: Uint8Array;
  newlines: number;
}

/** The chunk the calling thread is at (it scans or replays that one; the worker works ahead of it). */
export const CELL_AT = 0;
/** Chunks from this index on are not wanted (other workers took them, or the work is over: 0). */
export const CELL_LIMIT = 1;
/** The chunk the worker is recording now (0 once it runs, -1 before), and the last one it posted. */
export const CELL_WORKING = 2, CELL_POSTED = 3;
/** Bumped by the calling thread whenever it has news for the worker (it waits on this cell). */
export const CELL_SIGNAL = 4;
export const CELLS = 5;
/** How many chunks the worker may be in front of the calling thread (bounds the spans held in memory). */
export const AHEAD = 4;
/** Bytes of spans it may hold in front of the calling thread beyond the next chunk (~0.2 MB a chunk on report text). */
export const AHEAD_BYTES = 2 * 1024 * 1024;
/**
 * Chunks with more spans than this (hostile input: a digit every other character makes 500k a MiB)
 * are left to the calling thread: sending them (6 MB of spans a MiB of text, allocated per chunk in
 * the worker and freed on the calling thread) tripled the peak memory of such a text. Report text
 * has a few thousand spans a MiB.
 */
export const SPANS_MAX = 65536;
/** Chunks whose refanged spans' offset maps (4 bytes a character) exceed this are sent without their prepared part. */
export const MAPS_MAX = 256 * 1024;

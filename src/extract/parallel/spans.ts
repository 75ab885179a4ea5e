// The span pass on a worker: a pipeline, not a split of the text. The worker runs the character pass
// (indicators/segment.ts, about a quarter of the single-thread time) over the chunks just ahead of
// the calling thread and refangs and measures the spans (indicators/prepare.ts); the calling thread
// then runs only the family scanners on them (replayRange). Checking the values against the
// warninglists on the worker too was tried: ~0.1 s less on the calling thread, but ~0.2 s more CPU
// in the worker (loading the lists, compiling their code), a loss as soon as the cores are busy.
// Why not hand whole chunks to a worker instead: a worker isolate compiles its code afresh, and
// optimising the family scanners cost it ~0.5 s of CPU (TurboFan, measured with --trace-opt) on the
// 50 MB bench corpus, as much as the chunks it scanned saved the calling thread on two cores. The
// character pass is a few small functions: warm within a chunk or two.
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { CELLS, CELL_AT, CELL_LIMIT, CELL_POSTED, CELL_SIGNAL, CELL_WORKING, type SpanInit, type SpanReply } from './span-protocol.js';
import { holdThreadCompilation } from '../../util/jit.js';
import { startWorker } from './start.js';

/**
 * Longest the calling thread waits for the chunk the worker is recording, after which it scans the
 * chunk itself: a replayed chunk saves it about a third of a full scan (~6 ms a MiB), no more.
 */
const WAIT_MS = 4;

/** A span worker started before its text is handed over (see {@link startSpanWorker}). */
export interface SpanWorkerStart {
  worker: Worker;
  /** Restores V8's background compilation (util/jit.ts), held while the worker starts. */
  release: () => void;
  /** Set when the worker failed (before a SpanFeed took it over). */
  failed: boolean;
}

/**
 * Starts a span worker ahead of its text, so that it starts up (a new isolate, module loading: ~0.1 s
 * of wall time, ~0.2 s cold) while the calling thread still judges the text (denseText: ~15 ms warm,
 * ~0.15 s in a cold process). Hand it to a SpanFeed, or end it with {@link dropSpanWorker}. Null
 * when no worker can start.
 */
export function startSpanWorker(): SpanWorkerStart | null {
  const release = holdThreadCompilation();
  try {
    const worker = startWorker('span-worker');
    const started: SpanWorkerStart = { worker, release, failed: false };
    // A worker that fails before a SpanFeed listens must not throw an unhandled 'error' event.
    worker.on('error', () => { started.failed = true; });
    return started;
  } catch {
    release();
    return null;
  }
}

/** Ends a span worker no SpanFeed took (a dense text gets a chunk worker instead). */
export function dropSpanWorker(started: SpanWorkerStart | null): void {
  if (started === null) return;
  started.release();
  void started.worker.terminate();
}

/** The calling thread's end of a span worker. Every method is cheap and never throws. */
export class SpanFeed {
  private readonly cells: Int32Array;
  private readonly port: MessagePort;
  private readonly worker: Worker | null;
  private next: SpanReply | undefined;
  private closed = false;
  private stopped = false;
  /** Restores V8's background compilation for later isolates (see util/jit.ts: it waits for the calling thread most of the time, so compiling on its own thread costs no wall time; ~0.1 s less process CPU over the 50 MB bench corpus), once the worker runs. */
  private release: (() => void) | null = null;

  /**
   * Starts the worker on `text` cut at `cuts` (it skips chunk 0: the calling thread starts there),
   * with a worker from {@link startSpanWorker} when given.
   */
  constructor(text: string, cuts: readonly number[], started: SpanWorkerStart | null = startSpanWorker()) {
    const sab = new SharedArrayBuffer(CELLS * 4);
    this.cells = new Int32Array(sab);
    this.cells[CELL_LIMIT] = cuts.length - 1;
    this.cells[CELL_WORKING] = -1;
    this.cells[CELL_POSTED] = -1;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const w = started?.worker ?? null;
    this.release = started?.release ?? null;
    try {
      if (w === null || started?.failed === true) throw new Error('no span worker');
      const init: SpanInit = { text, cuts, cells: sab, port: port2 };
      w.postMessage(init, [port2]);
      // A worker that fails simply posts nothing more: the calling thread does that work itself.
      w.on('error', () => { this.closed = true; });
    } catch {
      this.closed = true;
    }
    this.worker = w;
  }

  private signal(): void {
    Atomics.add(this.cells, CELL_SIGNAL, 1);
    Atomics.notify(this.cells, CELL_SIGNAL);
  }

  /** Tells the worker the calling thread is at chunk `k` and will not want chunks from `limit` on. */
  at(k: number, limit: number): void {
    if (this.release !== null && Atomics.load(this.cells, CELL_WORKING) !== -1) this.releaseFlag();
    Atomics.store(this.cells, CELL_AT, k);
    Atomics.store(this.cells, CELL_LIMIT, limit);
    this.signal();
  }

  /** Chunk k's spans if the worker recorded them (waiting briefly when it is recording k right now). */
  take(k: number): SpanReply | undefined {
    // The worker never records chunk 0 (the calling thread starts there while it starts up).
    if (this.closed || k === 0) return undefined;
    if ((this.next === undefined || this.next.index < k) && Atomics.load(this.cells, CELL_WORKING) === k) {
      const until = performance.now() + WAIT_MS;
      for (let p = Atomics.load(this.cells, CELL_POSTED); p < k && performance.now() < until; p = Atomics.load(this.cells, CELL_POSTED)) {
        Atomics.wait(this.cells, CELL_POSTED, p, WAIT_MS);
      }
    }
    while (this.next === undefined || this.next.index < k) {
      const m = receiveMessageOnPort(this.port);
      if (m === undefined) return undefined;
      this.next = m.message as SpanReply;
    }
    return this.next.index === k ? this.next : undefined;
  }

  private releaseFlag(): void {
    this.release?.();
    this.release = null;
  }

  /** Stops the worker (idempotent). */
  stop(): void {
    this.releaseFlag();
    if (this.stopped) return;
    this.stopped = this.closed = true;
    this.at(Atomics.load(this.cells, CELL_AT), 0);
    this.port.close();
    if (this.worker !== null) void this.worker.terminate();
  }
}

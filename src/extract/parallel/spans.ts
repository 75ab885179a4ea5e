// The span pass on a worker: a pipeline, not a split of the text. The worker runs the character pass
// (indicators/segment.ts, about a quarter of the single-thread time) over the chunks just ahead of
// the calling thread, which then runs only the family scanners on the recorded spans (replayRange).
// The worker also checks the values found against the bundled warninglists (the benign tags).
// Why not hand whole chunks to a worker instead: a worker isolate compiles its code afresh, and
// optimising the family scanners cost it ~0.5 s of CPU (TurboFan, measured with --trace-opt) on the
// 50 MB bench corpus, as much as the chunks it scanned saved the calling thread on two cores. The
// character pass is a few small functions: warm within a chunk or two.
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { INDICATOR_TYPES, type IndicatorType } from '../../model/constants.js';
import type { Benign } from '../../model/indicator.js';
import type { KnownBenign } from '../indicators/index.js';
import { CELLS, CELL_AT, CELL_CHECKED, CELL_LIMIT, CELL_POSTED, CELL_SIGNAL, CELL_WORKING, type SpanInit, type SpanReply, type ValueBatch, type VerdictReply } from './span-protocol.js';
import { startWorker } from './start.js';

/**
 * Longest the calling thread waits for the chunk the worker is recording, after which it scans the
 * chunk itself: a replayed chunk saves it about a third of a full scan (~6 ms a MiB), no more.
 */
const WAIT_MS = 4;
/** Longest it waits for the verdicts of the values it sent last (it checks them itself after). */
const CHECK_WAIT_MS = 50;
const TYPE_ID = new Map<IndicatorType, number>(INDICATOR_TYPES.map((t, i) => [t, i]));

/** The calling thread's end of a span worker. Every method is cheap and never throws. */
export class SpanFeed {
  private readonly cells: Int32Array;
  private readonly port: MessagePort;
  private readonly checks: MessagePort | null;
  private readonly worker: Worker | null;
  private next: SpanReply | undefined;
  private closed = false;
  private stopped = false;
  /** Indicators sent for checking, and the verdicts received (indicator number → benign verdict). */
  private sent = 0;
  private answered = 0;
  private readonly benign = new Map<number, Benign>();

  /**
   * Starts the worker on `text` cut at `cuts` (it skips chunk 0: the calling thread starts there).
   * With `check`, it also checks the values sent with {@link SpanFeed.send} against the bundled warninglists.
   */
  constructor(text: string, cuts: readonly number[], check: boolean) {
    const sab = new SharedArrayBuffer(CELLS * 4);
    this.cells = new Int32Array(sab);
    this.cells[CELL_LIMIT] = cuts.length - 1;
    this.cells[CELL_WORKING] = -1;
    this.cells[CELL_POSTED] = -1;
    const spans = new MessageChannel(), checks = check ? new MessageChannel() : null;
    this.port = spans.port1;
    this.checks = checks?.port1 ?? null;
    let w: Worker | null = null;
    try {
      w = startWorker('span-worker');
      const init: SpanInit = { text, cuts, cells: sab, port: spans.port2, checks: checks?.port2 ?? null };
      w.postMessage(init, checks === null ? [spans.port2] : [spans.port2, checks.port2]);
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
    Atomics.store(this.cells, CELL_AT, k);
    Atomics.store(this.cells, CELL_LIMIT, limit);
    this.signal();
  }

  /** Chunk k's spans if the worker recorded them (waiting briefly when it is recording k right now). */
  take(k: number): SpanReply | undefined {
    if (this.closed) return undefined;
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

  /** Sends indicators sent…`types.length` (numbered from where the last call stopped) for checking. */
  send(types: readonly IndicatorType[], values: readonly string[]): void {
    if (this.checks === null || this.closed || values.length === this.sent) return;
    const first = this.sent, n = values.length - first;
    const ids = new Uint8Array(n);
    for (let j = 0; j < n; j++) ids[j] = TYPE_ID.get(types[first + j]!)!;
    const batch: ValueBatch = { first, types: ids, values: values.slice(first) };
    this.checks.postMessage(batch);
    this.sent = values.length;
    this.signal();
  }

  /**
   * The verdicts received for the indicators sent, in order from 0 (waiting up to CHECK_WAIT_MS for
   * the last ones when `wait`): the indicators below `count` need no check of their own.
   */
  verdicts(wait: boolean): KnownBenign {
    if (this.checks !== null) {
      const until = performance.now() + (wait ? CHECK_WAIT_MS : 0);
      for (;;) {
        for (let m = receiveMessageOnPort(this.checks); m !== undefined; m = receiveMessageOnPort(this.checks)) {
          const r = m.message as VerdictReply;
          for (const [i, b] of r.benign) this.benign.set(i, b);
          this.answered = r.first + r.count;
        }
        const done = Atomics.load(this.cells, CELL_CHECKED);
        if (this.answered >= this.sent || this.closed || performance.now() >= until) break;
        // Verdicts posted but not yet read are in the port already; otherwise wait for the next post.
        if (done <= this.answered) Atomics.wait(this.cells, CELL_CHECKED, done, Math.max(1, until - performance.now()));
      }
    }
    const benign = this.benign;
    return { count: this.answered, get: (i) => benign.get(i) };
  }

  /** Stops the worker (idempotent). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = this.closed = true;
    this.at(Atomics.load(this.cells, CELL_AT), 0);
    this.port.close();
    this.checks?.close();
    if (this.worker !== null) void this.worker.terminate();
  }
}

// Worker side of the span pass (spans.ts): records the candidate spans of the chunks ahead of the
// calling thread, in document order, refangs and measures them (indicators/prepare.ts), and posts
// each chunk's on the port it was given. It loads only these passes (not the family scanners), so it
// starts and warms up in a fraction of the time a worker running the family scanners needs.
import { parentPort } from 'node:worker_threads';
import { prepareSpans, type PreparedSpans } from '../indicators/prepare.js';
import { FoldLines, SPAN_FIELDS, SpanRecorder, segmentText } from '../indicators/segment.js';
import { AHEAD, AHEAD_BYTES, MAPS_MAX, SPANS_MAX, CELL_AT, CELL_LIMIT, CELL_POSTED, CELL_SIGNAL, CELL_WORKING, type SpanInit, type SpanReply } from './span-protocol.js';

/** Bytes of the chunks posted after chunk `at` and before chunk `k`. */
function held(sizes: Float64Array, at: number, k: number): number {
  let n = 0;
  for (let j = at + 1; j < k; j++) n += sizes[j]!;
  return n;
}

function run(init: SpanInit): void {
  const { text, cuts, port } = init;
  const cells = new Int32Array(init.cells);
  // Running: this isolate exists (the calling thread may restore V8's background compilation).
  Atomics.store(cells, CELL_WORKING, 0);
  const last = cuts.length - 1;
  /** Bytes posted per chunk: what the calling thread has not reached yet is held in memory. */
  const sizes = new Float64Array(cuts.length);
  // One recorder for every chunk: its array grows to the largest chunk's spans once (a fresh one per
  // chunk left megabytes of outgrown arrays to the collector on span-dense text).
  const rec = new SpanRecorder();
  let k = 1;
  for (;;) {
    const signal = Atomics.load(cells, CELL_SIGNAL);
    // Skip what the calling thread has reached (it scans those itself), and stay at most AHEAD chunks
    // and AHEAD_BYTES in front of it (bounded memory on hostile input: a span every other character
    // makes 6 MB of spans per MiB of text); stop at the chunks other workers took.
    const at = Atomics.load(cells, CELL_AT), limit = Math.min(last, Atomics.load(cells, CELL_LIMIT));
    if (k <= at) k = at + 1;
    if (k < limit && k <= at + AHEAD && (k === at + 1 || held(sizes, at, k) <= AHEAD_BYTES)) {
      Atomics.store(cells, CELL_WORKING, k);
      rec.length = 0;
      const folds = new FoldLines();
      const newlines = segmentText(text, rec, cuts[k]!, cuts[k + 1]!, folds);
      if (rec.length <= SPANS_MAX * SPAN_FIELDS) {
        let prep: PreparedSpans | null = prepareSpans(text, rec.spans, rec.length);
        if (prep.maps.length > MAPS_MAX) prep = null;
        // Only the recorded part travels (the recorder's array grew by doubling).
        const reply: SpanReply = { index: k, spans: rec.spans.slice(0, rec.length), length: rec.length, prep, folds: folds.bytes(), newlines };
        const moved: ArrayBuffer[] = [reply.spans.buffer as ArrayBuffer, reply.folds.buffer as ArrayBuffer];
        if (prep !== null) for (const a of [prep.shapes, prep.refanged, prep.rOff, prep.maps, prep.mapOff]) moved.push(a.buffer as ArrayBuffer);
        sizes[k] = moved.reduce((n, b) => n + b.byteLength, prep === null ? 0 : 2 * prep.rs.length);
        port.postMessage(reply, moved);
      }
      Atomics.store(cells, CELL_POSTED, k);
      Atomics.notify(cells, CELL_POSTED);
      k++;
      continue;
    }
    // Nothing more to record (limit 0: the caller stopped).
    if (k >= limit) break;
    Atomics.wait(cells, CELL_SIGNAL, signal, 100);
  }
  port.close();
}

parentPort?.once('message', (init: SpanInit) => {
  try {
    run(init);
  } catch {
    // The calling thread scans the chunks it gets no spans for.
    init.port.close();
  }
});

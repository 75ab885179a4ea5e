// Worker side of the span pass (spans.ts): records the candidate spans of the chunks ahead of the
// calling thread, in document order, refangs and measures them (indicators/prepare.ts), and posts
// each chunk's on the port it was given. It loads only these passes (not the family scanners), so it
// starts and warms up in a fraction of the time a worker running the family scanners needs. In the
// time it would wait for the calling thread, it checks the values that thread found against the
// bundled warninglists (the benign tags), which the calling thread would otherwise do while building
// its output.
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { INDICATOR_TYPES } from '../../model/constants.js';
import type { Benign } from '../../model/indicator.js';
import { prepareSpans, type PreparedSpans } from '../indicators/prepare.js';
import { FoldLines, SPAN_FIELDS, SpanRecorder, segmentText } from '../indicators/segment.js';
import { AHEAD, AHEAD_BYTES, MAPS_MAX, SPANS_MAX, CELL_AT, CELL_CHECKED, CELL_LIMIT, CELL_POSTED, CELL_SIGNAL, CELL_WORKING, type SpanInit, type SpanReply, type ValueBatch, type VerdictReply } from './span-protocol.js';

type Check = (batch: ValueBatch) => VerdictReply;

/** The warninglist check, loaded on the first batch (a worker that gets none never loads the lists). */
async function loadCheck(): Promise<Check> {
  const { checkBenign, loadWarninglists } = await import('../../knowledge/warninglists/index.js');
  const wl = loadWarninglists();
  return (b) => {
    const benign: [number, Benign][] = [];
    for (let j = 0; j < b.values.length; j++) {
      const v = checkBenign(INDICATOR_TYPES[b.types[j]!]!, b.values[j]!, wl);
      if (v !== undefined) benign.push([b.first + j, v]);
    }
    return { first: b.first, count: b.values.length, benign };
  };
}

/** Answers every value batch waiting on `port` (CELL_CHECKED: indicators answered so far). */
async function answerChecks(port: MessagePort, cells: Int32Array, state: { check: Check | null }): Promise<void> {
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    const batch = m.message as ValueBatch;
    state.check ??= await loadCheck();
    const reply = state.check(batch);
    port.postMessage(reply);
    Atomics.store(cells, CELL_CHECKED, reply.first + reply.count);
    Atomics.notify(cells, CELL_CHECKED);
  }
}

/** Bytes of the chunks posted after chunk `at` and before chunk `k`. */
function held(sizes: Float64Array, at: number, k: number): number {
  let n = 0;
  for (let j = at + 1; j < k; j++) n += sizes[j]!;
  return n;
}

async function run(init: SpanInit): Promise<void> {
  const { text, cuts, port, checks } = init;
  const cells = new Int32Array(init.cells);
  const last = cuts.length - 1;
  const state: { check: Check | null } = { check: null };
  /** Bytes posted per chunk: what the calling thread has not reached yet is held in memory. */
  const sizes = new Float64Array(cuts.length);
  // One recorder for every chunk: its array grows to the largest chunk's spans once (a fresh one per
  // chunk left megabytes of outgrown arrays to the collector on span-dense text).
  const rec = new SpanRecorder();
  let k = 1;
  for (;;) {
    const signal = Atomics.load(cells, CELL_SIGNAL);
    if (checks !== null) await answerChecks(checks, cells, state);
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
    // Nothing to record: done when there is nothing to check either (limit 0: the caller stopped).
    if (limit === 0 || (k >= limit && checks === null)) break;
    Atomics.wait(cells, CELL_SIGNAL, signal, 100);
  }
  port.close();
  checks?.close();
}

parentPort?.once('message', (init: SpanInit) => {
  // A failure closes the ports: the calling thread scans and checks what it gets no answer for.
  run(init).catch(() => { init.port.close(); init.checks?.close(); });
});

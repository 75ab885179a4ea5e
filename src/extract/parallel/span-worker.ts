// Worker side of the span pass (spans.ts): records the candidate spans of the chunks ahead of the
// calling thread, in document order, and posts each chunk's spans on the port it was given. It loads
// only the character pass (indicators/segment.ts), so it starts and warms up in a fraction of the time
// a worker running the family scanners needs.
import { parentPort } from 'node:worker_threads';
import { FoldLines, SpanRecorder, segmentText } from '../indicators/segment.js';
import { AHEAD, CELL_AT, CELL_LIMIT, CELL_POSTED, CELL_WORKING, type SpanInit, type SpanReply } from './span-protocol.js';

function run(init: SpanInit): void {
  const { text, cuts, port } = init;
  const cells = new Int32Array(init.cells);
  const last = cuts.length - 1;
  for (let k = 1; k < last; k++) {
    // Skip what the calling thread has reached (it scans those itself), and stay at most AHEAD chunks
    // in front of it (bounded memory on hostile input); stop at the chunks other workers took.
    let at = Atomics.load(cells, CELL_AT);
    if (k <= at) k = at + 1;
    while (k > at + AHEAD && k < Atomics.load(cells, CELL_LIMIT)) {
      Atomics.wait(cells, CELL_AT, at, 100);
      at = Atomics.load(cells, CELL_AT);
    }
    if (k >= Atomics.load(cells, CELL_LIMIT)) break;
    if (k <= at) { k = at; continue; }
    Atomics.store(cells, CELL_WORKING, k);
    const rec = new SpanRecorder(), folds = new FoldLines();
    const newlines = segmentText(text, rec, cuts[k]!, cuts[k + 1]!, folds);
    const reply: SpanReply = { index: k, spans: rec.spans, length: rec.length, folds: folds.bytes(), newlines };
    port.postMessage(reply, [rec.spans.buffer as ArrayBuffer, reply.folds.buffer as ArrayBuffer]);
    Atomics.store(cells, CELL_POSTED, k);
    Atomics.notify(cells, CELL_POSTED);
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

// Indicator extraction on several threads for big documents. The text is cut at safe line starts
// (split.ts) into ~1 MiB chunks. The calling thread takes chunks from the front, in order, recording
// them straight into the document's record; one worker runs the character pass just ahead of it
// (spans.ts), so that the calling thread only runs the family scanners on each chunk's spans. A dense
// text (an IOC dump: see denseText) gets a chunk worker instead. With three threads or more, the
// other workers take whole chunks from the back, so a worker that starts late (module loading, cold
// JIT) simply takes fewer; each holds its next chunk so that it never waits for the busy calling
// thread. The calling thread builds its indicators while they finish theirs; their chunk records are
// then merged after its own (merge.ts) and the rest built: exactly the single-thread result.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { loadWarninglists } from '../../knowledge/warninglists/index.js';
import type { Indicator } from '../../model/indicator.js';
import { FoldLines, IndicatorBuilder, MatchTable, extractIndicators, recordRange, replayRange, sortIndicators, type ExtractIndicatorsOptions } from '../indicators/index.js';
import { SPAN_FIELDS, SpanRecorder, segmentText } from '../indicators/segment.js';
import { recordChunk } from './chunk.js';
import { encodeTable, type EncodedTable } from './codec.js';
import { mergeTable } from './merge.js';
import type { ChunkMessage, ChunkReply, InitMessage, ReadyMessage } from './protocol.js';
import { SPANS_MAX } from './span-protocol.js';
import { SpanFeed, dropSpanWorker, startSpanWorker, type SpanWorkerStart } from './spans.js';
import { splitRanges } from './split.js';
import { startWorker } from './start.js';

export { startWorker };

/**
 * Below this many UTF-16 code units no worker is started: its start-up (~0.2 s CPU: a new isolate,
 * module loading) and cold first chunks would cost more than it takes off the calling thread.
 */
export const DEFAULT_MIN_PARALLEL_LENGTH = 4 * 1024 * 1024;
/** Chunk length: small enough to balance the threads, big enough that per-chunk costs stay small. */
const CHUNK = 1024 * 1024;
/** A worker that has answered fewer chunks than this is still cold (see extractIndicatorsParallel). */
const COLD_CHUNKS = 2;

export interface ParallelExtractOptions extends ExtractIndicatorsOptions {
  /** Threads to use, the calling one included (default os.availableParallelism(); 1 = no workers). */
  threads?: number;
  /** Texts shorter than this (UTF-16 code units) are scanned on the calling thread only (default 4 Mi). */
  minParallelLength?: number;
}

/** A chunk recorded off the front of the queue: its encoded record and newline count. */
interface BackChunk { encoded: EncodedTable; newlines: number }

/** The shared queue of chunk ranges: the calling thread pops from the front, workers from the back. */
class Queue {
  lo = 0;
  hi: number;
  /** Chunks recorded by workers (or redone by the caller), merged only at the end (receiving them costs the calling thread nearly nothing). */
  readonly back: (BackChunk | undefined)[];
  constructor(readonly cuts: readonly number[]) {
    this.hi = cuts.length - 1;
    this.back = new Array<BackChunk | undefined>(this.hi);
  }
}

/** Chunks a worker holds at once: the one it scans and the next, so that it never waits for the busy calling thread to hand it work. */
const DEPTH = 2;

/**
 * Feeds one worker chunks from the back of the queue once it is ready. A worker that is still starting
 * when the queue runs dry gets nothing (and is not waited for); a failed chunk stays undefined and is
 * redone by the caller.
 */
class Feed {
  /** The chunks sent and not yet answered, oldest first (the worker scans the first). */
  readonly inFlight: number[] = [];
  /** Chunks the worker has answered (its first ones run cold: interpreted, not yet optimised). */
  answered = 0;
  /** Milliseconds the worker spent on its last chunk (it always has the next one queued: its pace), or 0. */
  chunkMs = 0;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(private readonly w: Worker, private readonly q: Queue, init: InitMessage) {
    w.on('message', (r: ChunkReply | ReadyMessage) => {
      if (r.kind === 'chunk') {
        const at = this.inFlight.indexOf(r.index);
        if (at >= 0) this.inFlight.splice(at, 1);
        this.answered++;
        if (r.ok) this.chunkMs = r.ms;
        // A chunk the calling thread took back (see extractIndicatorsParallel) keeps its own record (the same).
        if (r.ok && q.back[r.index] === undefined) q.back[r.index] = { encoded: r.encoded, newlines: r.newlines };
      }
      this.fill();
    });
    w.once('error', () => this.stop());
    w.once('exit', () => this.stop());
    w.postMessage(init);
  }

  /** Stops feeding (the worker failed, or is too cold to wait for); returns the chunks it held. */
  stop(): number[] {
    this.stopped = true;
    const held = this.inFlight.splice(0);
    this.wake?.();
    return held;
  }

  /** Takes back the chunks sent but not started (all but the oldest). */
  release(): number[] {
    return this.inFlight.splice(1);
  }

  private fill(): void {
    while (!this.stopped && this.inFlight.length < DEPTH && this.q.lo < this.q.hi) {
      const index = --this.q.hi;
      this.inFlight.push(index);
      const msg: ChunkMessage = { kind: 'chunk', index, from: this.q.cuts[index]!, to: this.q.cuts[index + 1]! };
      this.w.postMessage(msg);
    }
    if (this.inFlight.length === 0) this.wake?.();
  }

  /** Resolves once the worker has no chunk in flight. */
  idle(): Promise<void> {
    return this.inFlight.length > 0 ? new Promise((r) => { this.wake = r; }) : Promise.resolve();
  }
}

/**
 * Time to build the output of the text scanned so far, as a share of the time that scan took
 * (measured on the bench corpus: 0.08–0.19; benign checks and objects).
 */
const BUILD_SHARE = 0.12;

/**
 * Whether the calling thread should build its part now rather than scan another chunk: when the warm
 * workers will need about as long for the chunks left as that build takes (then it overlaps their
 * scanning instead of following it). Cold workers' speed is unknown: never before they warm up.
 */
function timeToBuild(q: Queue, feeds: readonly Feed[], scanMs: number): boolean {
  let rate = 0, held = 0;
  for (const f of feeds) {
    if (f.answered < COLD_CHUNKS || f.chunkMs <= 0) continue;
    rate += 1 / f.chunkMs;
    held += f.inFlight.length;
  }
  return rate > 0 && q.hi > q.lo && (q.hi - q.lo + held) / rate <= BUILD_SHARE * scanMs;
}

/** Starts up to `n` workers fed from `q`; fewer when a worker cannot start (resource limits, a broken install). */
function startFeeds(n: number, q: Queue, init: InitMessage): { workers: Worker[]; feeds: Feed[] } {
  const workers: Worker[] = [];
  const feeds: Feed[] = [];
  for (let k = 0; k < n; k++) {
    let w: Worker;
    try {
      w = startWorker();
    } catch {
      break; // the calling thread does the chunks
    }
    workers.push(w);
    feeds.push(new Feed(w, q, init));
  }
  return { workers, feeds };
}

/** Characters sampled at each of three places to judge a text's density (see denseText). */
const PROBE = 64 * 1024;
/**
 * Indicator occurrences a MiB above which a text is dense: about five times report prose (the bench
 * corpus has ~3.4k a MiB; a CSV feed of addresses and host names ~80k).
 */
const DENSE_OCCURRENCES = 16 * 1024;

/**
 * Whether most of the text is dense, where the span worker helps little: many indicators a MiB (an
 * IOC dump, a CSV feed: the family scanners and the build, which stay on the calling thread, are most
 * of the work, not the character pass), or more than SPANS_MAX candidate spans a MiB (chunks the span
 * worker leaves to the calling thread anyway: sending their spans costs more memory than it saves
 * time). Such a text gets a chunk worker instead, which takes whole chunks from the back: a 21 MB CSV
 * of addresses and host names took 3.7–3.9 s wall beside the span worker and 3.1 s split in chunks;
 * 25 MB of densely packed indicators 4.0 s against 3.0 s. Judged on three samples of PROBE
 * characters at the starts of the chunks a quarter, half and three quarters in (~1% of such a text,
 * scanned twice). `onFirstSparse` is called once the first sample reads as prose (the caller starts
 * its span worker then, so that it starts up while the other two are judged).
 */
export function denseText(text: string, cuts: readonly number[], onFirstSparse?: () => void): boolean {
  const n = cuts.length - 1;
  let dense = 0;
  const samples = [n >> 2, n >> 1, (3 * n) >> 2];
  for (let j = 0; j < samples.length; j++) {
    const k = samples[j]!, from = cuts[k]!, end = cuts[k + 1]!;
    // Ended at a line start where one comes soon after PROBE characters; a cut inside a token only
    // miscounts that token (this is an estimate).
    const nl = text.indexOf('\n', from + PROBE);
    const to = nl !== -1 && nl < end ? nl + 1 : Math.min(end, from + 4 * PROBE);
    const perMiB = (1024 * 1024) / Math.max(1, to - from);
    const rec = new SpanRecorder();
    segmentText(text, rec, from, to);
    const table = new MatchTable();
    recordRange(table, text, from, to, undefined, 1);
    if ((rec.length / SPAN_FIELDS) * perMiB > SPANS_MAX || table.occurrences * perMiB > DENSE_OCCURRENCES) dense++;
    else if (j === 0) onFirstSparse?.();
  }
  return dense >= 2;
}

/** Lets the event loop deliver worker replies (so idle workers get their next chunk). */
const yieldToEvents = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * extractIndicators on several threads: the same result (values, offsets, line numbers, order, tags),
 * computed faster on big texts. Small texts, `threads: 1` or a text without enough lines run on the
 * calling thread. A chunk whose worker fails is redone on the calling thread.
 * @example const inds = await extractIndicatorsParallel(bigReport, { threads: 2 });
 */
export async function extractIndicatorsParallel(text: string, opts: ParallelExtractOptions = {}): Promise<Indicator[]> {
  const threads = Math.max(1, Math.floor(opts.threads ?? availableParallelism()));
  if (threads < 2 || text.length < (opts.minParallelLength ?? DEFAULT_MIN_PARALLEL_LENGTH)) return extractIndicators(text, opts);
  const cuts = splitRanges(text, Math.max(2, Math.round(text.length / CHUNK)));
  if (cuts.length < 3) return extractIndicators(text, opts);
  const { threads: _t, minParallelLength: _m, ...base } = opts;
  const q = new Queue(cuts);
  // One worker runs the character pass ahead of the calling thread (spans.ts), unless the text is
  // dense (denseText); any others take whole chunks from the back (no more workers than chunks: each holds a
  // copy of the text).
  // The span worker starts up while the rest of the text is judged once the first sample reads as
  // prose (a dense text does not use it; most of a dense text's samples are dense).
  const ahead: { started: SpanWorkerStart | null } = { started: null };
  let dense = true;
  try {
    dense = denseText(text, cuts, () => { ahead.started = startSpanWorker(); });
  } finally {
    // A worker left waiting for its text would keep the process alive.
    if (dense) dropSpanWorker(ahead.started);
  }
  const spans = dense ? null : new SpanFeed(text, cuts, ahead.started ?? startSpanWorker());
  const { workers, feeds } = startFeeds(Math.min(threads, cuts.length) - (spans === null ? 1 : 2), q, { kind: 'init', text, types: base.types });
  // The calling thread's chunks go straight into the document's record, in order.
  const table = new MatchTable();
  const builder = new IndicatorBuilder(text, table, base.warninglists === undefined ? loadWarninglists() : base.warninglists, base.dropBenign === true);
  let line = 1;
  const backChunk = (k: number): BackChunk => {
    const { table: t, newlines } = recordChunk(text, cuts[k]!, cuts[k + 1]!, base.types);
    return { encoded: encodeTable(t), newlines };
  };
  let scanMs = 0, built = false;
  try {
    while (q.lo < q.hi) {
      if (!built && timeToBuild(q, feeds, scanMs)) {
        builder.update();
        built = true;
        await yieldToEvents();
        continue;
      }
      const k = q.lo++;
      const t0 = performance.now();
      spans?.at(k, q.hi);
      const got = spans?.take(k);
      if (got !== undefined) {
        replayRange(table, text, cuts[k]!, got.spans, got.length, new FoldLines(got.folds), base.types, line, got.prep);
        line += got.newlines;
      } else {
        line += recordRange(table, text, cuts[k]!, cuts[k + 1]!, base.types, line);
      }
      scanMs += performance.now() - t0;
      // Chunk workers' replies arrive as events (the span worker's are read synchronously).
      if (feeds.length > 0) await yieldToEvents();
    }
    spans?.stop();
    // A worker still on its first, cold chunks can take ten times as long as the warm calling thread:
    // its chunks are taken over rather than waited for. A warm worker keeps the chunk it scans; the
    // one queued behind it comes back.
    const taken: number[] = [];
    for (const f of feeds) taken.push(...(f.answered < COLD_CHUNKS ? f.stop() : f.release()));
    // The calling thread's part is final but for repeats in later chunks: built while workers finish.
    if (feeds.length > 0) builder.update();
    for (const k of taken) q.back[k] = backChunk(k);
    await Promise.all(feeds.map((f) => f.idle()));
  } finally {
    spans?.stop();
    for (const w of workers) void w.terminate();
  }
  // The other chunks, in order; one whose worker failed is recorded here.
  for (let k = q.lo; k + 1 < cuts.length; k++) {
    const c = q.back[k] ?? backChunk(k);
    mergeTable(table, c.encoded, line - 1);
    line += c.newlines;
  }
  builder.update();
  const indicators = builder.result();
  table.release();
  return sortIndicators(indicators);
}

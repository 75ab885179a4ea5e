import { readFileSync, readdirSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { CorpusGenerator } from '../../../bench/extract-corpus.js';
import { loadWarninglists } from '../../knowledge/warninglists/index.js';
import { FoldLines, MatchTable, buildIndicators, extractIndicators, recordRange, replayRange, sortIndicators } from '../indicators/index.js';
import { prepareSpans } from '../indicators/prepare.js';
import { SpanRecorder, segmentText } from '../indicators/segment.js';
import { denseText, extractIndicatorsParallel } from './index.js';
import { CELLS, CELL_LIMIT, SPANS_MAX, type SpanInit, type SpanReply } from './span-protocol.js';
import { SpanFeed, dropSpanWorker, startSpanWorker } from './spans.js';
import { splitRanges } from './split.js';
import { startWorker } from './start.js';

const ROOT = new URL('../../../', import.meta.url);
const read = (p: string): string => readFileSync(new URL(p, ROOT), 'utf8');

/** Every chunk recorded from spans (as the calling thread does with the span worker's), built and sorted. */
function replayed(text: string, parts: number, types?: readonly ('domain' | 'url' | 'ipv4')[], prepared = false): ReturnType<typeof extractIndicators> {
  const cuts = splitRanges(text, parts);
  const table = new MatchTable();
  let line = 1;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const rec = new SpanRecorder(), folds = new FoldLines();
    const newlines = segmentText(text, rec, cuts[k]!, cuts[k + 1]!, folds);
    // Through the wire form: the folds' bytes, as a worker sends them.
    const prep = prepared ? prepareSpans(text, rec.spans, rec.length) : null;
    replayRange(table, text, cuts[k]!, rec.spans, rec.length, new FoldLines(folds.bytes().slice()), types, line, prep);
    line += newlines;
  }
  return sortIndicators(buildIndicators(text, table, loadWarninglists(), false));
}

const evalText = (): string => {
  const dir = 'test/fixtures/extract-eval/';
  return readdirSync(new URL(dir, ROOT)).filter((f) => f.endsWith('.yaml')).sort().map((f) => read(dir + f)).join('\n');
};

describe('the span pass apart from the family pass', () => {
  const texts: [string, string][] = [
    ['eval corpus (YAML source)', evalText()],
    ['example report', read('examples/keyplug-report.md')],
    ['bench corpus', new CorpusGenerator(20261127).generate(1 << 20)],
    ['white space to fold and connectors', 'a  evil[.]com\tx\nfoo dot\nbar [.] com\n\u00a0 10.0.0.1\r\nC:\\x y\\a.exe  hxxp://b[.]ru/\n'],
    ['defanged forms and long tokens', `h**ps://x[.]y[.]com/p?q=1 fxp://a(.)b(.)org T1059 AS13335 evil\\.com\n${'T1'.repeat(9000)}\nC:\\Users\\a b\\T1.exe x[.]ru\n`],
  ];

  it.each(texts)('%s: replaying recorded spans gives the single-thread result', (_name, text) => {
    const wl = loadWarninglists();
    const whole = extractIndicators(text, { warninglists: wl });
    expect(whole.length).toBeGreaterThan(0);
    for (const parts of [1, 3, 17]) {
      expect(replayed(text, parts)).toEqual(whole);
      expect(replayed(text, parts, undefined, true)).toEqual(whole);
    }
    expect(replayed(text, 5, ['domain', 'url'], true)).toEqual(extractIndicators(text, { warninglists: wl, types: ['domain', 'url'] }));
  });

  it('segmentText counts the newlines and recordRange returns them', () => {
    const text = 'a 1.2.3.4\n\nb evil.com\nc';
    expect(segmentText(text, new SpanRecorder(), 0, text.length)).toBe(3);
    expect(recordRange(new MatchTable(), text, 0, text.length, undefined, 1)).toBe(3);
  });
});

/** Runs a span worker on `text` cut at `cuts` (the calling thread told to stay at chunk 0) until it posts chunk `last`. */
async function spanReplies(text: string, cuts: readonly number[], last: number): Promise<SpanReply[]> {
  const sab = new SharedArrayBuffer(CELLS * 4);
  new Int32Array(sab)[CELL_LIMIT] = cuts.length - 1;
  const { port1, port2 } = new MessageChannel();
  const w = startWorker('span-worker');
  const got: SpanReply[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      w.on('error', reject);
      port1.on('message', (m: SpanReply) => { got.push(m); if (m.index === last) resolve(); });
      const init: SpanInit = { text, cuts, cells: sab, port: port2 };
      w.postMessage(init, [port2]);
    });
  } finally {
    port1.close();
    await w.terminate();
  }
  return got;
}

describe('the span worker', () => {
  const text = new CorpusGenerator(5).generate(200_000);
  // Five chunks: the worker, told the calling thread stays at chunk 0, works at most AHEAD (4) in front.
  const cuts = splitRanges(text, 5);

  it('posts every chunk after the first, each as the calling thread records it', async () => {
    expect(cuts.length).toBe(6);
    const got = await spanReplies(text, cuts, cuts.length - 2);
    expect(got.map((m) => m.index)).toEqual(cuts.slice(1, -1).map((_c, i) => i + 1));
    for (const m of got) {
      const rec = new SpanRecorder(), folds = new FoldLines();
      const newlines = segmentText(text, rec, cuts[m.index]!, cuts[m.index + 1]!, folds);
      expect(m.newlines).toBe(newlines);
      expect(m.spans.slice(0, m.length)).toEqual(rec.spans.slice(0, rec.length));
      expect(m.prep).toEqual(prepareSpans(text, rec.spans, rec.length));
      expect(m.length).toBeGreaterThan(0);
    }
  }, 60_000);

  it('a span worker started ahead of its text and not used is ended', async () => {
    const started = startSpanWorker();
    expect(started).not.toBeNull();
    const exited = new Promise<number>((r) => started!.worker.once('exit', r));
    dropSpanWorker(started);
    await expect(exited).resolves.toBeTypeOf('number');
    dropSpanWorker(null);
  }, 60_000);

  it('a SpanFeed given a failed worker scans nothing for the calling thread and still stops', () => {
    const started = startSpanWorker()!;
    started.failed = true;
    const feed = new SpanFeed(text, cuts, started);
    feed.at(0, cuts.length - 1);
    expect(feed.take(1)).toBeUndefined();
    feed.stop();
  });

  it('SpanFeed hands chunks to the calling thread in order, or nothing once stopped', async () => {
    const feed = new SpanFeed(text, cuts);
    try {
      // Wait (bounded) for the worker to post chunk 1 while the calling thread stays at chunk 0.
      feed.at(0, cuts.length - 1);
      let first: SpanReply | undefined;
      for (let i = 0; i < 600 && first === undefined; i++) {
        await new Promise((r) => setTimeout(r, 50));
        first = feed.take(1);
      }
      expect(first?.index).toBe(1);
      feed.at(1, cuts.length - 1);
      for (let k = 2; k + 1 < cuts.length; k++) {
        feed.at(k, cuts.length - 1);
        const m = feed.take(k);
        if (m !== undefined) expect(m.index).toBe(k);
      }
    } finally {
      feed.stop();
    }
    expect(feed.take(cuts.length - 2)).toBeUndefined();
  }, 60_000);

  it('leaves span-dense chunks to the calling thread and still gives the single-thread result', async () => {
    // Chunk 1 holds more than SPANS_MAX spans (a digit every other character); chunks 2 and 3 are prose.
    const dense = `${'1 '.repeat(60)}10.0.0.${7}\n`.repeat(Math.ceil((SPANS_MAX * 2.2) / 60));
    const prose = new CorpusGenerator(9).generate(dense.length);
    const all = `${prose}${dense}${prose}${prose}`;
    const parts = splitRanges(all, 4);
    const got = (await spanReplies(all, parts, parts.length - 2)).map((m) => m.index);
    const spansIn = (k: number): number => { const r = new SpanRecorder(); segmentText(all, r, parts[k]!, parts[k + 1]!); return r.length / 3; };
    expect(spansIn(1)).toBeGreaterThan(SPANS_MAX);
    expect(got).toEqual([2, 3]);
    const wl = loadWarninglists();
    const r = await extractIndicatorsParallel(all, { threads: 2, minParallelLength: 0, warninglists: wl });
    expect(r).toEqual(extractIndicators(all, { warninglists: wl }));
  }, 60_000);
});

describe('dense texts', () => {
  // A CSV feed: a date, two addresses and a host name on every line (~80k indicator occurrences a MiB).
  const feed = (rows: number): string => {
    const out = ['ts,src,dst,host'];
    for (let i = 0; i < rows; i++) out.push(`2026-01-0${1 + (i % 9)},10.0.${i % 250}.${i % 200},198.51.${i % 97}.${i % 250},h${i}.example-${i % 7}.com`);
    return `${out.join('\n')}\n`;
  };

  it('a CSV feed is dense and report prose is not (the calling thread then shares whole chunks, not spans)', () => {
    let calls = 0;
    const csv = feed(200_000);
    expect(denseText(csv, splitRanges(csv, 8), () => calls++)).toBe(true);
    expect(calls).toBe(0);
    const prose = new CorpusGenerator(11).generate(8 << 20);
    expect(denseText(prose, splitRanges(prose, 8), () => calls++)).toBe(false);
    // Once, after the first sample: the caller starts its span worker then.
    expect(calls).toBe(1);
  });

  it('a dense text on two threads gives the single-thread result', async () => {
    const csv = feed(120_000);
    const wl = loadWarninglists();
    const r = await extractIndicatorsParallel(csv, { threads: 2, minParallelLength: 0, warninglists: wl });
    expect(r.length).toBeGreaterThan(120_000);
    expect(r).toEqual(extractIndicators(csv, { warninglists: wl }));
  }, 60_000);
});

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CorpusGenerator } from '../../../bench/extract-corpus.js';
import { loadWarninglists } from '../../knowledge/warninglists/index.js';
import type { Indicator } from '../../model/indicator.js';
import { IndicatorBuilder, MatchTable, buildIndicators, extractIndicators, recordRange, sortIndicators, type ExtractIndicatorsOptions } from '../indicators/index.js';
import { countNewlines, recordChunk } from './chunk.js';
import { encodeTable } from './codec.js';
import { extractIndicatorsParallel, startWorker } from './index.js';
import { mergeTable } from './merge.js';
import type { ChunkReply, InitMessage, ReadyMessage } from './protocol.js';
import { splitRanges } from './split.js';

const ROOT = new URL('../../../', import.meta.url);
const read = (p: string): string => readFileSync(new URL(p, ROOT), 'utf8');

/**
 * The parallel path's cut-record-merge, on the calling thread, with as many cuts as asked for: the
 * first `front` chunks recorded in place (as the calling thread does), the others recorded apart,
 * encoded and merged in order (as a worker's are). The output is built in steps, after the first
 * chunk and at the end (later chunks repeat values of the first: rebuilt).
 */
function chunked(text: string, parts: number, opts: ExtractIndicatorsOptions, front = 1): { result: Indicator[]; cuts: number[] } {
  const cuts = splitRanges(text, parts);
  const table = new MatchTable();
  const wl = opts.warninglists === undefined ? loadWarninglists() : opts.warninglists;
  const builder = new IndicatorBuilder(text, table, wl, opts.dropBenign === true);
  let line = 1;
  for (let k = 0; k + 1 < cuts.length; k++) {
    if (k < front) {
      recordRange(table, text, cuts[k]!, cuts[k + 1]!, opts.types, line);
      line += countNewlines(text, cuts[k]!, cuts[k + 1]!);
      if (k === 0) builder.update();
      continue;
    }
    const { table: t, newlines } = recordChunk(text, cuts[k]!, cuts[k + 1]!, opts.types);
    mergeTable(table, encodeTable(t), line - 1);
    line += newlines;
  }
  builder.update();
  return { result: sortIndicators(builder.result()), cuts };
}

function evalTexts(): string[] {
  const dir = 'test/fixtures/extract-eval/';
  const files = readdirSync(new URL(dir, ROOT)).filter((f) => f.endsWith('.yaml')).sort();
  return files.flatMap((f) => (parse(read(dir + f)) as { text: string }[]).map((c) => c.text));
}

// Indicators on the lines right around cuts, defanged forms, values repeated in later chunks (one
// defanged only there), a version word on the line before a quad, ` dot ` connectors at line edges.
const CRAFTED = [
  'C2 evil[.]example-cdn[.]com and 203.0.113.9', 'evil.example-cdn.com again', 'version', '1.2.3.4', 'hxxps://drop[.]bad-site[.]ru/a.php.',
  'update-srv', '[.] com', 'mail dot', 'ru and x', 'loader.dll dropped', 'C:\\Users\\Public\\x y\\loader.dll', 'e7cd8c832a4e875c322ee66eb9f2b63ea316b164e293c47ab3132b0ab8e868e1',
  'https://drop.bad-site.ru/a.php', '203.0.113[.]9 (dot) x', 'evil[.]example-cdn[.]com', 'CVE-2024-3400 T1059.001 AS13335', 'invoice.zip was sent',
].join('\n');

describe('parallel extraction: cut, scan, merge', () => {
  const wl = loadWarninglists();
  const texts: [string, string][] = [
    ['eval corpus', evalTexts().join('\n')],
    ['example report', read('examples/keyplug-report.md')],
    ['fixture reports', readdirSync(new URL('test/fixtures/reports/', ROOT)).filter((f) => f.endsWith('.md')).map((f) => read(`test/fixtures/reports/${f}`)).join('\n')],
    ['bench corpus', new CorpusGenerator(20261127).generate(1 << 20)],
    ['crafted', `${CRAFTED}\n${CRAFTED}\n`],
  ];

  it.each(texts)('%s: the merged chunks equal the single-thread result', (_name, text) => {
    const lines = text.split('\n').length;
    for (const opts of [{ warninglists: wl }, { warninglists: null, types: ['domain', 'ipv4', 'url'] as const }, { warninglists: wl, dropBenign: true }]) {
      const whole = extractIndicators(text, opts);
      for (const [parts, front] of [[2, 1], [7, 1], [7, 4], [lines, 1], [lines, Math.floor(lines / 2)]] as const) {
        const { result, cuts } = chunked(text, parts, opts, front);
        expect(cuts.length).toBeGreaterThan(2);
        expect(result).toEqual(whole);
      }
    }
  });

  it('refuses cuts beside a connector and keeps ranges increasing', () => {
    const cuts = splitRanges('aaaa\n[.] com\nbbbb\ndot\ncccc\n', 20);
    // Line starts 5 ('[.]' follows), 18 ('dot' follows) and 22 ('dot' before) are refused.
    expect(cuts).toEqual([0, 13, 27]);
    expect(splitRanges('x'.repeat(1000), 4)).toEqual([0, 1000]);
  });

  it('the wire codec round-trips every field, key order included', () => {
    const text = `${CRAFTED}\nxn--80ak6aa92e.com пример.рф 8.8.8.8 10.0.0.1\u0000 www.google.com\n\tevil.com  x\n`;
    const inds = extractIndicators(text, { warninglists: wl });
    expect(inds.some((i) => i.unicode !== undefined) && inds.some((i) => i.benign !== undefined) && inds.some((i) => i.defanged)).toBe(true);
    expect(inds.some((i) => i.occurrences.length > 1)).toBe(true);
    const { table } = recordChunk(text, 0, text.length, undefined);
    const copy = new MatchTable();
    mergeTable(copy, encodeTable(table), 0);
    expect(JSON.stringify(sortIndicators(buildIndicators(text, copy, wl, false)))).toBe(JSON.stringify(inds));
  });

  it('keeps merged duplicates across chunks defanged and in order', () => {
    const text = 'seen evil.com first\nfiller words here\nthen evil[.]com later\n';
    const { result } = chunked(text, 3, { warninglists: null });
    expect(result.map((i) => [i.value, i.defanged, i.tags, i.occurrences.map((o) => o.line)])).toEqual([['evil.com', true, ['defanged'], [1, 3]]]);
    expect(result).toEqual(extractIndicators(text, { warninglists: null }));
  });
});

describe('parallel extraction on threads', () => {
  it('a worker answers a chunk exactly as the calling thread computes it', async () => {
    const text = `${CRAFTED}\n${CRAFTED}\n`;
    const cuts = splitRanges(text, 3);
    const w = startWorker();
    try {
      const replies: ChunkReply[] = [];
      await new Promise<void>((resolve, reject) => {
        w.on('error', reject);
        w.on('message', (m: ChunkReply | ReadyMessage) => {
          if (m.kind === 'ready') { w.postMessage({ kind: 'chunk', index: 1, from: cuts[1], to: cuts[2] }); return; }
          replies.push(m);
          resolve();
        });
        const init: InitMessage = { kind: 'init', text, types: undefined };
        w.postMessage(init);
      });
      const r = replies[0];
      expect(r?.ok).toBe(true);
      const want = recordChunk(text, cuts[1]!, cuts[2]!, undefined);
      if (r?.ok === true) {
        expect(r.newlines).toBe(want.newlines);
        expect(r.encoded).toEqual(encodeTable(want.table));
        expect(r.encoded.ind.length).toBeGreaterThan(0);
      }
    } finally {
      await w.terminate();
    }
  }, 60_000);

  it('extractIndicatorsParallel returns the single-thread result', async () => {
    const text = new CorpusGenerator(7).generate(3 << 20);
    const wl = loadWarninglists();
    const r = await extractIndicatorsParallel(text, { threads: 2, minParallelLength: 0, warninglists: wl });
    expect(r).toEqual(extractIndicators(text, { warninglists: wl }));
  }, 60_000);
});

describe('extract() on a big text', () => {
  it('uses the parallel path and returns the same indicators', async () => {
    const { extract } = await import('../index.js');
    const text = new CorpusGenerator(11).generate(4 * 1024 * 1024 + 1000);
    const r = await extract({ text, name: 'big.txt' }, { stages: ['indicators'], threads: 2 });
    expect(r.indicators).toEqual(extractIndicators(text));
  }, 120_000);
});

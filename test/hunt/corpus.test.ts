import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hunt, type HuntResult } from '../../src/hunt/index.js';
import { generateHuntCorpus, type Corpus, type TruthHit } from '../../scripts/gen-hunt-logs.js';

let dir: string;
let corpus: Corpus;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pillbox-hunt-corpus-'));
  corpus = generateHuntCorpus(dir, { seed: 7 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = (h: TruthHit): string => `${h.file}|${h.line}|${h.indicator}|${h.match}|${h.source}`;

function found(r: HuntResult): Set<string> {
  return new Set(r.hits.map((h) => key({ file: relative(corpus.logs, h.file), line: h.line, indicator: h.indicator, match: h.match, source: basename(h.source) })));
}

function compare(r: HuntResult): { missing: string[]; extra: string[] } {
  const want = new Set(corpus.truth.map(key));
  const got = found(r);
  return { missing: [...want].filter((k) => !got.has(k)).sort(), extra: [...got].filter((k) => !want.has(k)).sort() };
}

describe('hunt on the generated corpus (every format, planted hits and near-misses)', () => {
  it('has precision = recall = 1.0 on one thread', async () => {
    const r = await hunt({ intel: corpus.intel, targets: [corpus.logs], threads: 1 });
    expect(compare(r)).toEqual({ missing: [], extra: [] });
    expect(corpus.truth.length).toBeGreaterThan(300);
    // 8.8.8.8 and google.com in the list are warninglisted.
    expect(r.summary.benign_skipped).toBe(2);
    expect(r.interrupted).toBe(false);
  });

  it('gives the same hits, in the same order, with workers and a log split into ranges', async () => {
    const one = await hunt({ intel: corpus.intel, targets: [corpus.logs], threads: 1 });
    const many = await hunt({ intel: corpus.intel, targets: [corpus.logs], threads: 2, splitSize: 20_000 });
    expect(compare(many)).toEqual({ missing: [], extra: [] });
    expect(many.hits).toEqual(one.hits);
  });

  it('names fields per format and finds every format', async () => {
    const r = await hunt({ intel: corpus.intel, targets: [corpus.logs], threads: 1 });
    const fieldOf = (file: string): Set<string | null> => new Set(r.hits.filter((h) => h.file.endsWith(file)).map((h) => h.field));
    expect(fieldOf('zeek/dns.log')).toEqual(new Set(['query']));
    expect(fieldOf('proxy/proxy.csv')).toEqual(new Set(['url']));
    expect(fieldOf('windows/sysmon.jsonl')).toEqual(new Set(['Event.Data.TargetFilename']));
    expect(fieldOf('cloud/audit.jsonl')).toEqual(new Set(['requestParameters.referrer']));
    expect(fieldOf('web/access.log')).toEqual(new Set(['referrer']));
    expect(fieldOf('proxy/squid-access.log')).toEqual(new Set(['url']));
    // Free text has no field; a key=value pair names its key (`MD5=…,IMPHASH=…`, `exec=/tmp/…`).
    expect(fieldOf('syslog/messages')).toEqual(new Set([null, 'MD5', 'SHA256', 'exec']));
    expect(fieldOf('iis/u_ex260101.log')).toEqual(new Set(['cs(Referer)']));
    const formats = Object.fromEntries(r.summary.by_file.map((f) => [relative(corpus.logs, f.file), f.format]));
    expect(formats).toMatchObject({
      'zeek/dns.log': 'zeek-tsv', 'zeek/dns.log.gz': 'zeek-tsv', 'zeek/http.json': 'json', 'proxy/proxy.csv': 'csv',
      'proxy/squid-access.log': 'squid', 'web/access.log': 'access', 'dns/named-queries.log': 'dns',
      'dns/dnsmasq.log': 'dns', 'syslog/messages': 'syslog', 'iis/u_ex260101.log': 'w3c', 'misc/notes.txt': 'text', 'bin/tool.dat': null,
    });
  });

  it('keeps benign indicators with includeBenign', async () => {
    const r = await hunt({ intel: corpus.intel, targets: [join(corpus.logs, 'misc')], threads: 1, includeBenign: true });
    expect(r.summary.benign_skipped).toBe(0);
    expect(r.hits.some((h) => h.indicator === '8.8.8.8')).toBe(true);
  });
});

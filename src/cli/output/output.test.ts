import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.js';
import { shown } from './extract-summary.js';
import { resolveFormat } from './format.js';
import { batched, jsonlChunks, prettyJsonChunks, toJsonl, toPrettyJson } from './jsonl.js';
import { renderTable } from './table.js';
import { colorAllowed, stylesFor } from './tty.js';
import { availableParallelism } from 'node:os';
import { parseDuration, parseSize, parseThreadsOption } from './units.js';

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ])('%j → %j', (v, out) => expect(csvField(v)).toBe(out));

  it('writes a header and rows', () => {
    expect(toCsv(['a', 'b'], [[1, true], [null, 'x,y']])).toBe('a,b\n1,true\n,"x,y"\n');
  });
});

describe('renderTable', () => {
  it('pads columns and right-aligns numbers', () => {
    const t = renderTable([{ title: 'value' }, { title: 'n', align: 'right' }], [['abc', '1'], ['a', '10']], { header: false, indent: '  ' });
    expect(t).toBe('  abc   1\n  a    10\n');
  });

  it('clips the shrinkable column to the width', () => {
    const t = renderTable([{ title: 'v', shrink: true }, { title: 'l' }], [['x'.repeat(50), 'L1']], { header: false, width: 30 });
    expect(t).toBe(`${'x'.repeat(25)}…  L1\n`);
  });
});

describe('resolveFormat', () => {
  const all = ['text', 'json', 'jsonl', 'csv', 'stix', 'md'] as const;
  it('defaults to text on a terminal and json on a pipe', () => {
    expect(resolveFormat({}, all, true)).toBe('text');
    expect(resolveFormat({}, all, false)).toBe('json');
  });
  it('takes shorthands and refuses contradictions', () => {
    expect(resolveFormat({ csv: true }, all, true)).toBe('csv');
    expect(resolveFormat({ json: true, format: 'json' }, all, true)).toBe('json');
    expect(() => resolveFormat({ json: true, format: 'csv' }, all, true)).toThrow(/conflicting/);
    expect(() => resolveFormat({ format: 'xml' }, all, true)).toThrow(/not one of/);
  });
});

describe('colour', () => {
  it('follows NO_COLOR, FORCE_COLOR and TERM', () => {
    expect(colorAllowed(true, {})).toBe(true);
    expect(colorAllowed(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorAllowed(false, {})).toBe(false);
    expect(colorAllowed(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorAllowed(true, { TERM: 'dumb' })).toBe(false);
    expect(stylesFor(false).bold('x')).toBe('x');
    expect(stylesFor(true).bold('x')).toBe('\u001b[1mx\u001b[22m');
  });
});

describe('units', () => {
  it.each([['1048576', 1048576], ['512k', 524288], ['64MB', 64 * 1024 ** 2], ['1.5GiB', 1.5 * 1024 ** 3]])('size %s', (v, n) => expect(parseSize('--max-size', v)).toBe(n));
  it.each([['30', 30_000], ['30s', 30_000], ['500ms', 500], ['2m', 120_000]])('duration %s', (v, n) => expect(parseDuration('--timeout', v)).toBe(n));
  it('rejects nonsense', () => {
    expect(() => parseSize('--max-size', '12 parsecs')).toThrow(/not a size/);
    expect(() => parseDuration('--timeout', '-1')).toThrow(/not a duration/);
  });
  it('takes thread counts as positive integers, at most the cores', () => {
    expect(parseThreadsOption(undefined)).toBeUndefined();
    expect(parseThreadsOption('1')).toBe(1);
    expect(parseThreadsOption('100000')).toBe(availableParallelism());
    for (const bad of ['0', '-2', '1.5', 'abc', '']) expect(() => parseThreadsOption(bad)).toThrow(/positive integer/);
  });
});

describe('jsonl', () => {
  it('writes one compact object per line', () => expect(toJsonl([{ a: 1 }, { b: 'x' }])).toBe('{"a":1}\n{"b":"x"}\n'));
});

describe('prettyJsonChunks and jsonlChunks', () => {
  const values: unknown[] = [
    { a: [1, { b: [2, 3], c: 'x\ny' }], d: {}, e: [], f: undefined, g: () => 1, h: null, i: { j: { k: [true] } } },
    { list: [undefined, () => 0, Symbol('s'), new Date(0), { toJSON: () => 'T' }, [], [[]], 'quote " and \\ and \u2028'] },
    { when: new Date(0), nested: { arr: [{ x: 1 }, { y: [1, 2] }] } },
    {},
    { only: undefined },
    [1, { a: 2 }],
    [],
    [[1, [2]], { x: [] }, undefined, 'y'],
    'text',
    42,
    null,
    { toJSON: () => ({ z: [1] }) },
  ];

  it.each(values.map((v, i) => [i, v] as const))('value %i: the pieces join to exactly the one-string form', (_i, v) => {
    expect([...prettyJsonChunks(v)].join('')).toBe(toPrettyJson(v));
  });

  it('writes an array member a group of elements at a time', () => {
    const pieces = [...prettyJsonChunks({ indicators: Array.from({ length: 1000 }, (_, i) => ({ value: `v${i}` })) })];
    expect(pieces.length).toBeGreaterThan(4);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(15_000);
  });

  it('writes a long array nested in an element piece by piece, and joins to the one-string form', () => {
    const occurrences = Array.from({ length: 5000 }, (_, i) => ({ offset: i * 7, line: 1, raw: `x${i}` }));
    const v = { indicators: [{ type: 'domain', occurrences, tags: ['a'] }, { type: 'ipv4', occurrences: [{ offset: 1 }], extra: { list: occurrences.slice(0, 100), deeper: { still: { list: [1, 2] } } } }], n: new Number(3), s: Object.create(null) as object };
    const pieces = [...prettyJsonChunks(v)];
    expect(pieces.join('')).toBe(toPrettyJson(v));
    expect(pieces.length).toBeGreaterThan(20);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(40_000);
  });

  it('batched joins pieces into strings of about the size asked, losing nothing', () => {
    const pieces = Array.from({ length: 100 }, (_, i) => `${i},`);
    const out = [...batched(pieces, 50)];
    expect(out.join('')).toBe(pieces.join(''));
    expect(out.length).toBeGreaterThan(4);
    expect(out.slice(0, -1).every((b) => b.length >= 50 && b.length < 53)).toBe(true);
  });

  it('jsonlChunks joins to toJsonl', () => {
    const items = [{ a: 1 }, 'x', [2], null];
    expect([...jsonlChunks(items)].join('')).toBe(toJsonl(items));
  });
});

describe('shown', () => {
  it('shows the controls on a terminal instead of letting them reorder the line', () => {
    expect(shown('invoice\u202egpj.exe')).toBe('invoice<U+202E>gpj.exe');
    expect(shown('\u200fa\u2066b\u2069')).toBe('<U+200F>a<U+2066>b<U+2069>');
    expect(shown('plain.exe')).toBe('plain.exe');
  });
});

import { describe, expect, it } from 'vitest';
import { extractText } from '../extract/index.js';
import { bytesToDocument } from './document.js';
import { jsonToText } from './json-text.js';

const indicators = async (text: string): Promise<string[]> => {
  const d = await bytesToDocument(Buffer.from(text), { name: 'feed.json', kind: 'file' });
  return extractText(d.text, { stages: ['indicators'] }).indicators.map((i) => `${i.type} ${i.value}`);
};

describe('JSON documents', () => {
  it('reads string values with their escapes decoded (an escaped URL was no URL)', async () => {
    const feed = JSON.stringify({ name: 'Pulse: relay nodes', indicators: [{ type: 'URL', indicator: 'http://gate.relay-net.example.org/in.php?id=7' }, { type: 'hostname', indicator: 'ops\u002erelay-net.example.org' }] }).replace(/\//g, '\\/');
    expect(feed).toContain('http:\\/\\/gate');
    const d = await bytesToDocument(Buffer.from(feed), { name: 'pulse.json', kind: 'file' });
    expect(d.source.media_type).toBe('application/json');
    expect(d.title).toBe('Pulse: relay nodes');
    expect(d.text).toContain('indicator: http://gate.relay-net.example.org/in.php?id=7');
    expect(await indicators(feed)).toEqual(expect.arrayContaining(['url http://gate.relay-net.example.org/in.php?id=7', 'domain ops.relay-net.example.org']));
  });

  it('keeps keys that hold objects (feeds keyed by indicator) and leaves numbers out', () => {
    expect(jsonToText('{"bad-host.example.net": {"first_seen": 1767225600, "tags": ["c2"]}}')?.text).toBe('bad-host.example.net:\ntags:\nc2');
  });

  it('reads JSON lines', () => {
    expect(jsonToText('{"q":"a.example.com"}\n\n{"q":"b.example.com"}\n')?.text).toBe('q: a.example.com\nq: b.example.com');
  });

  it('takes the title of a STIX bundle from its report and of a MISP event from its info', () => {
    expect(jsonToText(JSON.stringify({ type: 'bundle', id: 'bundle--1', objects: [{ type: 'identity', name: 'Vendor' }, { type: 'report', name: 'KeyPlug returns' }] }))?.title).toBe('KeyPlug returns');
    expect(jsonToText(JSON.stringify({ Event: { info: 'Relay infrastructure', Attribute: [] } }))?.title).toBe('Relay infrastructure');
  });

  it.each([
    ['prose in braces', '{ this is a note about evil.example.com }'],
    ['a JSON fragment and prose', '{"a": 1}\nthen prose'],
    ['one JSON line only beside nothing valid', '{"a": 1'],
  ])('reads %s as plain text', (_what, text) => {
    expect(jsonToText(text)).toBeNull();
  });

  it('walks a deeply nested document without recursion', () => {
    const n = 200_000;
    expect(jsonToText(`${'{"k":'.repeat(n)}"deep.example.org"${'}'.repeat(n)}`)?.text.endsWith('k:\nk: deep.example.org')).toBe(true);
    expect(jsonToText('['.repeat(n) + ']'.repeat(n))?.text).toBe('');
  });
});

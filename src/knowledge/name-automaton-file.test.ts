import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR, createKnowledgeBase, readKnowledge } from './load.js';
import { automatonPathFor, readNameAutomaton, writeNameAutomaton } from './name-automaton-file.js';
import { buildNameIndex } from './name-index.js';
import { compileNames, scanNames } from './name-matcher.js';

describe('prebuilt name automaton', () => {
  const kb = readKnowledge();
  const shipped = automatonPathFor(DEFAULT_KNOWLEDGE_DIR);

  it('is the automaton the bundled names compile to, table for table', () => {
    const compiled = buildNameIndex(kb).automaton;
    const read = kb.names.automaton;
    // Read from the file: every table is a view of its one buffer (compiled tables each have their own).
    expect(read.delta.buffer).toBe(read.out.buffer);
    expect(compiled.delta.buffer).not.toBe(compiled.out.buffer);
    expect(read.keys).toEqual(compiled.keys);
    for (const t of ['delta', 'out', 'dict', 'report', 'lengths', 'verify'] as const) expect(Buffer.from(read[t].buffer, read[t].byteOffset, read[t].byteLength).equals(Buffer.from(compiled[t].buffer, compiled[t].byteOffset, compiled[t].byteLength)), t).toBe(true);
    expect(read.delta.constructor).toBe(compiled.delta.constructor);
    expect(read.maxLength).toBe(compiled.maxLength);
    const text = 'APT41 (Wicked Panda, Brass Typhoon) dropped KeyPlug and Cobalt Strike on Italian manufacturing firms.';
    expect(scanNames(read, text).length).toBeGreaterThan(3);
    expect(scanNames(read, text)).toEqual(scanNames(compiled, text));
  });

  it('is used only for exactly the keys it was built from, and a damaged file is compiled around', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-names-'));
    try {
      const file = join(dir, 'a.bin.gz');
      writeNameAutomaton(file, compileNames(['apt41', 'keyplug']));
      expect(readNameAutomaton(file, ['apt41', 'keyplug'])?.keys).toEqual(['apt41', 'keyplug']);
      expect(readNameAutomaton(file, ['apt41', 'keyplog'])).toBeNull();
      expect(readNameAutomaton(file, ['apt41'])).toBeNull();
      expect(readNameAutomaton(join(dir, 'missing.gz'), ['apt41'])).toBeNull();
      const whole = readFileSync(file);
      writeFileSync(file, whole.subarray(0, whole.length >> 1));
      expect(readNameAutomaton(file, ['apt41', 'keyplug'])).toBeNull();
      // A knowledge base with other names than the shipped file's compiles its own.
      const small = createKnowledgeBase({ actors: [{ name: 'Test Group', aliases: ['Test Group'], sources: [] }], software: [], places: [], sectors: [], identities: [] }, shipped);
      expect(small.names.automaton.keys).toEqual(['testgroup']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships the file a rebuild from data/knowledge writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-names-'));
    try {
      writeNameAutomaton(join(dir, 'a.bin.gz'), buildNameIndex(kb).automaton);
      expect(gunzipSync(readFileSync(join(dir, 'a.bin.gz'))).equals(gunzipSync(readFileSync(shipped)))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

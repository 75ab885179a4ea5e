// The bundled knowledge's name automaton, prebuilt (data/names/automaton.bin.gz, written by
// scripts/knowledge/25-name-automaton.ts). Compiling ~30,000 folded names into a full DFA cost ~70–100 ms
// of CPU at the start of every `extract`; reading the file costs a few. The file carries the keys it
// was built from: it is used only when they are exactly the keys of the knowledge being loaded (a
// hand-made or edited knowledge base compiles its own).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { NameAutomaton } from './name-matcher.js';

const MAGIC = 0x414e4250; // "PBNA" little-endian
const VERSION = 1;

/** The path of the prebuilt automaton beside a knowledge directory (data/knowledge → data/names). */
export function automatonPathFor(knowledgeDir: string): string {
  return join(knowledgeDir, '..', 'names', 'automaton.bin.gz');
}

const pad4 = (b: Buffer): Buffer => (b.length % 4 === 0 ? b : Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]));
const bytesOf = (a: ArrayBufferView): Buffer => pad4(Buffer.from(a.buffer, a.byteOffset, a.byteLength));

/**
 * Writes `a` to `path`, gzipped (2.7 MB → 0.46 MB; inflating costs ~8 ms): a header, the tables as
 * little-endian words, then the keys (UTF-8, one per line).
 */
export function writeNameAutomaton(path: string, a: NameAutomaton): void {
  const wide = a.delta instanceof Int32Array;
  const header = Int32Array.from([MAGIC, VERSION, a.keys.length, a.out.length, a.delta.length, wide ? 32 : 16, a.maxLength]);
  const keys = Buffer.from(a.keys.join('\n'));
  writeFileSync(path, gzipSync(Buffer.concat([bytesOf(header), bytesOf(a.delta), bytesOf(a.out), bytesOf(a.dict), bytesOf(a.report), bytesOf(a.lengths), bytesOf(a.verify), keys]), { level: 9 }));
}

/**
 * The automaton stored at `path` when it was built from exactly `keys`; null when the file is absent,
 * of another version, or built from other keys (the caller then compiles).
 */
export function readNameAutomaton(path: string, keys: readonly string[]): NameAutomaton | null {
  if (endianness() !== 'LE' || !existsSync(path)) return null;
  try {
    return parse(gunzipSync(readFileSync(path)), keys);
  } catch {
    return null; // a truncated or damaged file: compile instead
  }
}

function parse(file: Buffer, keys: readonly string[]): NameAutomaton | null {
  let b = file;
  if (b.byteOffset % 4 !== 0) b = Buffer.from(b);
  const buf = b.buffer;
  let at = b.byteOffset;
  const take = <T>(make: (off: number, n: number) => T, n: number, size: number): T => {
    const v = make(at, n);
    at += Math.ceil((n * size) / 4) * 4;
    return v;
  };
  if (b.length < 28) return null;
  const [magic, version, nKeys, nStates, nDelta, width, maxLength] = new Int32Array(buf, at, 7);
  at += 28;
  if (magic !== MAGIC || version !== VERSION || nKeys !== keys.length) return null;
  const delta = width === 32 ? take((o, n) => new Int32Array(buf, o, n), nDelta!, 4) : take((o, n) => new Int16Array(buf, o, n), nDelta!, 2);
  const out = take((o, n) => new Int32Array(buf, o, n), nStates!, 4);
  const dict = take((o, n) => new Int32Array(buf, o, n), nStates!, 4);
  const report = take((o, n) => new Int32Array(buf, o, n), nStates!, 4);
  const lengths = take((o, n) => new Int32Array(buf, o, n), nKeys, 4);
  const verify = take((o, n) => new Uint8Array(buf, o, n), nKeys, 1);
  if (at - b.byteOffset > b.length || b.toString('utf8', at - b.byteOffset) !== keys.join('\n')) return null;
  return { keys, delta, out, dict, report, lengths, verify, maxLength: maxLength! };
}

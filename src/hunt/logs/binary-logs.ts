/**
 * Binary log files read as text: a Windows event log (`.evtx`), a systemd journal file or a registry
 * hive, recognised by their signatures, and Linux login records (wtmp, btmp, utmp), by their shape, become the JSON
 * lines of their records (evtx/, journal/, regf/, utmp/); any other stream passes through unchanged. One
 * place peeks at a stream's first bytes for all of them.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { CHUNK, chunkLines, EvtxProblems, FILE_HEADER, isEvtx } from './evtx/reader.js';
import { fromJournal, isJournal } from './journal/reader.js';
import { fromRegf, isRegf } from './regf/reader.js';
import { isUtmp, UTMP_RECORD, utmpLines } from './utmp/reader.js';

export type BinaryLogFormat = 'evtx' | 'journal' | 'utmp' | 'regf';

/**
 * A stream's bytes as they arrive, the records of an event log or journal file as JSON lines.
 * `onFormat` is called once the stream is known to be one; damage is reported through `warn`.
 */
export async function* fromBinaryLogs(src: AsyncIterable<Buffer>, file: string, warn: (d: Diagnostic) => void, onFormat: (f: BinaryLogFormat) => void = () => {}): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  let heldBytes = 0;
  let ended = false;
  // Sources may reuse a buffer once asked for the next one (readChunks does): what is held across
  // a request is a copy.
  let copy = false;
  /** How many of `held` (from the start) are copies or were copied. */
  let safe = 0;
  /** Holds at least `n` bytes unless the stream ends first. */
  const fill = async (n: number): Promise<void> => {
    while (heldBytes < n && !ended) {
      if (copy) for (; safe < held.length; safe++) held[safe] = Buffer.from(held[safe] as Buffer);
      const r = await it.next();
      if (r.done) ended = true;
      else {
        held.push(r.value);
        heldBytes += r.value.length;
      }
    }
  };
  /** Takes up to `n` held bytes. */
  const take = (n: number): Buffer => {
    const all = held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held);
    const out = all.subarray(0, Math.min(n, all.length));
    const rest = all.subarray(out.length);
    // The rest is a copy when `all` was made here, else the source's (copied before the next request).
    held.length = 0;
    safe = 0;
    if (rest.length > 0) held.push(rest);
    heldBytes = rest.length;
    return out;
  };
  await fill(8);
  const head = held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held);
  if (isJournal(head)) {
    onFormat('journal');
    yield* fromJournal(held, ended ? emptyIterator() : it, file, warn);
    return;
  }
  if (isRegf(head)) {
    onFormat('regf');
    yield* fromRegf(held, ended ? emptyIterator() : it, file, warn);
    return;
  }
  if (!isEvtx(head)) {
    // Login records have no signature: their first records' shape tells them.
    await fill(UTMP_RECORD * 16);
    if (isUtmp(held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held))) {
      onFormat('utmp');
      copy = true;
      const bad = { n: 0 };
      for (;;) {
        await fill(UTMP_RECORD * 1024);
        if (heldBytes < UTMP_RECORD) break;
        const lines = utmpLines(take(heldBytes - (heldBytes % UTMP_RECORD)), bad);
        if (lines !== '') yield Buffer.from(lines, 'utf8');
      }
      const parts = [bad.n > 0 ? `${bad.n} record${bad.n === 1 ? ' is' : 's are'} malformed (read as they are)` : '', heldBytes > 0 ? `the file ends inside a record (${heldBytes} bytes left over)` : ''].filter(Boolean);
      if (parts.length > 0) warn({ code: 'utmp-damaged', message: `${file}: login records: ${parts.join('; ')}` });
      return;
    }
    for (const b of held) yield b;
    if (!ended) for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    return;
  }
  onFormat('evtx');
  copy = true;
  await fill(FILE_HEADER);
  if (take(FILE_HEADER).length < FILE_HEADER) {
    warn({ code: 'evtx-damaged', message: `${file}: an event log cut inside its file header; no records` });
    return;
  }
  const problems = new EvtxProblems();
  for (let k = 0; ; k++) {
    await fill(CHUNK);
    if (heldBytes === 0) break;
    const lines = chunkLines(take(CHUNK), k, problems);
    if (lines !== '') yield Buffer.from(lines, 'utf8');
  }
  const w = problems.warning(file);
  if (w !== null) warn(w);
}

function emptyIterator(): AsyncIterator<Buffer> {
  return { next: async () => ({ done: true, value: undefined }) };
}

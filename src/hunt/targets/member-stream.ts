// One member of an archive read as a stream (a TAR's, a big ZIP's): its name and path against the
// indicators, its bytes through the hashers, its lines to the log reader when it is text (its strings
// when binary), the YARA rules over it (held up to the YARA size limit), and an archive inside it (up
// to ARCHIVE_MAX_SIZE) held and swept whole. Only its first 64 KiB are held to
// tell text from binary; the rest streams.
import { createHash, type Hash } from 'node:crypto';
import { pullHead, scanLog } from '../logs/reader.js';
import { scanBinaryStrings } from '../logs/binary-strings.js';
import type { IndicatorMatcher } from '../match/matcher.js';
import type { HuntHit, IntelIndicator, MatchKind } from '../types.js';
import { ARCHIVE_MAX_SIZE, absorb, archiveKind, yaraMember, type ArchiveSweep } from './archive.js';
import { classifyHead } from './classify.js';
import type { FileScanOptions } from './file.js';

/** A member's first bytes, held to classify it. */
const HEAD = 65536;
const ALGOS: [number, string][] = [[32, 'md5'], [40, 'sha1'], [64, 'sha256'], [128, 'sha512']];

/** Sweeps an archive held in memory (the caller's sweep, for archives inside members). */
export type NestedSweep = (label: string, bytes: Uint8Array) => Promise<ArchiveSweep>;

/**
 * Sweeps one member: `member` names it in hits (`archive!/name`), `name` is its path inside the
 * archive, `size` its declared size (null when unknown). Reads `chunks` to the end unless the sweep
 * is stopped.
 */
export async function sweepStreamedMember(member: string, name: string, size: number | null, chunks: AsyncIterable<Buffer>, m: IndicatorMatcher, opts: FileScanOptions, out: ArchiveSweep, nested: NestedSweep): Promise<void> {
  const whole = (id: number, kind: MatchKind): void => {
    const ind = m.indicators[id] as IntelIndicator;
    out.hits.push({ indicator: ind.value, type: ind.type, file: member, line: null, field: null, offset: null, context: member, source: ind.source, source_title: ind.source_title, match: kind } satisfies HuntHit);
  };
  m.matchPath(name, whole);
  const hashers: Hash[] = ALGOS.filter(([len]) => m.hashLen[len] === 1).map(([, algo]) => createHash(algo));
  const it = chunks[Symbol.asyncIterator]();
  const { head, ended } = await pullHead(it, HEAD);
  for (const hh of hashers) hh.update(head);
  // With YARA rules, the member's bytes are kept (copies: sources reuse their buffers) up to the YARA
  // size limit, and scanned once read.
  let kept: Buffer[] | null = opts.yara.length > 0 && (size ?? 0) <= opts.yaraMaxSize ? [Buffer.from(head)] : null;
  let keptBytes = head.length;
  const keep = (b: Buffer): void => {
    if (kept === null) return;
    keptBytes += b.length;
    if (keptBytes > opts.yaraMaxSize) kept = null;
    else kept.push(Buffer.from(b));
  };
  async function* rest(): AsyncGenerator<Buffer> {
    if (ended) return;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      for (const hh of hashers) hh.update(r.value);
      keep(r.value);
      yield r.value;
    }
  }
  if (archiveKind(head.subarray(0, HEAD), null) !== null && (size ?? head.length) <= ARCHIVE_MAX_SIZE) {
    // An archive inside: held whole (bounded by its declared size) and swept as one.
    const all = [head];
    let total = head.length;
    for await (const b of rest()) {
      all.push(b);
      total += b.length;
      if (total > ARCHIVE_MAX_SIZE) break;
    }
    if (total <= ARCHIVE_MAX_SIZE) absorb(out, await nested(member, Buffer.concat(all)));
    else out.warnings.push({ code: 'archive-not-opened', message: `${member}: an archive over ${ARCHIVE_MAX_SIZE / 1048576} MiB inside an archive; not opened` });
  } else if (classifyHead(head.subarray(0, HEAD)) === 'text') {
    async function* body(): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      yield* rest();
    }
    absorb(out, await scanLog(body(), m, { file: member, ...(opts.maxHits !== undefined ? { maxHits: opts.maxHits } : {}), ...(opts.maxLine !== undefined ? { maxLine: opts.maxLine } : {}) }));
  } else if (opts.binaryStrings !== false) {
    // A binary member's strings, as for a binary file (binary-strings.ts), in the same read as its hashes.
    async function* body(): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      yield* rest();
    }
    absorb(out, await scanBinaryStrings(body(), m, { file: member, ...(opts.maxHits !== undefined ? { maxHits: opts.maxHits } : {}), ...(opts.stopped ? { stopped: opts.stopped } : {}) }));
  } else {
    for await (const _ of rest()) if (opts.stopped?.()) break;
  }
  for (const hh of hashers) m.matchHash(hh.digest('hex'), (id) => whole(id, 'hash'));
  if (kept !== null && !opts.stopped?.()) yaraMember(kept.length === 1 ? (kept[0] as Buffer) : Buffer.concat(kept), member, opts, out);
  else if (opts.yara.length > 0 && !opts.stopped?.()) out.warnings.push({ code: 'yara-skipped', message: `${member}: larger than the YARA size limit (${opts.yaraMaxSize} bytes); rules not run` });
}

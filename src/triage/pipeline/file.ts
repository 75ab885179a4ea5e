/**
 * `triageFile`: reads one file within the size limits and runs `triageBytes`. Above `maxSize` the
 * file is streamed once through the hashers and only its head is analysed (bounded memory); the
 * result says so in a warning.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import type { TriageResult } from '../../model/triage-result.js';
import { loadCapabilityRules, type CapabilityRuleSet } from '../../rules/index.js';
import { createFileHasher, type FileHashes } from '../hash/index.js';
import { compileYara, type YaraScanner } from '../yara/index.js';
import { triageBytes } from './bytes.js';
import { withDefaults, type TriageOptions } from './options.js';

/** Bytes of a too-large file that are still parsed and scanned. */
const HEAD_BYTES = 16 * 1024 * 1024;

let bundledCapabilities: CapabilityRuleSet | undefined;
let bundledYara: YaraScanner | undefined;

/** The bundled capability rules, loaded once per thread. */
export function defaultCapabilities(): CapabilityRuleSet {
  return (bundledCapabilities ??= loadCapabilityRules());
}

/** The bundled YARA rules, compiled once per thread. */
export function defaultYara(): YaraScanner {
  return (bundledYara ??= compileYara());
}

/**
 * Triage of a file on disk. Never executes or loads it; throws only when it cannot be read
 * (PillboxError-free Node errors such as ENOENT, which the CLI reports per file).
 * @example const r = await triageFile('/tmp/sample.exe'); console.log(r.format, r.hashes.sha256);
 */
export async function triageFile(path: string, opts: TriageOptions = {}): Promise<TriageResult> {
  const o = withDefaults(opts);
  const full: TriageOptions & { path: string } = {
    ...opts,
    path,
    capabilities: opts.capabilities === undefined ? defaultCapabilities() : opts.capabilities,
    yara: opts.yara === undefined ? defaultYara() : opts.yara,
  };
  const { size } = await stat(path);
  if (size <= o.maxSize) return triageBytes(await readFile(path), full);
  const head = await readHead(path, Math.min(size, HEAD_BYTES));
  const mb = (n: number): string => `${Math.round(n / 1048576)} MiB`;
  if (size > o.maxHashSize) {
    const r = triageBytes(head, { ...full, size, hashes: NO_HASHES });
    r.warnings.unshift({ code: 'limit-hash-size', message: `file is ${mb(size)}, over the hash limit of ${mb(o.maxHashSize)}: not hashed; only the first ${mb(head.length)} were analysed` });
    return r;
  }
  const hashes = await streamHashes(path);
  const r = triageBytes(head, { ...full, size, hashes });
  r.warnings.unshift({ code: 'limit-size', message: `file is ${mb(size)}, over the size limit of ${mb(o.maxSize)}: hashed by streaming; only the first ${mb(head.length)} were parsed and scanned` });
  return r;
}

const NO_HASHES: FileHashes = { md5: '', sha1: '', sha256: '', sha512: '', ssdeep: '', tlsh: null };

async function readHead(path: string, n: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function streamHashes(path: string): Promise<FileHashes> {
  const h = createFileHasher();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest();
}

import { PillboxError } from '../../errors.js';
import type { TriageResult } from '../../model/triage-result.js';
import { triagePaths } from '../../triage/batch/index.js';
import { renderRecord } from '../../triage/render/summary.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { batched, prettyJsonChunks } from '../output/jsonl.js';
import { parseSizeOption, parseThreadsOption } from '../output/units.js';
import { printWarnings } from '../output/warnings.js';

const USAGE = `Usage: pillbox triage [options] FILE|DIR...

Static triage of suspicious files: format, headers, hashes (MD5, SHA-1/256/512, ssdeep, TLSH,
imphash, Rich), packers, entropy and payload regions, overlay, embedded executables, crypto
constants, strings with indicators, capabilities, YARA-X matches and relatives. Containers (ZIP,
GZIP, TAR, ISO, e-mail and Outlook messages) have their members triaged; Windows shortcuts show
what they run. Never executes, loads or unpacks-and-runs a sample. Directories are walked; files are
triaged in parallel. '-' reads stdin; a named pipe or device given as a target is read once, as a stream.

Options:
  --json                 JSON: one record for one file, else an array
  --jsonl                one JSON record per line
  --text                 the human summary (one screen per file)
  --format F             text | json | jsonl (default: text on a terminal, json when piped)
  --rules P              extra YARA rules: a .yar file or a directory of them (repeatable)
  --no-yara              skip the bundled YARA rules (--rules still apply)
  --against P            earlier triage records (.json/.jsonl file or directory) for relatives
  --max-size SIZE        above this, hash by streaming and analyse the first 16 MiB (default 256M)
  --max-depth N          archive recursion depth (default 3)
  --max-iocs N           indicators listed per file from its strings (default 10000; 0 for all)
  --timeout-per-file S   seconds per file before its worker is stopped (default 60)
  --follow-symlinks      follow symbolic links while walking directories
  --threads N            worker threads (default and maximum: all cores)
  --quiet                no progress bar or warnings on stderr
  --verbose              print every warning (by default, past 5 of one kind the rest are counted)

Exit status: 0 success, 2 bad usage, unreadable path or invalid rules, 70 internal error.
`;

function positive(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new PillboxError('E_USAGE', `${flag} expects a positive number, got '${String(v)}'`);
  return n;
}

function outputMode(v: Record<string, unknown>): 'text' | 'json' | 'jsonl' {
  const picked = [v['json'] === true ? 'json' : null, v['jsonl'] === true ? 'jsonl' : null, v['text'] === true ? 'text' : null, typeof v['format'] === 'string' ? v['format'] : null].filter((x) => x !== null);
  if (new Set(picked).size > 1) throw new PillboxError('E_USAGE', 'choose one of --json, --jsonl, --text, --format');
  const m = picked[0] ?? (process.stdout.isTTY ? 'text' : 'json');
  if (m !== 'text' && m !== 'json' && m !== 'jsonl') throw new PillboxError('E_USAGE', `--format expects text, json or jsonl, got '${m}'`);
  return m;
}

/** A progress bar on a terminal with several files; nothing otherwise. */
async function progress(enabled: boolean): Promise<{ start(n: number): void; tick(done: number): void; stop(): void }> {
  const none = { start() {}, tick() {}, stop() {} };
  if (!enabled) return none;
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar({ format: 'triage [{bar}] {value}/{total} files  {eta}s left', stream: process.stderr, clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    start(n) {
      if (n > 1) {
        bar.start(n, 0);
        started = true;
      }
    },
    tick(done) {
      if (started) bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

function write(results: TriageResult[], mode: 'text' | 'json' | 'jsonl'): void {
  const out = process.stdout;
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.OK);
    throw e;
  });
  if (mode === 'jsonl') for (const r of results) out.write(`${JSON.stringify(r)}\n`);
  // In pieces (stdout is synchronous on files and pipes): no string of the whole document is built.
  else if (mode === 'json') for (const b of batched(prettyJsonChunks(results.length === 1 ? results[0] : results))) out.write(b);
  else out.write(results.map(renderRecord).join('\n'));
}

export default defineCommand({
  name: 'triage',
  summary: 'Static triage of suspicious files (never executes them)',
  usage: USAGE,
  options: {
    json: { type: 'boolean' },
    jsonl: { type: 'boolean' },
    format: { type: 'string' },
    rules: { type: 'string', multiple: true },
    'no-yara': { type: 'boolean' },
    against: { type: 'string' },
    'max-size': { type: 'string' },
    'max-depth': { type: 'string' },
    'max-iocs': { type: 'string' },
    'timeout-per-file': { type: 'string' },
    'follow-symlinks': { type: 'boolean' },
    threads: { type: 'string' },
    quiet: { type: 'boolean' },
    verbose: { type: 'boolean' },
    text: { type: 'boolean' },
  },
  async run({ values: v, positionals }) {
    if (positionals.length === 0) throw new PillboxError('E_USAGE', "no FILE or DIR given. Run 'pillbox triage --help'.");
    const mode = outputMode(v);
    const threads = parseThreadsOption(v['threads']);
    const maxDepth = v['max-depth'] === undefined ? undefined : Number(v['max-depth']);
    if (maxDepth !== undefined && (!Number.isInteger(maxDepth) || maxDepth < 0)) throw new PillboxError('E_USAGE', '--max-depth expects an integer ≥ 0');
    const maxIocs = v['max-iocs'] === undefined ? undefined : Number(v['max-iocs']);
    if (maxIocs !== undefined && (!Number.isInteger(maxIocs) || maxIocs < 0)) throw new PillboxError('E_USAGE', '--max-iocs expects an integer ≥ 0 (0 lists all)');
    const timeout = positive(v['timeout-per-file'], '--timeout-per-file');
    const maxSize = parseSizeOption(v['max-size'], '--max-size');
    const quiet = v['quiet'] === true;
    const bar = await progress(!quiet && process.stderr.isTTY === true);
    let batch;
    try {
      batch = await triagePaths(positionals, {
        ...(maxSize === undefined ? {} : { maxSize }),
        ...(maxDepth === undefined ? {} : { maxDepth }),
        ...(maxIocs === undefined ? {} : { maxIocs }),
        ...(threads === undefined ? {} : { threads }),
        ...(timeout === undefined ? {} : { timeoutPerFile: timeout * 1000 }),
        ...(typeof v['against'] === 'string' ? { against: v['against'] } : {}),
        followSymlinks: v['follow-symlinks'] === true,
        yara: v['no-yara'] !== true,
        rules: (v['rules'] as string[] | undefined) ?? [],
        now: Date.now(),
        onFiles: (n) => bar.start(n),
        onResult: (_r, done) => bar.tick(done),
        // The relatives pass blocks the event loop (the bar cannot redraw): a plain line, rewritten in place.
        ...(quiet || process.stderr.isTTY !== true ? {} : { onRelatives: (done: number, total: number) => {
          bar.stop();
          process.stderr.write(`\r\x1b[2Kfinding relatives: ${done}/${total} files${done + 500 > total ? '\n' : ''}`);
        } }),
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT') throw new PillboxError('E_INPUT_UNREADABLE', err.message, { cause: e });
      throw e;
    } finally {
      bar.stop();
    }
    if (!quiet) printWarnings('triage', batch.warnings, { verbose: v['verbose'] === true, write: (s) => process.stderr.write(s) });
    write(batch.results, mode);
    return batch.results.length === 0 && batch.warnings.some((w) => w.code === 'unreadable') ? EXIT.USAGE : EXIT.OK;
  },
});

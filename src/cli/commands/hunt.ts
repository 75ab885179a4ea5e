import { PillboxError } from '../../errors.js';
import type { HuntOptions, HuntProgress, HuntResult } from '../../hunt/index.js';
import { prepareHunt } from '../../hunt/prepare.js';
import { formatBytes, hitsToCsv, hitToJsonl, renderHuman } from '../../hunt/output/render.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { batched, prettyJsonChunks } from '../output/jsonl.js';
import { parseSizeOption, parseThreadsOption } from '../output/units.js';
import { printWarnings } from '../output/warnings.js';

const USAGE = `Usage: pillbox hunt --intel SOURCE [--intel SOURCE …] [options] TARGET…

Sweeps files, directories and logs for the indicators and YARA rules of intelligence sources.

Intel sources (--intel, repeatable; kind detected from content, or forced with a prefix such as
misp:event.json):
  extract  what 'pillbox extract --json' or '--jsonl' wrote (each indicator with its own type)
  triage   what 'pillbox triage --json' or '--jsonl' wrote: the files' hashes (and their archive
           members'), and the domains, URLs, addresses and e-mails of their strings
  report   any input 'pillbox extract' reads (file, URL, PDF, HTML, Markdown, text, JSON, e-mail,
           Outlook message, Office document)
  stix     STIX 2.1 bundle (indicator patterns and observables; YARA-pattern indicators run as rules)
  misp     MISP event JSON (attributes with to_ids; 'yara' attributes run as rules)
  csv      CSV with a header naming the indicator column (else the first column)
  list     one indicator per line, defanged forms accepted, '#' comments
  yara     YARA rule file or directory of .yar/.yara files

Targets: files, directories (walked; symlinks not followed by default), '-' for stdin, a named pipe
(e.g. <(zcat app.log.gz)) read as a stream. Logs are detected by content (Zeek TSV/JSON, W3C such as IIS and Windows
Firewall, JSON lines, CSV, squid, Apache/nginx, DNS, syslog, text; UTF-8 or UTF-16); .gz is read
transparently.
Windows event logs (.evtx), registry hives (NTUSER.DAT, SOFTWARE, ...), systemd journal files
(.journal) and Linux login records (wtmp, btmp, utmp) are read record by record:
each event is a JSON line of its fields (hit 'line' = the record's position in the file, 'field' =
IpAddress, CommandLine, MESSAGE, ...).
A hit in a key=value pair (firewall, CEF) is named by its key; PowerShell encoded commands
(-enc, -EncodedCommand) in log lines are decoded and swept too (context: the decoded command).
Archives (ZIP, TAR, .tar.gz, ISO) are opened and each member swept as a file (hits name
archive!/member). Other binary files are hashed, named and YARA-scanned, and their strings
(ASCII and UTF-16, up to 512 MiB a file) swept for domains, addresses, URLs and e-mail addresses
(field 'strings', offset = the string's offset in the file).

Options:
  --intel SOURCE        intelligence source (repeatable, at least one)
  --jsonl               one hit per line (JSON)
  --json                the whole result with a summary
  --csv                 hits as CSV
  --text                the human summary (grouped by indicator and by file)
  --format F            text | json | jsonl | csv (the same choices as the four options above)
  --include-benign      keep indicators the warninglists mark benign
  --follow-symlinks     follow symbolic links while walking directories
  --max-size SIZE       skip files larger than SIZE (e.g. 500M, 2G)
  --exclude GLOB        skip paths matching GLOB (repeatable; * ** ?)
  --yara-max-size SIZE  do not run YARA on files larger than SIZE (default 64M)
  --hash-logs           also hash files detected as structured logs (default: binaries and
                        plain text files only)
  --no-strings          do not sweep the strings of binaries (faster over big trees of
                        binaries when only network indicators are hunted)
  --max-hits N          hits listed per indicator per file (default 1000; 0 lists all); further
                        hits are counted in the summary, and a warning names the file
  --threads N           worker threads (default and maximum: all cores)
  --quiet               no progress or warnings on stderr
  --verbose             print every warning (by default, past 5 of one kind the rest are counted;
                        --json keeps them all)
  --progress            show progress on stderr even when it is not a terminal

Output defaults to the human summary on a terminal and --json when stdout is piped.
Exit status: 0 nothing found, 1 hits found, 2 error (usage, unreadable intel or target),
130 interrupted by Ctrl-C (what was found so far is printed first).
`;

function progressLine(p: HuntProgress, started: number): string {
  const secs = Math.max(0.001, (Date.now() - started) / 1000);
  return `${process.stderr.isTTY ? '\r\x1b[2K' : '\n'}files ${p.files}/${p.filesTotal}  ${formatBytes(p.bytes)}/${formatBytes(p.bytesTotal)}  hits ${p.hits}  ${formatBytes(p.bytes / secs)}/s`;
}

function write(r: HuntResult, mode: string): void {
  const out = process.stdout;
  // `pillbox hunt … | head`: a closed pipe ends the output quietly, as grep does.
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(r.hits.length > 0 ? EXIT.FINDINGS : EXIT.OK);
    throw e;
  });
  if (mode === 'jsonl') {
    for (const h of r.hits) out.write(`${hitToJsonl(h)}\n`);
  } else if (mode === 'csv') for (const c of hitsToCsv(r.hits)) out.write(c);
  // In pieces (stdout is synchronous on files and pipes): no string of the whole document is built.
  else if (mode === 'json') for (const b of batched(prettyJsonChunks(r))) out.write(b);
  else out.write(renderHuman(r, process.stdout.isTTY === true && !process.env['NO_COLOR']));
}

export default defineCommand({
  name: 'hunt',
  summary: "Sweep files and logs for a report's indicators",
  usage: USAGE,
  options: {
    intel: { type: 'string', multiple: true },
    jsonl: { type: 'boolean' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    text: { type: 'boolean' },
    format: { type: 'string' },
    'include-benign': { type: 'boolean' },
    'follow-symlinks': { type: 'boolean' },
    'max-size': { type: 'string' },
    'yara-max-size': { type: 'string' },
    exclude: { type: 'string', multiple: true },
    threads: { type: 'string' },
    quiet: { type: 'boolean' },
    verbose: { type: 'boolean' },
    progress: { type: 'boolean' },
    'hash-logs': { type: 'boolean' },
    'no-strings': { type: 'boolean' },
    'max-hits': { type: 'string' },
  },
  async run({ values: v, positionals }) {
    const intel = (v['intel'] as string[] | undefined) ?? [];
    if (intel.length === 0) throw new PillboxError('E_USAGE', "at least one --intel SOURCE is required. Run 'pillbox hunt --help'.");
    const targets = positionals.length > 0 ? positionals : process.stdin.isTTY ? [] : ['-'];
    if (targets.length === 0) throw new PillboxError('E_USAGE', "no TARGET given (files, directories, or '-' for stdin)");
    const modes = ['jsonl', 'json', 'csv', 'text'].filter((m) => v[m] === true);
    // --format F, as extract and triage take it, names the same four outputs.
    const format = v['format'] as string | undefined;
    if (format !== undefined) {
      if (!['jsonl', 'json', 'csv', 'text'].includes(format)) throw new PillboxError('E_USAGE', `--format expects text, json, jsonl or csv, got '${format}'`);
      if (!modes.includes(format)) modes.push(format);
    }
    if (modes.length > 1) throw new PillboxError('E_USAGE', 'choose one of --jsonl, --json, --csv, --text (or one --format)');
    const mode = modes[0] ?? (process.stdout.isTTY ? 'text' : 'json');
    const threads = parseThreadsOption(v['threads']);
    const quiet = v['quiet'] === true;
    const showProgress = v['progress'] === true || (!quiet && process.stderr.isTTY === true);
    const ac = new AbortController();
    const onSigint = (): void => ac.abort();
    process.once('SIGINT', onSigint);
    const started = Date.now();
    const maxSize = parseSizeOption(v['max-size'], '--max-size');
    const yaraMaxSize = parseSizeOption(v['yara-max-size'], '--yara-max-size');
    const maxHits = parseMaxHits(v['max-hits']);
    const opts: HuntOptions = {
      intel,
      targets,
      includeBenign: v['include-benign'] === true,
      followSymlinks: v['follow-symlinks'] === true,
      hashLogs: v['hash-logs'] === true,
      ...(v['no-strings'] === true ? { binaryStrings: false } : {}),
      ...(maxSize !== undefined ? { maxSize } : {}),
      ...(yaraMaxSize !== undefined ? { yaraMaxSize } : {}),
      ...(maxHits !== undefined ? { maxHits } : {}),
      exclude: (v['exclude'] as string[] | undefined) ?? [],
      ...(threads !== undefined ? { threads } : {}),
      signal: ac.signal,
      ...(showProgress ? { onProgress: (p: HuntProgress) => process.stderr.write(progressLine(p, started)) } : {}),
    };
    let r: HuntResult;
    try {
      // The intel loaders and the scanner load while the targets are walked (the walk mostly waits on
      // the file system); the workers start when the walk ends, overlapping the rest.
      const libLoad = import('../../hunt/index.js');
      libLoad.catch(() => undefined);
      const plan = await prepareHunt(opts);
      const lib = await libLoad.catch((e: unknown) => {
        for (const w of plan.started) void w.terminate();
        throw e;
      });
      r = await lib.huntPrepared(opts, plan);
    } finally {
      process.removeListener('SIGINT', onSigint);
      if (showProgress) process.stderr.write(process.stderr.isTTY ? '\r\x1b[2K' : '\n');
    }
    if (!quiet) {
      printWarnings('hunt', r.warnings, { verbose: v['verbose'] === true, write: (s) => process.stderr.write(s) });
      if (r.summary.benign_skipped > 0) process.stderr.write(`pillbox hunt: ${r.summary.benign_skipped} benign indicator(s) left out (warninglists); --include-benign keeps them\n`);
    }
    write(r, mode);
    if (r.interrupted) {
      // A stdin target may still be open: stop reading it so the process can exit.
      if (targets.includes('-')) process.stdin.destroy();
      process.stderr.write('pillbox hunt: interrupted; the results above are partial\n');
      return EXIT.INTERRUPTED;
    }
    return r.hits.length > 0 ? EXIT.FINDINGS : EXIT.OK;
  },
});

/** `--max-hits N`: a whole number, 0 for no limit. */
function parseMaxHits(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim();
  if (!/^\d{1,9}$/.test(s)) throw new PillboxError('E_USAGE', `--max-hits: expected a whole number (0 lists every hit), got '${s}'`);
  return Number(s);
}

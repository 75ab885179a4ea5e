import { PillboxError } from '../../errors.js';
import { extract, type ExtractOptions } from '../../extract/index.js';
import { DEFAULT_MAX_SIZE, formatBytes } from '../../input/index.js';
import { INDICATOR_TYPES, type IndicatorType } from '../../model/constants.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { EXTRACT_FORMATS, EXTRACT_RENDERERS } from '../output/extract-formats.js';
import { resolveFormat } from '../output/format.js';
import { printWarnings } from '../output/warnings.js';
import { terminalOf, writeStdout } from '../output/tty.js';
import { parseDuration, parseSize, parseThreadsOption } from '../output/units.js';
import { boundYoungGeneration } from '../../util/young-gen.js';

const USAGE = `Usage: pillbox extract [options] [FILE | URL | -]

Extract indicators, actors, malware and tools, ATT&CK techniques, victims (countries, sectors) and
the links between them from a threat report: plain text, Markdown, HTML (article body only), PDF
(text layer), JSON, an e-mail (.eml) or Outlook message (.msg) with its attached documents, an
Office document (.docx, .xlsx, .pptx, OpenDocument) or an http(s) URL. Reads stdin when the argument
is '-' or absent and stdin is not a terminal.

Output (stdout; warnings go to stderr):
  --format FMT      text | json | jsonl | csv | stix (a STIX 2.1 bundle) | md
                    (default: text on a terminal, json when stdout is piped)
  --json            same as --format json: the documented contract (schemas/extract.schema.json)
  --jsonl           one indicator per line
  --csv             one indicator per row, with a header
  --text            same as --format text: the human summary

Selection:
  --types LIST      comma-separated indicator types to keep, from:
                    ${INDICATOR_TYPES.join(', ')}
  --drop-benign     remove indicators found on a warninglist instead of tagging them

Input limits:
  --max-size SIZE   refuse sources larger than SIZE (default ${formatBytes(DEFAULT_MAX_SIZE)}; e.g. 512k, 200MB)
  --timeout DUR     URL fetch timeout (default 30s; e.g. 10, 10s, 500ms, 2m)
  --threads N       threads for indicators in big inputs (>= 4 MiB; default and maximum: all cores)

  --quiet, -q       do not print warnings
  --verbose         print every warning (by default, past 5 of one kind the rest are counted)
  --help, -h        show this help

Exit codes: 0 success (also when nothing is found), 2 bad usage or unreadable input, 70 internal error.
`;

export default defineCommand({
  name: 'extract',
  summary: 'Extract indicators, actors, malware and techniques from a report',
  usage: USAGE,
  options: {
    format: { type: 'string' },
    json: { type: 'boolean' },
    jsonl: { type: 'boolean' },
    csv: { type: 'boolean' },
    text: { type: 'boolean' },
    types: { type: 'string' },
    'drop-benign': { type: 'boolean' },
    'max-size': { type: 'string' },
    timeout: { type: 'string' },
    threads: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    verbose: { type: 'boolean' },
  },
  async run({ values, positionals }) {
    const term = terminalOf(process.stdout);
    const format = resolveFormat(values, EXTRACT_FORMATS, term.isTty);
    const render = EXTRACT_RENDERERS[format];
    if (render === null) throw new PillboxError('E_USAGE', `--format ${format} is not available yet in this build`);
    const source = pickSource(positionals);
    const opts = toOptions(values);
    // A big input's lasting objects would grow the young generation to 32 MB of garbage (see young-gen.ts).
    boundYoungGeneration();
    const result = await extract(source, opts);
    if (values['quiet'] !== true) printWarnings('extract', result.warnings, { verbose: values['verbose'] === true, write: (s) => process.stderr.write(s) });
    await writeStdout(await render(result, term));
    return EXIT.OK;
  },
});

function pickSource(positionals: string[]): string {
  if (positionals.length > 1) throw new PillboxError('E_USAGE', `one source at a time (got ${positionals.length}); run extract once per report`);
  const [p] = positionals;
  if (p !== undefined) {
    if (p === '') throw new PillboxError('E_USAGE', 'empty source argument');
    return p;
  }
  if (process.stdin.isTTY) throw new PillboxError('E_USAGE', "no input: give a FILE, a URL or '-' for stdin. Run 'pillbox extract --help'.");
  return '-';
}

function toOptions(values: Record<string, unknown>): ExtractOptions {
  const opts: ExtractOptions = {};
  if (typeof values['types'] === 'string') opts.types = parseTypes(values['types']);
  if (values['drop-benign'] === true) opts.dropBenign = true;
  if (typeof values['max-size'] === 'string') opts.maxSize = parseSize('--max-size', values['max-size']);
  if (typeof values['timeout'] === 'string') opts.timeoutMs = parseDuration('--timeout', values['timeout']);
  const threads = parseThreadsOption(values['threads']);
  if (threads !== undefined) opts.threads = threads;
  return opts;
}

function parseTypes(list: string): IndicatorType[] {
  const names = list.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  if (names.length === 0) throw new PillboxError('E_USAGE', '--types: give at least one type');
  const bad = names.filter((n) => !(INDICATOR_TYPES as readonly string[]).includes(n));
  if (bad.length > 0) throw new PillboxError('E_USAGE', `--types: unknown type ${bad.map((b) => `'${b}'`).join(', ')}; known: ${INDICATOR_TYPES.join(', ')}`);
  return [...new Set(names)] as IndicatorType[];
}


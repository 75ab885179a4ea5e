import { parseArgs } from 'node:util';
import { PillboxError, isPillboxError } from '../errors.js';
import type { Command } from './command.js';
import { EXIT, exitCodeFor } from './exit-codes.js';

/** Explicit, lazy registry of verbs: each module is imported only when its verb runs. */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  extract: { summary: 'Extract indicators, actors, malware and techniques from a report', load: async () => (await import('./commands/extract.js')).default },
  triage: { summary: 'Static triage of suspicious files (never executes them)', load: async () => (await import('./commands/triage.js')).default },
  hunt: { summary: "Sweep files and logs for a report's indicators", load: async () => (await import('./commands/hunt.js')).default },
};

function mainUsage(): string {
  const verbs = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
    .join('\n');
  return `Usage: pillbox <command> [options]\n\nCommands:\n${verbs}\n\nRun 'pillbox <command> --help' for a command's options.\nExit codes: 0 ok (also when nothing is found), 1 findings (hunt), 2 usage or bad input, 3 store/config, 70 internal error, 130 interrupted.\n`;
}

/** Runs the CLI; returns the exit code. stdout carries only results, stderr the rest. */
export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(mainUsage());
    return verb === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (verb === '--version' || verb === '-V') {
    const { createRequire } = await import('node:module');
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return EXIT.OK;
  }
  const entry = COMMANDS[verb];
  if (!entry) {
    process.stderr.write(`pillbox: unknown command '${verb}'. Run 'pillbox --help'.\n`);
    return EXIT.USAGE;
  }
  try {
    const cmd = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(cmd.usage.endsWith('\n') ? cmd.usage : `${cmd.usage}\n`);
      return EXIT.OK;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: cmd.options, allowPositionals: true, strict: true });
    } catch (e) {
      throw new PillboxError('E_USAGE', `${(e as Error).message.replace(/\.+$/, '')}. Run 'pillbox ${verb} --help'.`);
    }
    return await cmd.run({ values: parsed.values as Record<string, unknown>, positionals: parsed.positionals });
  } catch (e) {
    return reportError(verb, e);
  }
}

function reportError(verb: string, e: unknown): number {
  if (isPillboxError(e)) {
    process.stderr.write(`pillbox ${verb}: ${e.message}\n`);
    return exitCodeFor(e.code);
  }
  const err = e as Error;
  process.stderr.write(`pillbox ${verb}: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env['PILLBOX_DEBUG']) process.stderr.write(`${err?.stack ?? ''}\n`);
  return EXIT.INTERNAL;
}

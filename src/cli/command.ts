import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** A CLI verb. Commands are loaded lazily by cli/main.ts; `run` returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  /** Full usage text printed by `pillbox <verb> --help`. */
  usage: string;
  options: OptionSpec;
  /** Parsed flags and positionals; throw PillboxError('E_USAGE', …) on bad combinations. */
  run(args: { values: Record<string, unknown>; positionals: string[] }): Promise<number>;
}

export function defineCommand(c: Command): Command {
  return c;
}

import { PillboxError } from '../../errors.js';

/** Output formats a command may offer; each command lists the ones it supports. */
export type OutputFormat = 'text' | 'json' | 'jsonl' | 'csv' | 'stix' | 'md';

/** Shorthand flags for `--format X`. */
const SHORTHANDS = ['json', 'jsonl', 'csv', 'text'] as const;

/**
 * Picks the output format from `--format` and its shorthands (`--json`, `--jsonl`, `--csv`, `--text`), refusing
 * contradictions. Default: `text` on a terminal, `json` when stdout is piped (STYLE.md).
 */
export function resolveFormat(values: Record<string, unknown>, allowed: readonly OutputFormat[], stdoutIsTty: boolean): OutputFormat {
  const picked = new Set<string>();
  for (const s of SHORTHANDS) if (values[s] === true && (allowed as readonly string[]).includes(s)) picked.add(s);
  const f = values['format'];
  if (typeof f === 'string') {
    if (!(allowed as readonly string[]).includes(f)) {
      throw new PillboxError('E_USAGE', `--format: '${f}' is not one of ${allowed.join(', ')}`);
    }
    picked.add(f);
  }
  if (picked.size > 1) throw new PillboxError('E_USAGE', `conflicting output formats: ${[...picked].join(' and ')}; choose one`);
  const [only] = picked;
  return (only as OutputFormat | undefined) ?? (stdoutIsTty ? 'text' : 'json');
}

/**
 * Warnings on stderr, shared by the commands. A sweep of /etc meets hundreds of symbolic links, and
 * one line each buried the warnings that mattered: past a few of one kind (code), the rest of that
 * kind is counted on one line. `verbose` prints every one; hunt's and extract's JSON keep them all
 * (triage's walk warnings, such as skipped links, are on stderr only).
 */

/** Lines printed per warning code before the rest of that code is counted. */
export const WARNINGS_PER_CODE = 5;

export interface PrintedWarning {
  code: string;
  message: string;
}

/**
 * Writes `pillbox CMD: warning: MESSAGE` lines: every warning with `verbose`, else the first
 * WARNINGS_PER_CODE of each code and then, for each code with more, one line counting them.
 * @example printWarnings('hunt', r.warnings, { verbose: false, write: (s) => process.stderr.write(s) });
 */
export function printWarnings(command: string, warnings: readonly PrintedWarning[], opts: { verbose: boolean; write: (s: string) => void }): void {
  const seen = new Map<string, number>();
  for (const w of warnings) {
    const n = (seen.get(w.code) ?? 0) + 1;
    seen.set(w.code, n);
    if (opts.verbose || n <= WARNINGS_PER_CODE) opts.write(`pillbox ${command}: warning: ${w.message}\n`);
  }
  if (opts.verbose) return;
  for (const [code, n] of seen) {
    if (n > WARNINGS_PER_CODE) opts.write(`pillbox ${command}: warning: … and ${n - WARNINGS_PER_CODE} more ${describe(code)} (--verbose lists every warning)\n`);
  }
}

/** How the rest of a code's warnings are counted: its own words for the common ones, else by code. */
function describe(code: string): string {
  switch (code) {
    case 'symlink-skipped':
      return 'symbolic links not followed (--follow-symlinks follows them)';
    default:
      return `warnings like these (${code})`;
  }
}

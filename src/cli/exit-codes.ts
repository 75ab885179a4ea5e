import type { ErrorCode } from '../errors.js';

/** The one table of exit codes (also in the README). */
export const EXIT = {
  OK: 0,
  /** Findings the command exists to report (hunt hits). */
  FINDINGS: 1,
  USAGE: 2,
  STORE: 3,
  /** Ctrl-C: partial results were printed. */
  INTERRUPTED: 130,
  INTERNAL: 70,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'E_STORE':
    case 'E_KB_MISSING':
      return EXIT.STORE;
    case 'E_INTERRUPTED':
      return EXIT.INTERRUPTED;
    case 'E_INTERNAL':
      return EXIT.INTERNAL;
    default:
      return EXIT.USAGE;
  }
}

/**
 * One error type for the whole library. Codes are stable strings; the CLI maps them to exit codes
 * once (cli/exit-codes.ts), the future server maps them to HTTP statuses once.
 */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_INPUT_UNREADABLE'
  | 'E_INPUT_UNSUPPORTED'
  | 'E_INPUT_TOO_LARGE'
  | 'E_FETCH'
  | 'E_RULE_INVALID'
  | 'E_KB_MISSING'
  | 'E_STORE'
  | 'E_EXPORT_UNSUPPORTED'
  | 'E_NOT_FOUND'
  | 'E_INTERRUPTED'
  | 'E_INTERNAL';

export class PillboxError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PillboxError';
    this.code = code;
    this.details = options.details;
  }
}

/** Errors a rule file produced, with where it went wrong. */
export class RuleError extends PillboxError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, where: { file: string; line?: number; column?: number }, cause?: unknown) {
    super('E_RULE_INVALID', message, { cause, details: where });
    this.name = 'RuleError';
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}

export function isPillboxError(e: unknown): e is PillboxError {
  return e instanceof PillboxError;
}

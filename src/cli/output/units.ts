import { availableParallelism } from 'node:os';
import { PillboxError } from '../../errors.js';

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4 };

/** `--max-size` values: `1048576`, `512k`, `64MB`, `1.5GiB` (binary multiples). */
export function parseSize(flag: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v.trim());
  const mult = m ? SIZE_UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || mult === undefined) throw new PillboxError('E_USAGE', `${flag}: '${v}' is not a size (examples: 1048576, 512k, 64MB)`);
  const n = Math.floor(Number(m[1]) * mult);
  if (n < 1) throw new PillboxError('E_USAGE', `${flag}: must be at least 1 byte`);
  return n;
}

/** An optional size flag: undefined when absent, else as {@link parseSize}. */
export function parseSizeOption(v: unknown, flag: string): number | undefined {
  return v === undefined ? undefined : parseSize(flag, String(v));
}

/** `--timeout` values in seconds, or with a unit: `30`, `30s`, `500ms`, `2m`. Returns milliseconds. */
export function parseDuration(flag: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i.exec(v.trim());
  if (!m) throw new PillboxError('E_USAGE', `${flag}: '${v}' is not a duration (examples: 30, 30s, 500ms, 2m)`);
  const unit = (m[2] ?? 's').toLowerCase();
  const ms = Math.round(Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000));
  if (ms < 1) throw new PillboxError('E_USAGE', `${flag}: must be positive`);
  return ms;
}

/**
 * `--threads N`: a positive integer, capped at the machine's cores (more threads than cores only add
 * start-up cost and memory: every worker holds its own tables, and extract's a copy of the text).
 */
export function parseThreadsOption(v: unknown, flag = '--threads'): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new PillboxError('E_USAGE', `${flag} expects a positive integer, got '${String(v)}'`);
  return Math.min(n, availableParallelism());
}

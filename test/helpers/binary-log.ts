/** Renders a binary log (event log, journal, hive, login records) as the log reader sees it. */
import { fromBinaryLogs } from '../../src/hunt/logs/binary-logs.js';

export interface Rendered {
  /** Its JSON lines, parsed. */
  lines: Record<string, unknown>[];
  /** Its warnings, as `code: message`. */
  warnings: string[];
  /** The binary log format it was read as, or null. */
  format: string | null;
}

/** The lines of `bytes` read as `file`, fed in pieces of `size` bytes. */
export async function renderBinaryLog(bytes: Buffer, file: string, size = 1 << 20): Promise<Rendered> {
  const warnings: string[] = [];
  let format: string | null = null;
  async function* pieces(): AsyncGenerator<Buffer> {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  let text = '';
  for await (const c of fromBinaryLogs(pieces(), file, (w) => warnings.push(`${w.code}: ${w.message}`), (f) => (format = f))) text += c.toString('utf8');
  return { lines: text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), warnings, format };
}

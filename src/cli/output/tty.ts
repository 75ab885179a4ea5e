import { batched } from './jsonl.js';
/**
 * Terminal facts the renderers need: is a stream a terminal, may we use colour (NO_COLOR, FORCE_COLOR,
 * TERM=dumb), how wide is it. Read once per run and passed down, so renderers stay pure.
 */

export interface Terminal {
  isTty: boolean;
  color: boolean;
  /** Columns available; 100 when unknown (pipes). */
  width: number;
}

interface MaybeTty {
  isTTY?: boolean;
  columns?: number;
}

/** Facts about `stream` (default stdout) under `env` (default process.env). */
export function terminalOf(stream: MaybeTty = process.stdout, env: NodeJS.ProcessEnv = process.env): Terminal {
  const isTty = stream.isTTY === true;
  return { isTty, color: colorAllowed(isTty, env), width: isTty && stream.columns ? stream.columns : 100 };
}

/** https://no-color.org: any non-empty NO_COLOR disables colour; FORCE_COLOR (≠ 0) enables it on pipes. */
export function colorAllowed(isTty: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return isTty && env['TERM'] !== 'dumb';
}

/** ANSI styles that collapse to the identity when colour is off. */
export interface Styles {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export function stylesFor(color: boolean): Styles {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

/** Visible width of a string that may hold ANSI styles. */
export function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}

let epipeGuard = false;

/**
 * Writes to stdout and resolves once flushed. A closed pipe (`pillbox … | head`) is not an error:
 * EPIPE is swallowed (the stream emits it after the write callback, so the listener stays for the
 * life of the process) and the rest of the output is dropped.
 */
export async function writeStdout(text: string | Iterable<string>): Promise<void> {
  const out = process.stdout;
  if (!epipeGuard) {
    epipeGuard = true;
    out.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
  if (typeof text === 'string') {
    await writeOnce(out, text);
    return;
  }
  // Pieces (a streamed document) go out in batches of about 64 KiB (see batched), each written before the next is
  // made: memory holds one batch, however big the whole output. A closed pipe ends the output.
  for (const batch of batched(text)) if (!(await writeOnce(out, batch))) return;
}

/** Writes `text`; resolves to false when the reader has gone (EPIPE, or the stream is closed). */
function writeOnce(out: NodeJS.WriteStream, text: string): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    out.write(text, (e) => {
      if (e && (e as NodeJS.ErrnoException).code !== 'EPIPE') reject(e);
      else resolve(!e && !out.destroyed);
    });
  });
}

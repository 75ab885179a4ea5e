// One chunk of the parallel path, the same on the calling thread and in workers.
import type { Indicator } from '../../model/indicator.js';
import { extractIndicatorsRange, type ExtractIndicatorsOptions } from '../indicators/index.js';

/** Newlines in text[from, to): the merge shifts later chunks' line numbers by these. */
export function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** A chunk's indicators (creation order, lines relative to the chunk) and its newline count. */
export function scanChunk(text: string, from: number, to: number, opts: ExtractIndicatorsOptions): { indicators: Indicator[]; newlines: number } {
  return { indicators: extractIndicatorsRange(text, from, to, opts, 1), newlines: countNewlines(text, from, to) };
}

// One chunk of the parallel path, the same on the calling thread and in workers.
import type { IndicatorType } from '../../model/indicator.js';
import { MatchTable, recordRange } from '../indicators/index.js';

/** Newlines in text[from, to): the merge shifts later chunks' line numbers by these. */
export function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** A chunk's record (lines counted from 1 at `from`) and its newline count. */
export function recordChunk(text: string, from: number, to: number, types: readonly IndicatorType[] | undefined): { table: MatchTable; newlines: number } {
  const table = new MatchTable();
  recordRange(table, text, from, to, types, 1);
  return { table, newlines: countNewlines(text, from, to) };
}

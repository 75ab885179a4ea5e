/**
 * Line numbers for offsets visited in increasing order, by jumping from newline to newline with
 * `indexOf` (native, fast) instead of indexing every line of a large text first. Offsets out of
 * order are still answered correctly (the sweep restarts), just more slowly.
 */
export type LineOf = (offset: number) => number;

/** @example const lineOf = lineSweeper('a\nb'); lineOf(2) // 2 */
export function lineSweeper(text: string): LineOf {
  let lineStart = 0;
  let line = 1;
  let nextNl = text.indexOf('\n');
  return (offset) => {
    if (offset < lineStart) {
      lineStart = 0;
      line = 1;
      nextNl = text.indexOf('\n');
    }
    while (nextNl !== -1 && nextNl < offset) {
      line++;
      lineStart = nextNl + 1;
      nextNl = text.indexOf('\n', lineStart);
    }
    return line;
  };
}

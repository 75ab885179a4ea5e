import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { boundYoungGeneration } from './young-gen.js';

const MODULE = fileURLToPath(new URL('./young-gen.ts', import.meta.url));

/** New-space size (MiB) before and after a child process builds a million lasting objects, with or without the bound. */
function newSpaceGrowth(bound: boolean): { before: number; after: number; set: boolean } {
  const script = `
    import v8 from 'node:v8';
    import { boundYoungGeneration } from ${JSON.stringify(MODULE)};
    const set = ${bound} ? boundYoungGeneration([], '') : false;
    const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
    const before = size();
    const keep = [];
    for (let i = 0; i < 1e6; i++) keep.push({ a: i, b: i + 1, c: 'x' });
    console.log(JSON.stringify({ before, after: size(), set, n: keep.length }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { before: number; after: number; set: boolean };
}

describe('boundYoungGeneration', () => {
  it('stops the young generation growing for the rest of the process', () => {
    const free = newSpaceGrowth(false);
    const bounded = newSpaceGrowth(true);
    expect(bounded.set).toBe(true);
    // Unbounded, a million lasting objects grow new space to its maximum; bounded, it stays small.
    expect(free.after).toBeGreaterThanOrEqual(8 * free.before);
    expect(bounded.after).toBeLessThanOrEqual(2 * bounded.before);
  });

  it('leaves a size or growth the user chose alone', () => {
    expect(boundYoungGeneration(['--max-semi-space-size=8'], '')).toBe(false);
    expect(boundYoungGeneration([], '--enable-source-maps --min_semi_space_size=2')).toBe(false);
    expect(boundYoungGeneration(['--semi-space-growth-factor=3'], '')).toBe(false);
  });
});

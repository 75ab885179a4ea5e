// A log read with an abort signal (the CLI's Ctrl-C) must not keep the chunks it has scanned: checked
// with weak references in a child process that can force collections.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const READER = fileURLToPath(new URL('./reader.ts', import.meta.url));
const MATCHER = fileURLToPath(new URL('../match/matcher.ts', import.meta.url));

describe('scanLog with an abort signal', () => {
  it('lets scanned chunks be collected', () => {
    const script = `
      import { scanLog } from ${JSON.stringify(READER)};
      import { IndicatorMatcher } from ${JSON.stringify(MATCHER)};
      const m = new IndicatorMatcher([{ type: 'domain', value: 'evil.example', raw: 'evil.example', source: 's', source_title: 't' }]);
      const refs = [];
      let live = -1;
      async function* chunks() {
        for (let i = 0; i < 40; i++) {
          if (i === 30) {
            // Mid-scan: the chunks scanned so far (but the last few) should be collectable.
            for (let k = 0; k < 3; k++) { globalThis.gc(); await new Promise((res) => setTimeout(res, 5)); }
            live = refs.slice(0, 27).filter((w) => w.deref() !== undefined).length;
          }
          const b = Buffer.alloc(1 << 20, 'GET http://x.evil.example/a 200\\n');
          refs.push(new WeakRef(b));
          yield b;
        }
      }
      const ac = new AbortController();
      const r = await scanLog(chunks(), m, { file: 'f', signal: ac.signal });
      console.log(JSON.stringify({ live, hits: r.hits.length }));`;
    const out = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const { live, hits } = JSON.parse(out.stdout) as { live: number; hits: number };
    expect(hits).toBe(1000);
    // The old code kept every chunk scanned (27 here) until the scan ended; the first chunk stays in
    // decodedChunks' frame (its gzip test), a bounded 1.
    expect(live).toBeLessThanOrEqual(1);
  });
});

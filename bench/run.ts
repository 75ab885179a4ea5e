// npm run bench NAME [-- args]: runs bench/NAME.ts (e.g. `npm run bench -- triage`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [name, ...rest] = process.argv.slice(2);
const here = import.meta.dirname;
const file = name ? join(here, `${name}.ts`) : '';
if (!name || !existsSync(file) || name === 'run') {
  const names = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.slice(0, -3));
  process.stderr.write(`usage: npm run bench -- NAME [args]\nbenchmarks: ${names.join(', ')}\n`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);

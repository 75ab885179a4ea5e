// Builds dist/ before the e2e tests spawn `node bin/pillbox.js`, once per change: skipped when dist is
// newer than every source file; a lock directory keeps parallel test files from building at once.
// Set PILLBOX_E2E_NO_BUILD=1 to use dist/ as it is.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './extract-cli.js';

const LOCK = join(ROOT, 'dist', '.e2e-build-lock');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  const out = join(ROOT, 'dist', 'cli', 'main.js');
  return existsSync(out) ? statSync(out).mtimeMs : 0;
}

const fresh = () => builtAt() >= newestSource(join(ROOT, 'src'));

/** Resolves once dist/ holds a build at least as new as src/. */
export async function ensureBuilt(): Promise<void> {
  if (process.env['PILLBOX_E2E_NO_BUILD'] === '1' || fresh()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (waited > 180_000) rmSync(LOCK, { recursive: true, force: true }); // a crashed run left it
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (fresh()) return;
    const before = builtAt();
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
    // Type errors are `npm run typecheck`'s job; here we need the emitted JavaScript.
    if (r.status !== 0 && builtAt() <= before) throw new Error(`build failed before the e2e tests:\n${r.stdout}${r.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

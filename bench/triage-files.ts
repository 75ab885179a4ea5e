// The files bench:triage sweeps, shared by bench/triage.ts and bench/triage-steps.ts so both
// measure the same set: regular files (no links) of the directories, sorted, spread over the
// listing, within the count and byte caps.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Largest file picked (the bench's 100 MB cap). */
export const MAX_FILE = 100 * 1024 * 1024;

/** Default directories: real binaries of this machine. */
export const DEFAULT_DIRS = ['/usr/bin', '/usr/lib/x86_64-linux-gnu'];

/** Regular files (no links) of the directories, sorted, within the count and byte caps. */
export function pickFiles(dirs: string[], maxFiles: number, maxBytes: number): { path: string; size: number }[] {
  const all: { path: string; size: number }[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isFile() && st.size > 0 && st.size <= MAX_FILE) all.push({ path: p, size: st.size });
    }
  }
  // Spread the picks over the listing (every k-th file) instead of taking one alphabetical corner.
  const step = Math.max(1, Math.floor(all.length / maxFiles));
  const out: { path: string; size: number }[] = [];
  let bytes = 0;
  for (let i = 0; i < all.length && out.length < maxFiles; i += step) {
    if (bytes + all[i]!.size > maxBytes) continue;
    out.push(all[i]!);
    bytes += all[i]!.size;
  }
  return out;
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What a build step writes now: runs `write` on a file `name` in a fresh temporary directory and
 * returns the file's text (the directory is removed). Tests compare it with the committed file.
 * @example expect(rebuiltText('rules.json', writePrebuiltRules)).toBe(readFileSync(PREBUILT, 'utf8'));
 */
export function rebuiltText(name: string, write: (path: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'pillbox-rebuilt-'));
  try {
    write(join(dir, name));
    return readFileSync(join(dir, name), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

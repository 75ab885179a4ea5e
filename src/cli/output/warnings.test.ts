import { describe, expect, it } from 'vitest';
import { WARNINGS_PER_CODE, printWarnings } from './warnings.js';

const links = (n: number): { code: string; message: string }[] => Array.from({ length: n }, (_, i) => ({ code: 'symlink-skipped', message: `/etc/l${i}: symbolic link not followed` }));

function printed(warnings: { code: string; message: string }[], verbose: boolean): string[] {
  const out: string[] = [];
  printWarnings('hunt', warnings, { verbose, write: (s) => out.push(s) });
  return out.join('').split('\n').filter((l) => l !== '');
}

describe('printWarnings', () => {
  it('prints the first few of each code, then counts the rest of that code on one line', () => {
    const lines = printed([...links(12), { code: 'gzip-corrupt', message: 'a.gz: cut short' }, { code: 'other', message: 'x: other thing' }, { code: 'other', message: 'y: other thing' }], false);
    expect(lines.filter((l) => l.includes('symbolic link not followed') && !l.includes('more'))).toHaveLength(WARNINGS_PER_CODE);
    expect(lines).toContain('pillbox hunt: warning: a.gz: cut short');
    expect(lines.filter((l) => l.includes('other thing'))).toHaveLength(2);
    expect(lines.at(-1)).toBe(`pillbox hunt: warning: … and ${12 - WARNINGS_PER_CODE} more symbolic links not followed (--follow-symlinks follows them) (--verbose lists every warning)`);
    expect(lines).toHaveLength(WARNINGS_PER_CODE + 1 + 2 + 1);
  });

  it('prints every warning with verbose, and no count line when no code has more than the few', () => {
    expect(printed(links(12), true)).toHaveLength(12);
    expect(printed(links(WARNINGS_PER_CODE), false)).toHaveLength(WARNINGS_PER_CODE);
    expect(printed([], false)).toEqual([]);
  });
});

import type { Stats } from 'node:fs';
import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';

export interface WalkOptions {
  followSymlinks?: boolean;
  /** Glob patterns (`*`, `**`, `?`) matched against the whole path and against the base name. */
  exclude?: readonly string[];
  /** Files larger than this are skipped (bytes). */
  maxSize?: number;
}

/** Directory entries whose lstat runs at once. */
const STAT_BATCH = 64;

export interface WalkEntry {
  path: string;
  /** Bytes at the walk (0 for a stream). */
  size: number;
  /**
   * Read once from start to end, never by offset or twice: stdin (`-`), or a pipe or device named as
   * a target (`<(zcat app.log.gz)`, `/dev/fd/3`, a raw disk).
   */
  stream?: true;
}

/** What a directory entry that is neither a regular file, a directory nor a link is. */
function specialKind(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * Compiles a skip glob to a linear regex: `**` any characters, `*` any except `/`, `?` one character;
 * the rest is literal.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Lists the regular files under the targets in a stable (sorted) order. Symbolic links are not
 * followed unless asked (and then each real directory is entered once, so link loops end).
 * Skipped entries are reported as warnings; `-` passes through as stdin.
 */
export async function walkTargets(targets: readonly string[], opts: WalkOptions, warnings: Diagnostic[]): Promise<WalkEntry[]> {
  const excl = (opts.exclude ?? []).map(globToRegExp);
  const excluded = (p: string): boolean => {
    const base = p.slice(p.lastIndexOf('/') + 1);
    return excl.some((r) => r.test(p) || r.test(base));
  };
  const out: WalkEntry[] = [];
  const seenDirs = new Set<string>();
  const visit = async (p: string, top: boolean, known?: Stats | null): Promise<void> => {
    if (!top && excluded(p)) return;
    let st = known !== undefined ? known : await lstat(p).catch(() => null);
    if (!st) {
      if (top) throw Object.assign(new Error(`cannot read ${p}`), { code: 'ENOENT' });
      // Listed by the directory but not found by its name: removed since, or a name that is not valid
      // UTF-8 (Node's directory listing replaced its bad bytes, so that name reaches no file).
      const why = p.includes('\uFFFD') ? 'its name is not valid UTF-8, so it cannot be opened by name' : 'it vanished or cannot be read';
      warnings.push({ code: 'unreadable', message: `${p}: skipped: ${why}` });
      return;
    }
    if (st.isSymbolicLink()) {
      if (!opts.followSymlinks && !top) {
        warnings.push({ code: 'symlink-skipped', message: `${p}: symbolic link not followed (use --follow-symlinks)` });
        return;
      }
      st = await stat(p).catch(() => null);
      if (!st) {
        if (top) throw Object.assign(new Error(`cannot read ${p} (a symbolic link to nothing readable)`), { code: 'ENOENT' });
        warnings.push({ code: 'unreadable', message: `${p}: skipped: a symbolic link to nothing readable` });
        return;
      }
    }
    if (st.isDirectory()) {
      const real = await realpath(p).catch(() => p);
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      const dir = await opendir(p).catch(() => null);
      if (!dir) {
        warnings.push({ code: 'unreadable', message: `${p}: directory cannot be read` });
        return;
      }
      const names: string[] = [];
      for await (const e of dir) names.push(e.name);
      names.sort();
      const paths = names.map((n) => join(p, n)).filter((c) => !excluded(c));
      // The entries' lstat calls run STAT_BATCH at a time (one by one, a directory of 50,000 small
      // files took seconds of file-system round trips); they are then visited in order, as before.
      for (let b = 0; b < paths.length; b += STAT_BATCH) {
        const batch = paths.slice(b, b + STAT_BATCH);
        const stats = await Promise.all(batch.map((c) => lstat(c).catch(() => null)));
        for (let k = 0; k < batch.length; k++) await visit(batch[k]!, false, stats[k]!);
      }
      return;
    }
    if (!st.isFile()) {
      // A pipe or device named on the command line is read as a stream, as stdin is; one met while
      // walking a directory is skipped (reading a pipe nobody writes to would block the sweep forever).
      if (top && (st.isFIFO() || st.isCharacterDevice() || st.isBlockDevice())) out.push({ path: p, size: 0, stream: true });
      else warnings.push({ code: 'not-regular', message: `${p}: skipped: ${specialKind(st)}${top ? '' : ' (name it as a target to read it as a stream)'}` });
      return;
    }
    if (opts.maxSize !== undefined && st.size > opts.maxSize) {
      warnings.push({ code: 'too-large', message: `${p}: ${st.size} bytes is over --max-size; skipped` });
      return;
    }
    out.push({ path: p, size: st.size });
  };
  for (const t of targets) {
    if (t === '-') out.push({ path: '-', size: 0, stream: true });
    else await visit(t, true);
  }
  // An empty directory, or one whose every file was skipped: said, so that "nothing found" is not
  // mistaken for "nothing matched" (a wrong path, an --exclude that took everything).
  if (out.length === 0 && targets.length > 0) {
    const why = warnings.length > 0 ? 'every entry was skipped (see the other warnings)' : excl.length > 0 ? 'empty directories, or every file matched --exclude' : 'empty directories';
    warnings.push({ code: 'no-files', message: `no file to read under ${targets.join(', ')}: ${why}` });
  }
  return out;
}

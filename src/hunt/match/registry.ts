// Registry keys in logs. A report names a key one way (`HKCU\Software\…\Run\DeviceSync`); Sysmon logs
// it as `HKU\S-1-5-21-…\Software\…`, Windows auditing as `\REGISTRY\USER\S-1-5-21-…\Software\…`, a .reg
// export as `HKEY_CURRENT_USER\…`, JSON with every `\` doubled, a 32-bit process under `Wow6432Node`.
// Both sides are read into one comparison key (lower case, hive abbreviated, per-user hives folded
// into HKCU, the class hives into HKCR) by the same step function, so they agree by construction.
// Hand-written by policy (fast matcher): the scanner jumps from backslash to backslash and reads a
// key only where a hive name ends right before one.
import { LOWER } from './bytes.js';
import { CLS, RUN } from './byte-classes.js';

/** Hive names as written (lower case) → the comparison key's hive. */
const HIVES: Record<string, string> = {
  hklm: 'hklm', hkey_local_machine: 'hklm', hkcu: 'hkcu', hkey_current_user: 'hkcu', hku: 'hku', hkey_users: 'hku',
  hkcr: 'hkcr', hkey_classes_root: 'hkcr', hkcc: 'hkcc', hkey_current_config: 'hkcc',
};
/** Longest hive name (`hkey_current_config`). */
const HIVE_MAX = 19;
/** A component longer than this ends the key (the registry's own limit is 255 characters). */
const COMPONENT_MAX = 255;
/** A user's SID under HKU (or `\REGISTRY\USER`), and its `_Classes` hive. */
const SID = /^s-1-\d+(?:-\d+)*$/;
const SID_CLASSES = /^s-1-\d+(?:-\d+)*_classes$/;

/**
 * The comparison key after appending component `c` (lower case) to `key`: per-user hives read as
 * HKCU (`HKU\<SID>`, `HKU\.DEFAULT`), `Software\Classes` of either as HKCR (the merged view), the
 * 32-bit `Wow6432Node` view as the key it mirrors, `ControlSet001` as `CurrentControlSet`. Returns
 * null when `c` cannot follow (`\REGISTRY\` then anything but MACHINE or USER).
 */
export function registryStep(key: string, c: string): string | null {
  switch (key) {
    case 'registry': return c === 'machine' ? 'hklm' : c === 'user' ? 'hku' : null;
    case 'hku':
      if (SID.test(c) || c === '.default') return 'hkcu';
      if (SID_CLASSES.test(c)) return 'hkcr';
      break;
    case 'hklm\\software': case 'hkcu\\software':
      if (c === 'classes') return 'hkcr';
      break;
    case 'hklm\\system':
      if (/^controlset\d{3}$/.test(c)) return 'hklm\\system\\currentcontrolset';
      break;
  }
  if (c === 'wow6432node') return key;
  return `${key}\\${c}`;
}

/**
 * The comparison key of a registry key as written (`HKLM\…`, `HKEY_LOCAL_MACHINE\…`, `HKLM:\…`,
 * `\REGISTRY\MACHINE\…`), or null when it names no known hive or no key below a hive.
 */
export function registryKey(raw: string): string | null {
  const parts = raw.trim().toLowerCase().split(/\\+/);
  let first = parts[0]!.replace(/:$/, '');
  let from = 1;
  if (first === '' && parts[1] === 'registry') {
    first = 'registry';
    from = 2;
  }
  let key = first === 'registry' ? first : HIVES[first];
  if (key === undefined) return null;
  for (let i = from; i < parts.length; i++) {
    const c = parts[i]!;
    if (c === '') continue;
    const next = registryStep(key, c);
    if (next === null) return null;
    key = next;
  }
  // A whole hive (`HKU\<SID>`, `HKLM\Software\Classes`) is no indicator: it would match every key.
  return key.includes('\\') ? key : null;
}

/** Bytes that end a key for certain (control bytes, `"`): a component never holds them. */
const HARD_END = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) HARD_END[c] = 1;
HARD_END[0x22] = 1;
HARD_END[0x7f] = 1;
/**
 * Bytes after which a key written in free text may end though a component may hold them (`set
 * HKCU\…\Run\X to C:\…`, `HKLM\…\X, …`): a component is also tried cut at each of them.
 */
const SOFT_END = new Uint8Array(256);
for (const ch of " ,;')]=>|") SOFT_END[ch.charCodeAt(0)] = 1;

/** Registry indicators by comparison key, and every key prefix at a component boundary. */
export class RegistryKeys {
  readonly keys = new Map<string, number[]>();
  private readonly prefixes = new Set<string>();

  get size(): number {
    return this.keys.size;
  }

  add(raw: string, id: number): boolean {
    const key = registryKey(raw);
    if (key === null) return false;
    const ids = this.keys.get(key);
    if (ids) {
      if (!ids.includes(id)) ids.push(id);
    } else this.keys.set(key, [id]);
    for (let i = key.indexOf('\\'); i !== -1; i = key.indexOf('\\', i + 1)) this.prefixes.add(key.slice(0, i));
    this.prefixes.add(key);
    return true;
  }

  /** Whether some indicator's key is `key` or lies under it (reading on may still match). */
  under(key: string): boolean {
    return key === 'hku' || key === 'registry' || this.prefixes.has(key);
  }

  /**
   * Reads the registry key whose path continues at the `\` at `bs` (`b` holds one line or a block of
   * lines ending at `le`), if the word before it is a hive name (`\REGISTRY` needs its own leading
   * `\`). Calls `hit(id, kind, start)` for every indicator it matches: `registry` where the key ends
   * there, `subkey` where the text goes on below it (a value or subkey of the indicator's key).
   * Returns where the next search for a `\` may start.
   */
  scanAt(b: Uint8Array, ls: number, le: number, bs: number, hit: (id: number, kind: 'registry' | 'subkey', start: number) => void): number {
    // The hive name: letters and `_` right before the backslash (or before `:\`, PowerShell's drive
    // form), not glued to a longer word.
    const te = bs > ls && b[bs - 1] === 58 ? bs - 1 : bs;
    let t = te;
    while (t > ls && te - t <= HIVE_MAX && isHiveByte(b[t - 1] as number)) t--;
    if (t === te || te - t > HIVE_MAX) return bs + 1;
    // Every hive name starts with an `h`, `\REGISTRY` with an `r`: most backslashes end a folder name.
    const first = (b[t] as number) | 0x20;
    if (first !== 0x68 && first !== 0x72) return bs + 1;
    const before = t > ls ? (b[t - 1] as number) : -1;
    if (before !== -1 && ((CLS[before] as number) & RUN) !== 0) return bs + 1;
    let name = '';
    for (let j = t; j < te; j++) name += String.fromCharCode(LOWER[b[j] as number] as number);
    let key: string | undefined;
    let start = t;
    if (name === 'registry') {
      if (before !== 92 || te !== bs) return bs + 1;
      key = 'registry';
      start = t - 1;
      while (start > ls && b[start - 1] === 92) start--;
    } else key = HIVES[name];
    if (key === undefined || !this.under(key)) return bs + 1;
    let p = bs;
    for (;;) {
      // One separator: `\`, or `\\` (JSON, escaped strings); more ends the key.
      let n = 0;
      while (p < le && b[p] === 92) { p++; n++; }
      if (n === 0 || n > 2 || p >= le) return p;
      let q = p;
      let soft = false;
      while (q < le && q - p <= COMPONENT_MAX) {
        const c = b[q] as number;
        if (c === 92 || HARD_END[c] === 1) break;
        if (SOFT_END[c] === 1) soft = true;
        q++;
      }
      if (b[q - 1] === 46) soft = true;
      if (q === p || q - p > COMPONENT_MAX) return q;
      const comp = Buffer.from(b.buffer, b.byteOffset + p, q - p).toString('utf8').toLowerCase();
      const next = registryStep(key, comp);
      if (next === null) return q;
      if (next !== key) {
        const ids = this.keys.get(next);
        if (ids) for (const id of ids) hit(id, b[q] === 92 ? 'subkey' : 'registry', start);
        else if (soft) this.softEnds(key, comp, start, hit);
      }
      if (!this.under(next)) return q;
      key = next;
      p = q;
    }
  }

  /** A last component written in free text, cut where it may end (`Run\X to C:`, `Run\X, then`, `Run\X.`). */
  private softEnds(key: string, comp: string, start: number, hit: (id: number, kind: 'registry' | 'subkey', start: number) => void): void {
    for (let i = 1; i < comp.length; i++) {
      const c = comp.charCodeAt(i);
      // A `.` only where a sentence may end: last, or before another such byte (`sethc.exe` stays whole).
      const end = SOFT_END[c] === 1 || (c === 46 && (i === comp.length - 1 || SOFT_END[comp.charCodeAt(i + 1)] === 1));
      if (!end) continue;
      const next = registryStep(key, comp.slice(0, i));
      const ids = next === null ? undefined : this.keys.get(next);
      if (ids) {
        for (const id of ids) hit(id, 'registry', start);
        return;
      }
    }
  }
}

/** Letters and `_` (hive names are made of them). */
function isHiveByte(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

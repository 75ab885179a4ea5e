// Windows paths (C:\…, \\server\share\…, %APPDATA%\…), Unix paths under well-known roots (/tmp/…,
// ~/…) and registry keys (HKLM\…, HKEY_CURRENT_USER\…). These read the raw document, not the
// refanged segment, because Windows paths and keys contain spaces ("Program Files", "Windows NT") and
// may run over several whitespace tokens.
import { isAlnum, isAlpha } from '../chars.js';
import { normalizeDomain } from '../domain-name.js';
import { FILE_EXT } from '../file-ext.js';
import { formatIpv4, parseIpv4 } from '../net.js';
import { PRIO, type Match } from '../types.js';

const HIVES: Record<string, string> = {
  HKLM: 'HKLM', HKEY_LOCAL_MACHINE: 'HKLM', HKCU: 'HKCU', HKEY_CURRENT_USER: 'HKCU', HKCR: 'HKCR',
  HKEY_CLASSES_ROOT: 'HKCR', HKU: 'HKU', HKEY_USERS: 'HKU', HKCC: 'HKCC', HKEY_CURRENT_CONFIG: 'HKCC',
};
const UNIX_ROOTS = new Set(['tmp', 'etc', 'var', 'usr', 'bin', 'sbin', 'home', 'opt', 'dev', 'root', 'lib', 'lib64', 'proc',
  'mnt', 'run', 'srv', 'boot', 'private', 'Library', 'Users', 'System', 'Applications', 'Volumes']);
const MAX_PATH = 400;

function isQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 96;
}
/** Characters allowed in a Windows path component as written in prose. */
function isWinChar(c: number): boolean {
  return c > 32 && c !== 34 && c !== 60 && c !== 62 && c !== 124 && c !== 42 && c !== 63 && c !== 96 && c !== 0x201c && c !== 0x201d && !(c >= 0x2000 && c <= 0x200b) && c !== 0xa0 && c !== 0x3000;
}
function isUnixChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 95 || c === 45 || c === 47 || c === 43 || c === 126 || c === 64 || c === 37 || c === 61 || c === 44 || c === 36;
}

/**
 * Past a space inside a Windows path: continue when one of the next three words reaches a backslash
 * ("Program Files\", "Windows NT\CurrentVersion"), so spaces inside components are kept.
 */
function spaceContinues(text: string, j: number): number {
  // The component before the space must not already be a file name ("evil.dll and …").
  let b = j;
  while (b > 0 && text.charCodeAt(b - 1) !== 92 && j - b < 260) b--;
  const comp = text.slice(b, j);
  const dot = comp.lastIndexOf('.');
  if (dot > 0 && FILE_EXT.has(comp.slice(dot + 1).toLowerCase())) return -1;
  let k = j;
  for (let words = 0; words < 3; words++) {
    if (text.charCodeAt(k) !== 32) return -1;
    k++;
    const w = k;
    const c = text.charCodeAt(w);
    // Directory names in prose are capitalised ("Program Files", "Windows NT", "(x86)"); "and", "to" end the path.
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 40) || hiveAt(text, w) !== null) return -1;
    while (k < text.length && isWinChar(text.charCodeAt(k)) && text.charCodeAt(k) !== 92) k++;
    if (k === w) return -1;
    if (text.charCodeAt(k) === 92) return k;
  }
  return -1;
}

function trimEnd(text: string, a: number, b: number): number {
  let balance = 0;
  for (let i = a; i < b; i++) { const d = text.charCodeAt(i); if (d === 40 || d === 91) balance++; else if (d === 41 || d === 93) balance--; }
  while (b > a) {
    const c = text.charCodeAt(b - 1);
    if (c === 46 || c === 44 || c === 59 || c === 58 || c === 39 || c === 34 || c === 33 || c === 63) b--;
    else if ((c === 41 || c === 93) && balance < 0) { b--; balance++; }
    else break;
  }
  return b;
}

/** End of a Windows path or key starting at a (quoted: up to the closing quote). */
function winEnd(text: string, a: number): number {
  const quote = a > 0 && isQuote(text.charCodeAt(a - 1)) ? text.charCodeAt(a - 1) : 0;
  const limit = Math.min(text.length, a + MAX_PATH);
  let j = a;
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (quote !== 0 && c === quote) return j;
    if (c === 10 || c === 13) break;
    if (quote !== 0 && (c === 32 || c === 9)) { j++; continue; }
    if (c === 32) {
      const k = spaceContinues(text, j);
      if (k < 0) break;
      j = k;
      continue;
    }
    if (!isWinChar(c)) break;
    if ((c === 44 || c === 59) && (j + 1 >= text.length || text.charCodeAt(j + 1) === 32)) break;
    j++;
  }
  return trimEnd(text, a, j);
}

function hiveAt(text: string, i: number): [string, number] | null {
  if (text.charCodeAt(i) !== 72 || text.charCodeAt(i + 1) !== 75) return null;
  let j = i + 2;
  while (j < text.length && (isAlpha(text.charCodeAt(j)) || text.charCodeAt(j) === 95) && j - i < 20) j++;
  const hive = HIVES[text.slice(i, j)];
  if (hive === undefined) return null;
  if (text.charCodeAt(j) === 58) j++;
  return text.charCodeAt(j) === 92 && text.charCodeAt(j + 1) !== 32 ? [hive, j] : null;
}

function winStart(text: string, i: number, s: number): boolean {
  const c = text.charCodeAt(i);
  if (isAlpha(c) && text.charCodeAt(i + 1) === 58 && (text.charCodeAt(i + 2) === 92 || text.charCodeAt(i + 2) === 47) && isWinChar(text.charCodeAt(i + 3))) {
    return i === 0 || !isAlnum(text.charCodeAt(i - 1));
  }
  if (c === 92 && text.charCodeAt(i + 1) === 92) return (i === s || !isWinChar(text.charCodeAt(i - 1)) || isQuote(text.charCodeAt(i - 1))) && isAlnum(text.charCodeAt(i + 2));
  if (c === 37 && (i === s || !isAlnum(text.charCodeAt(i - 1)))) {
    let j = i + 1;
    while (j < i + 40 && (isAlnum(text.charCodeAt(j)) || text.charCodeAt(j) === 95 || text.charCodeAt(j) === 40 || text.charCodeAt(j) === 41)) j++;
    return j > i + 1 && text.charCodeAt(j) === 37 && text.charCodeAt(j + 1) === 92;
  }
  return false;
}

function unixStart(text: string, i: number, s: number): boolean {
  const c = text.charCodeAt(i);
  if (i > s && !(isQuote(text.charCodeAt(i - 1)) || '([=,:'.includes(text[i - 1]!))) return false;
  if (c === 126) return text.charCodeAt(i + 1) === 47 && isUnixChar(text.charCodeAt(i + 2));
  if (c !== 47) return false;
  let j = i + 1;
  while (j < text.length && isAlnum(text.charCodeAt(j)) && j - i < 14) j++;
  return UNIX_ROOTS.has(text.slice(i + 1, j)) && text.charCodeAt(j) === 47 && isUnixChar(text.charCodeAt(j + 1));
}

function basename(seg: string): string {
  return seg.slice(Math.max(seg.lastIndexOf('\\'), seg.lastIndexOf('/')) + 1);
}

function pushComponents(text: string, a: number, b: number, out: Match[]): void {
  const v = text.slice(a, b);
  const name = basename(v);
  const dot = name.lastIndexOf('.');
  if (dot > 0 && FILE_EXT.has(name.slice(dot + 1).toLowerCase())) {
    out.push({ type: 'filename', value: name, start: b - name.length, end: b, defanged: false, prio: PRIO.filename, component: true });
  }
  if (v.startsWith('\\\\')) {
    const hostEnd = v.indexOf('\\', 2);
    const host = v.slice(2, hostEnd < 0 ? v.length : hostEnd);
    const ip = parseIpv4(host);
    const d = ip === null ? normalizeDomain(host) : null;
    if (ip !== null) out.push({ type: 'ipv4', value: formatIpv4(ip), start: a + 2, end: a + 2 + host.length, defanged: false, prio: PRIO.ipv4, component: true });
    else if (d !== null) out.push({ type: 'domain', value: d, start: a + 2, end: a + 2 + host.length, defanged: false, prio: PRIO.domain, component: true });
  }
}

/** Finds paths and registry keys starting inside text[s, e); returns the offset up to which the document was consumed. */
export function extractPaths(text: string, s: number, e: number, out: Match[]): number {
  let consumed = s;
  for (let i = s; i < e; i++) {
    if (i < consumed) continue;
    const c = text.charCodeAt(i);
    if (c === 72) {
      const hv = hiveAt(text, i);
      if (hv === null) continue;
      const b = winEnd(text, i);
      let end = b;
      while (end > hv[1] + 1 && text.charCodeAt(end - 1) === 92) end--;
      if (end <= hv[1] + 1) continue;
      out.push({ type: 'registry', value: `${hv[0]}${text.slice(hv[1], end)}`, start: i, end, defanged: false, prio: PRIO.registry });
      consumed = b;
    } else if ((c === 92 || c === 37 || isAlpha(c)) && winStart(text, i, s)) {
      const b = winEnd(text, i);
      if (b - i < 4) continue;
      out.push({ type: 'filepath', value: text.slice(i, b), start: i, end: b, defanged: false, prio: PRIO.filepath });
      pushComponents(text, i, b, out);
      consumed = b;
    } else if ((c === 47 || c === 126) && unixStart(text, i, s)) {
      let b = i + 1;
      while (b < text.length && b - i < MAX_PATH && isUnixChar(text.charCodeAt(b))) b++;
      b = trimEnd(text, i, b);
      out.push({ type: 'filepath', value: text.slice(i, b), start: i, end: b, defanged: false, prio: PRIO.filepath });
      pushComponents(text, i, b, out);
      consumed = b;
    }
  }
  return consumed;
}

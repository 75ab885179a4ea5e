import { columnName } from './csv-rows.js';
import type { LogFormat } from './detect.js';

/**
 * Names the field a byte offset of a line falls in: a column name (Zeek TSV, CSV, access logs) or a
 * JSON key path (`process.command_line`, `answers[0]`). Called only for lines with hits, so it may
 * re-read the line from its start.
 */
export function fieldAt(f: LogFormat, b: Buffer, ls: number, le: number, offset: number): string | null {
  switch (f.separator) {
    case 'tab': return columnName(f.fields, countSep(b, ls, offset, 9, false));
    case 'comma': return columnName(f.fields, countSep(b, ls, offset, 44, true));
    case 'space': return f.fields[spaceField(b, ls, offset)] ?? null;
    default: return f.json ? jsonPath(b, ls, le, offset) : keyValueField(b, ls, offset);
  }
}

/** Bytes a key=value key may hold: letters, digits, `_`, `.`, `-`, `:` (`cs1Label`, `dst.ip`, `ad.Ip`). */
const KEY = (() => {
  const t = new Uint8Array(256);
  for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = t[c + 32] = 1;
  for (const c of '_.-:') t[c.charCodeAt(0)] = 1;
  return t;
})();

/**
 * The key of the `key=value` pair a hit falls in, in a syslog or text line: firewall and SIEM logs
 * (FortiGate `dstip=… hostname="…"`, Palo Alto, CEF and LEEF extensions) name every value so, and
 * `srcip` or `dstip` says which side the indicator was on. Read from the line's start: a value runs
 * to the next space or tab, or is quoted (`msg="…"`); the first `=` of a token ends its key, so a
 * URL's query (`url=http://x/?a=1`) stays in `url`. Null in free text.
 */
function keyValueField(b: Buffer, ls: number, offset: number): string | null {
  let key: string | null = null;
  let tok = ls;
  for (let i = ls; i < offset; i++) {
    const c = b[i]!;
    if (c === 32 || c === 9) {
      key = null;
      tok = i + 1;
    } else if (c === 61 && key === null && i > tok && i - tok <= 64) {
      let ok = true;
      for (let j = tok; j < i && ok; j++) ok = KEY[b[j]!] === 1;
      if (!ok) continue;
      key = b.toString('latin1', tok, i);
      if (b[i + 1] === 34) {
        // A quoted value runs to its closing quote, spaces and all (within the line).
        const close = b.indexOf(34, i + 2);
        if (close === -1 || close >= offset) return key;
        i = close;
      }
    }
  }
  return key;
}

function countSep(b: Buffer, ls: number, offset: number, sep: number, quotes: boolean): number {
  let n = 0;
  let q = false;
  for (let i = ls; i < offset; i++) {
    const c = b[i];
    if (quotes && c === 34) q = !q;
    else if (c === sep && !q) n++;
  }
  return n;
}

/** Space-separated fields where `"…"` and `[…]` group (combined access log, squid). */
function spaceField(b: Buffer, ls: number, offset: number): number {
  let n = 0;
  let close = 0;
  let inField = false;
  for (let i = ls; i < offset; i++) {
    const c = b[i];
    if (close !== 0) {
      if (c === close) close = 0;
      continue;
    }
    if (c === 32 || c === 9) {
      if (inField) n++;
      inField = false;
      continue;
    }
    if (!inField && c === 34) close = 34;
    else if (!inField && c === 91) close = 93;
    inField = true;
  }
  return n;
}

type Frame = { kind: 'obj'; key: string | null } | { kind: 'arr'; index: number };

/**
 * Walks a JSON line up to `offset` keeping the stack of keys and array indexes. A line that is not a
 * whole JSON value (pretty-printed files) still yields the nearest key written on it.
 */
export function jsonPath(b: Buffer, ls: number, le: number, offset: number): string | null {
  const stack: Frame[] = [];
  let expectKey = false;
  let lastKey: string | null = null;
  for (let i = ls; i < le && i <= offset; i++) {
    const c = b[i];
    if (c === 34) {
      const start = i + 1;
      i++;
      while (i < le && b[i] !== 34) i += b[i] === 92 ? 2 : 1;
      if (offset >= start && offset <= i) return render(stack, lastKey);
      const top = stack[stack.length - 1];
      if (top?.kind === 'obj' && expectKey) {
        top.key = b.toString('utf8', start, Math.min(i, le));
        lastKey = top.key;
        expectKey = false;
      }
    } else if (c === 123) {
      stack.push({ kind: 'obj', key: null });
      expectKey = true;
    } else if (c === 91) stack.push({ kind: 'arr', index: 0 });
    else if (c === 125 || c === 93) stack.pop();
    else if (c === 44) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'arr') top.index++;
      else expectKey = true;
    }
  }
  return render(stack, lastKey);
}

function render(stack: Frame[], lastKey: string | null): string | null {
  let out = '';
  for (const f of stack) {
    if (f.kind === 'obj') {
      if (f.key === null) continue;
      out += out === '' ? f.key : `.${f.key}`;
    } else out += `[${f.index}]`;
  }
  if (out === '' || out.startsWith('[')) return lastKey ?? (out === '' ? null : out);
  return out;
}

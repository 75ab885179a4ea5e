/**
 * Linux login records (`/var/log/wtmp`, `btmp`, `/run/utmp`, as `last` and `lastb` read them): fixed
 * 384-byte records (glibc's `struct utmp` on 64-bit Linux) with the user, terminal, remote host and
 * address of each login, logout and boot. Read as one JSON line per record, so the log reader sweeps
 * them as any JSON-lines log: an intruder's address in `host` or `addr` is a hit.
 *
 * The files carry no signature: they are told by their shape (see isUtmp), strictly enough that other
 * binaries are not taken for them.
 */

export const UTMP_RECORD = 384;
/** Records checked to tell a login-record file. */
const PROBE = 16;

const TYPES = ['EMPTY', 'RUN_LVL', 'BOOT_TIME', 'NEW_TIME', 'OLD_TIME', 'INIT_PROCESS', 'LOGIN_PROCESS', 'USER_PROCESS', 'DEAD_PROCESS', 'ACCOUNTING'];
/** Timestamps accepted as real: 1990 to 2100. */
const T_MIN = 631152000;
const T_MAX = 4102444800;

/** Whether a NUL-padded text field holds printable text, then only NULs. */
function textField(b: Uint8Array, at: number, n: number): boolean {
  let i = at;
  while (i < at + n && b[i] !== 0) {
    const c = b[i] as number;
    if (c < 0x20 || c === 0x7f) return false;
    i++;
  }
  for (; i < at + n; i++) if (b[i] !== 0) return false;
  return true;
}

/** Whether record `k` of `b` has the shape of a login record. */
function recordOk(b: Uint8Array, at: number): boolean {
  const v = new DataView(b.buffer, b.byteOffset + at, UTMP_RECORD);
  const type = v.getInt16(0, true);
  if (type < 0 || type > 9 || v.getUint16(2, true) !== 0) return false;
  if (!textField(b, at + 8, 32) || !textField(b, at + 44, 32) || !textField(b, at + 76, 256)) return false;
  if (type === 0) return true;
  const t = v.getInt32(340, true);
  const us = v.getInt32(344, true);
  return t >= T_MIN && t <= T_MAX && us >= 0 && us < 1000000;
}

/**
 * Whether bytes start like a login-record file: at least one whole record, and every one of the first
 * (up to 16) records well formed, with at least one that is not empty.
 */
export function isUtmp(head: Uint8Array): boolean {
  const n = Math.min(PROBE, Math.floor(head.length / UTMP_RECORD));
  if (n === 0) return false;
  let used = 0;
  for (let k = 0; k < n; k++) {
    if (!recordOk(head, k * UTMP_RECORD)) return false;
    if (head[k * UTMP_RECORD] !== 0) used++;
  }
  return used > 0;
}

const text = (b: Buffer, at: number, n: number): string => {
  const e = b.indexOf(0, at);
  return b.toString('utf8', at, e === -1 || e > at + n ? at + n : e);
};

/** The address of `ut_addr_v6`: IPv4 when only its first word is set, else IPv6; null when unset. */
function address(b: Buffer, at: number): string | null {
  const w = [0, 1, 2, 3].map((i) => b.readUInt32LE(at + i * 4));
  if (w.every((x) => x === 0)) return null;
  if (w[1] === 0 && w[2] === 0 && w[3] === 0) return [...b.subarray(at, at + 4)].join('.');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push(b.readUInt16BE(at + i));
  // RFC 5952: the longest run of two or more zero groups (the first of equal ones) becomes `::`.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const h = g.map((x) => x.toString(16));
  return best < 0 ? h.join(':') : `${h.slice(0, best).join(':')}::${h.slice(best + bestLen).join(':')}`;
}

/**
 * The records of `b` (whole records only) as JSON lines; a record that is not well formed is
 * counted in `bad` and read anyway (its fields as they are).
 */
export function utmpLines(b: Buffer, bad: { n: number }): string {
  let lines = '';
  for (let at = 0; at + UTMP_RECORD <= b.length; at += UTMP_RECORD) {
    if (!recordOk(b, at)) bad.n++;
    const type = b.readInt16LE(at);
    if (type === 0 && b.subarray(at, at + UTMP_RECORD).every((x) => x === 0)) continue;
    const sec = b.readInt32LE(at + 340);
    const us = b.readInt32LE(at + 344);
    const d = new Date(sec * 1000);
    const rec: Record<string, string | number> = {
      type: TYPES[type] ?? type,
      time: Number.isNaN(d.getTime()) || us < 0 || us >= 1000000 ? String(sec) : `${d.toISOString().slice(0, 19)}.${String(us).padStart(6, '0')}Z`,
      user: text(b, at + 44, 32),
      line: text(b, at + 8, 32),
      host: text(b, at + 76, 256),
      pid: b.readInt32LE(at + 4),
      id: text(b, at + 40, 4),
    };
    const addr = address(b, at + 348);
    if (addr !== null) rec.addr = addr;
    lines += `${JSON.stringify(rec)}\n`;
  }
  return lines;
}

/**
 * The typed values of Windows event records (BinXML substitution values): each rendered as a JSON
 * value the way Event Viewer shows it: strings as text, GUIDs in braces, SIDs as `S-1-…`, times in
 * ISO 8601 UTC with 100 ns digits, hex integers as `0x…`, binary as upper-case hex. Arrays of any type
 * become JSON arrays. Every read stays inside [at, at + size) of the chunk.
 */

/** BinXML value types (the low seven bits; 0x80 marks an array). */
export const VT = {
  NULL: 0x00, STRING: 0x01, ANSI: 0x02, I8: 0x03, U8: 0x04, I16: 0x05, U16: 0x06, I32: 0x07, U32: 0x08,
  I64: 0x09, U64: 0x0a, F32: 0x0b, F64: 0x0c, BOOL: 0x0d, BINARY: 0x0e, GUID: 0x0f, SIZE: 0x10,
  FILETIME: 0x11, SYSTEMTIME: 0x12, SID: 0x13, HEX32: 0x14, HEX64: 0x15, BINXML: 0x21,
} as const;

export type JsonValue = string | number | boolean | JsonValue[];

/** Fixed element sizes of the scalar types (for arrays of them). */
const SIZE: Record<number, number> = {
  [VT.I8]: 1, [VT.U8]: 1, [VT.I16]: 2, [VT.U16]: 2, [VT.I32]: 4, [VT.U32]: 4, [VT.I64]: 8, [VT.U64]: 8,
  [VT.F32]: 4, [VT.F64]: 8, [VT.BOOL]: 4, [VT.GUID]: 16, [VT.FILETIME]: 8, [VT.SYSTEMTIME]: 16, [VT.HEX32]: 4, [VT.HEX64]: 8,
};

/** UTF-16LE text of b[at, at + bytes), without trailing NULs. */
export function utf16(b: Buffer, at: number, bytes: number): string {
  let e = at + (bytes & ~1);
  while (e - 2 >= at && b[e - 1] === 0 && b[e - 2] === 0) e -= 2;
  return b.toString('utf16le', at, e);
}

/**
 * The value of `type` held in b[at, at + size), or undefined when it has none to show (a null value,
 * an empty one, or a type with no text form). `size` is already checked to lie inside the buffer.
 */
export function renderValue(b: Buffer, at: number, size: number, type: number): JsonValue | undefined {
  if (size === 0 || type === VT.NULL) return undefined;
  if ((type & 0x80) !== 0) return renderArray(b, at, size, type & 0x7f);
  switch (type) {
    case VT.STRING:
      return utf16(b, at, size);
    case VT.ANSI: {
      let e = at + size;
      while (e > at && b[e - 1] === 0) e--;
      return b.toString('latin1', at, e);
    }
    case VT.BINARY:
      return b.toString('hex', at, at + size).toUpperCase();
    case VT.SID:
      return sid(b, at, size) ?? b.toString('hex', at, at + size).toUpperCase();
    case VT.SIZE:
      return size === 4 ? hex(BigInt(b.readUInt32LE(at))) : size === 8 ? hex(b.readBigUInt64LE(at)) : undefined;
    default: {
      const n = SIZE[type];
      return n !== undefined && size >= n ? scalar(b, at, type) : undefined;
    }
  }
}

function renderArray(b: Buffer, at: number, size: number, type: number): JsonValue[] | undefined {
  if (type === VT.STRING) return utf16(b, at, size).split('\0');
  if (type === VT.ANSI) return b.toString('latin1', at, at + size).replace(/\0+$/, '').split('\0');
  const n = SIZE[type];
  if (n === undefined) return undefined;
  const out: JsonValue[] = [];
  for (let p = at; p + n <= at + size; p += n) out.push(scalar(b, p, type));
  return out;
}

/** A fixed-size value at `at` (its bytes are there). */
function scalar(b: Buffer, at: number, type: number): JsonValue {
  switch (type) {
    case VT.I8: return b.readInt8(at);
    case VT.U8: return b[at] as number;
    case VT.I16: return b.readInt16LE(at);
    case VT.U16: return b.readUInt16LE(at);
    case VT.I32: return b.readInt32LE(at);
    case VT.U32: return b.readUInt32LE(at);
    case VT.I64: return big(b.readBigInt64LE(at));
    case VT.U64: return big(b.readBigUInt64LE(at));
    case VT.F32: return b.readFloatLE(at);
    case VT.F64: return b.readDoubleLE(at);
    case VT.BOOL: return b.readUInt32LE(at) !== 0;
    case VT.GUID: return guid(b, at);
    case VT.FILETIME: return filetime(b.readBigUInt64LE(at));
    case VT.SYSTEMTIME: return systemtime(b, at);
    case VT.HEX32: return hex(BigInt(b.readUInt32LE(at)));
    default: return hex(b.readBigUInt64LE(at));
  }
}

/** A 64-bit integer as a number when exact, else as its decimal string. */
function big(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` (the first three groups little-endian). */
export function guid(b: Buffer, at: number): string {
  const h = (s: number, e: number): string => b.toString('hex', s, e);
  const le = (s: number, n: number): string => Buffer.from(b.subarray(s, s + n)).reverse().toString('hex');
  return `{${le(at, 4)}-${le(at + 4, 2)}-${le(at + 6, 2)}-${h(at + 8, at + 10)}-${h(at + 10, at + 16)}}`.toUpperCase();
}

/** `S-1-5-21-…`, or null when the bytes do not hold the SID they announce. */
function sid(b: Buffer, at: number, size: number): string | null {
  if (size < 8) return null;
  const count = b[at + 1] as number;
  if (8 + count * 4 > size) return null;
  let auth = 0;
  for (let i = 2; i < 8; i++) auth = auth * 256 + (b[at + i] as number);
  let s = `S-${b[at]}-${auth}`;
  for (let i = 0; i < count; i++) s += `-${b.readUInt32LE(at + 8 + i * 4)}`;
  return s;
}

/** 100 ns intervals since 1601-01-01 UTC as ISO 8601 with seven fractional digits; the raw count past year 9999. */
export function filetime(v: bigint): string {
  const EPOCH_DIFF = 116444736000000000n;
  const ms = (v - EPOCH_DIFF) / 10000n;
  const d = new Date(Number(ms));
  if (v < EPOCH_DIFF || Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999) return v.toString();
  const frac = ((v - EPOCH_DIFF) % 10000000n).toString().padStart(7, '0');
  return `${d.toISOString().slice(0, 19)}.${frac}Z`;
}

/** A SYSTEMTIME (year, month, weekday, day, hour, minute, second, milliseconds) as ISO 8601. */
function systemtime(b: Buffer, at: number): string {
  const f = (i: number): number => b.readUInt16LE(at + i * 2);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(f(0), 4)}-${p(f(1))}-${p(f(3))}T${p(f(4))}:${p(f(5))}:${p(f(6))}.${p(f(7), 3)}Z`;
}

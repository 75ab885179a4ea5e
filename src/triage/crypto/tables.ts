/**
 * Crypto constant tables, computed from their definitions rather than pasted, so each one is
 * checkable against the spec that defines it (FIPS 197, FIPS 180-4, RFC 1321, ISO 3309 / IEEE 802.3
 * CRC, Blowfish's digits of pi).
 */

/** GF(2^8) multiplication modulo the AES polynomial x^8 + x^4 + x^3 + x + 1 (FIPS 197 §4.2). */
export function gfMul(a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) p ^= a;
    const hi = a & 0x80;
    a = (a << 1) & 0xff;
    if (hi) a ^= 0x1b;
    b >>= 1;
  }
  return p;
}

/**
 * AES S-box: multiplicative inverse in GF(2^8) followed by the affine map (FIPS 197 §5.1.1). The
 * inverse comes from log/antilog tables of the generator {03} (x^-1 = 03^(255 - log x)) instead of
 * a search over all 256 candidates per x: the search cost every worker ~25 ms at start-up.
 */
export function aesSbox(): Uint8Array {
  const exp = new Uint8Array(255);
  const log = new Uint8Array(256);
  for (let i = 0, g = 1; i < 255; i++) {
    exp[i] = g;
    log[g] = i;
    g = gfMul(g, 3);
  }
  const sbox = new Uint8Array(256);
  for (let x = 0; x < 256; x++) {
    const inv = x === 0 ? 0 : exp[(255 - log[x]!) % 255]!;
    let s = inv;
    for (let r = 1; r <= 4; r++) s ^= ((inv << r) | (inv >> (8 - r))) & 0xff;
    sbox[x] = s ^ 0x63;
  }
  return sbox;
}

/** Inverse AES S-box. */
export function aesInvSbox(sbox: Uint8Array = aesSbox()): Uint8Array {
  const inv = new Uint8Array(256);
  for (let x = 0; x < 256; x++) inv[sbox[x]!] = x;
  return inv;
}

const rotr = (x: number, n: number): number => ((x >>> n) | (x << (32 - n))) >>> 0;

/**
 * AES round tables as in the common "T-table" implementations: Te0[x] = S[x]·{02,01,01,03} and
 * Td0[x] = Si[x]·{0e,09,0d,0b} as big-endian words; Te1..3 / Td1..3 are byte rotations of them.
 */
export function aesTables(): Record<string, Uint32Array> {
  const s = aesSbox();
  const si = aesInvSbox(s);
  const te0 = new Uint32Array(256);
  const td0 = new Uint32Array(256);
  for (let x = 0; x < 256; x++) {
    const a = s[x]!;
    te0[x] = ((gfMul(a, 2) << 24) | (a << 16) | (a << 8) | gfMul(a, 3)) >>> 0;
    const b = si[x]!;
    td0[x] = ((gfMul(b, 14) << 24) | (gfMul(b, 9) << 16) | (gfMul(b, 13) << 8) | gfMul(b, 11)) >>> 0;
  }
  const out: Record<string, Uint32Array> = {};
  for (let r = 0; r < 4; r++) {
    out[`te${r}`] = te0.map((w) => rotr(w, 8 * r));
    out[`td${r}`] = td0.map((w) => rotr(w, 8 * r));
  }
  return out;
}

/** The first `count` primes. */
function primes(count: number): number[] {
  const out: number[] = [];
  for (let n = 2; out.length < count; n++) if (out.every((p) => n % p !== 0)) out.push(n);
  return out;
}

/** First 32 bits of the fractional part of x (x > 0, |x| < 2^20 keeps 32 good bits in a double). */
const frac32 = (x: number): number => Math.floor((x - Math.floor(x)) * 2 ** 32) >>> 0;

/** SHA-256 round constants: cube roots of the first 64 primes (FIPS 180-4 §4.2.2). */
export function sha256K(): Uint32Array {
  return Uint32Array.from(primes(64), (p) => frac32(Math.cbrt(p)));
}

/** SHA-256 initial hash value: square roots of the first 8 primes (FIPS 180-4 §5.3.3). */
export function sha256Init(): Uint32Array {
  return Uint32Array.from(primes(8), (p) => frac32(Math.sqrt(p)));
}

/** SHA-1 round constants: floor(2^30 * sqrt(2, 3, 5, 10)) (FIPS 180-4 §4.2.1). */
export function sha1K(): Uint32Array {
  return Uint32Array.from([2, 3, 5, 10], (n) => Math.floor(2 ** 30 * Math.sqrt(n)) >>> 0);
}

/**
 * MD5 / SHA-1 initial state: the nibbles 0..f counted up then down, written as little-endian
 * words (67452301 efcdab89 98badcfe 10325476), and for SHA-1 a fifth word c3d2e1f0.
 */
export function md5Init(): Uint32Array {
  const up = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
  // Bytes 01 23 .. ef then fe dc .. 10: the second half is the first with every nibble inverted.
  const bytes = Uint8Array.from([...up, ...up.map((b) => b ^ 0xff)]);
  return Uint32Array.from({ length: 4 }, (_, i) => bytes[4 * i]! | (bytes[4 * i + 1]! << 8) | (bytes[4 * i + 2]! << 16) | (bytes[4 * i + 3]! << 24)).map((w) => w >>> 0);
}

export const SHA1_INIT_E = 0xc3d2e1f0;

/** MD5 sine table: floor(2^32 * |sin(i + 1)|) (RFC 1321 §3.4). */
export function md5T(): Uint32Array {
  return Uint32Array.from({ length: 64 }, (_, i) => Math.floor(2 ** 32 * Math.abs(Math.sin(i + 1))) >>> 0);
}

/** CRC-32 lookup table, reflected (poly 0xEDB88320, zlib) or MSB-first (poly 0x04C11DB7). */
export function crc32Table(reflected: boolean): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = reflected ? n : n << 24;
    for (let k = 0; k < 8; k++) {
      if (reflected) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      else c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    }
    t[n] = c >>> 0;
  }
  return t;
}

/**
 * Blowfish P-array: the first 18 words of the hexadecimal digits of pi's fractional part,
 * computed with the Bailey–Borwein–Plouffe digit-extraction formula.
 */
export function blowfishP(): Uint32Array {
  const words = new Uint32Array(18);
  for (let w = 0; w < 18; w++) {
    let v = 0;
    for (let d = 0; d < 8; d++) v = v * 16 + piHexDigit(w * 8 + d);
    words[w] = v;
  }
  return words;
}

/** Hex digit of pi at fractional position `n` (0-based), by BBP. */
function piHexDigit(n: number): number {
  const x = 4 * bbpSeries(1, n) - 2 * bbpSeries(4, n) - bbpSeries(5, n) - bbpSeries(6, n);
  return Math.floor(16 * (x - Math.floor(x)));
}

/** Fractional part of sum_k 16^(n-k) / (8k + j). */
function bbpSeries(j: number, n: number): number {
  let s = 0;
  for (let k = 0; k <= n; k++) {
    const r = 8 * k + j;
    s = (s + modPow16(n - k, r) / r) % 1;
  }
  for (let k = n + 1; k <= n + 12; k++) s += 16 ** (n - k) / (8 * k + j);
  return s % 1;
}

function modPow16(e: number, m: number): number {
  let result = 1 % m;
  let base = 16 % m;
  while (e > 0) {
    if (e & 1) result = (result * base) % m;
    base = (base * base) % m;
    e >>= 1;
  }
  return result;
}

// Bech32 / Bech32m (BIP-173, BIP-350) verification for SegWit addresses. Hand-written: short, and the
// reference algorithm is a dozen lines.

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!;
  }
  return chk >>> 0;
}

/** True for a valid mainnet SegWit address (`bc1…`, lower or upper case, not mixed). */
export function isSegwitAddress(addr: string): boolean {
  if (addr.length < 14 || addr.length > 90) return false;
  const lower = addr.toLowerCase();
  if (addr !== lower && addr !== addr.toUpperCase()) return false;
  if (!lower.startsWith('bc1')) return false;
  const data: number[] = [];
  for (let i = 3; i < lower.length; i++) {
    const v = CHARSET.indexOf(lower[i]!);
    if (v < 0) return false;
    data.push(v);
  }
  const hrp = [3, 3, 0, 2, 3]; // expanded "bc"
  const check = polymod([...hrp, ...data]);
  const version = data[0]!;
  if (version > 16) return false;
  if (check !== (version === 0 ? 1 : 0x2bc830a3)) return false;
  const prog = data.slice(1, data.length - 6);
  const bits = prog.length * 5;
  const bytes = Math.floor(bits / 8);
  if (bits % 8 >= 5 || bytes < 2 || bytes > 40) return false;
  return version !== 0 || bytes === 20 || bytes === 32;
}

// Cryptocurrency wallets: Bitcoin (Base58Check P2PKH/P2SH, Bech32/Bech32m SegWit), Ethereum (0x + 40
// hex, EIP-55 checksum when mixed case) and Monero (95/106-char Base58 with a Keccak checksum).
import { isAlnum, isHex, isWordChar } from '../chars.js';
import { base58CheckDecode, isMoneroAddress } from '../crypto/base58.js';
import { isSegwitAddress } from '../crypto/bech32.js';
import { keccak256 } from '../crypto/keccak.js';
import { PRIO, segMatch, type Family, type Match, type Segment } from '../types.js';
import { isWhole } from './bounds.js';

/** True for a valid legacy (1…/3…) or SegWit (bc1…) Bitcoin mainnet address. */
export function isBtcAddress(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c === 49 || c === 51) {
    if (s.length < 26 || s.length > 35) return false;
    const p = base58CheckDecode(s);
    return p !== null && p.length === 21 && p[0] === (c === 49 ? 0 : 5);
  }
  return (s.startsWith('bc1') || s.startsWith('BC1')) && isSegwitAddress(s);
}

/** True for 0x + 40 hex digits whose mixed case, if any, is a valid EIP-55 checksum. */
export function isEthAddress(s: string): boolean {
  if (s.length !== 42 || s[0] !== '0' || (s[1] !== 'x' && s[1] !== 'X')) return false;
  const hex = s.slice(2);
  for (let i = 0; i < 40; i++) if (!isHex(hex.charCodeAt(i))) return false;
  const lower = hex.toLowerCase();
  if (hex === lower || hex === hex.toUpperCase()) return true;
  const h = keccak256(new TextEncoder().encode(lower));
  for (let i = 0; i < 40; i++) {
    const ch = hex[i]!;
    if (ch >= '0' && ch <= '9') continue;
    const nibble = (h[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 15;
    if ((nibble >= 8) !== (ch !== ch.toLowerCase())) return false;
  }
  return true;
}

function allHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isHex(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Whether an alphanumeric run could be a coin address at all, by length and first character: the same
 * conditions the checks below start with, tested before any slicing (most long runs are URL paths,
 * host names and hashes).
 */
function mayBeCoin(c0: number, len: number): boolean {
  if (len === 42 && c0 === 48) return true;
  if ((len === 95 || len === 106) && (c0 === 52 || c0 === 56)) return true;
  return len <= 90 && (((c0 === 49 || c0 === 51) && len <= 35) || (c0 | 32) === 98);
}

function coinRun(seg: Segment, a: number, b: number, out: Match[]): void {
  const len = b - a;
  if (!mayBeCoin(seg.r.charCodeAt(a), len) || !isWhole(seg, a, b, isWordChar)) return;
  const s = seg.r.slice(a, b);
  // An all-hex run is a hash, not a Base58 address (saves a BigInt decode and two SHA-256 per hash).
  if (len !== 42 && allHex(s)) return;
  if (len === 42 && isEthAddress(s)) out.push(segMatch(seg, 'eth', a, b, s.toLowerCase(), PRIO.eth));
  else if ((len === 95 || len === 106) && (s[0] === '4' || s[0] === '8') && isMoneroAddress(s)) out.push(segMatch(seg, 'xmr', a, b, s, PRIO.xmr));
  else if (len <= 90 && isBtcAddress(s)) out.push(segMatch(seg, 'btc', a, b, s[0] === 'B' ? s.toLowerCase() : s, PRIO.btc));
}

export const extractCoins: Family = (seg, out) => {
  const r = seg.r, n = r.length;
  if (n < 26) return;
  // Maximal alphanumeric runs, walked inline (forEachRun's callbacks were megamorphic here).
  for (let i = 0; i < n; ) {
    if (!isAlnum(r.charCodeAt(i))) { i++; continue; }
    let j = i + 1;
    while (j < n && isAlnum(r.charCodeAt(j))) j++;
    if (j - i >= 26) coinRun(seg, i, j, out);
    i = j;
  }
};

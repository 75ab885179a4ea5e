import { createCipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { crcStep } from './crc32.js';

/**
 * PKWARE traditional ("ZipCrypto") decryption, APPNOTE.TXT §6.1. Returns the plaintext (without
 * the 12-byte encryption header) or null when the password check byte does not match.
 * `check` is the CRC's high byte, or the DOS time's high byte when general-purpose bit 3 is set.
 * @example zipCryptoDecrypt(memberData, 'infected', crc >>> 24) // Uint8Array | null
 */
export function zipCryptoDecrypt(data: Uint8Array, password: string, check: number): Uint8Array | null {
  if (data.length < 12) return null;
  let k0 = 0x12345678, k1 = 0x23456789, k2 = 0x34567890;
  const update = (c: number): void => {
    k0 = crcStep(k0, c);
    k1 = (Math.imul((k1 + (k0 & 0xff)) >>> 0, 134775813) + 1) >>> 0;
    k2 = crcStep(k2, k1 >>> 24);
  };
  for (const c of Buffer.from(password, 'latin1')) update(c);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const t = (k2 | 2) & 0xffff;
    const p = (data[i]! ^ ((Math.imul(t, t ^ 1) >>> 8) & 0xff)) & 0xff;
    out[i] = p;
    update(p);
  }
  return out[11] === check ? out.subarray(12) : null;
}

const AES_KEY: Record<number, number> = { 1: 16, 2: 24, 3: 32 };

/**
 * WinZip AE-1/AE-2 decryption: PBKDF2-HMAC-SHA1 (1000 rounds) → AES key, HMAC key and a 2-byte
 * password verifier; AES in CTR mode with a little-endian counter starting at 1 (Gladman's fcrypt,
 * which node's big-endian `aes-*-ctr` does not match, hence ECB keystream here). Returns the
 * still-compressed plaintext, or null on a wrong password (`authentic` tells whether the MAC matched).
 * @example winZipAesDecrypt(memberData, 'infected', 3)?.authentic // true
 */
export function winZipAesDecrypt(data: Uint8Array, password: string, strength: number): { plain: Uint8Array; authentic: boolean } | null {
  const keyLen = AES_KEY[strength];
  if (!keyLen) return null;
  const saltLen = keyLen / 2;
  if (data.length < saltLen + 2 + 10) return null;
  const salt = data.subarray(0, saltLen);
  const verifier = data.subarray(saltLen, saltLen + 2);
  const cipher = data.subarray(saltLen + 2, data.length - 10);
  const mac = data.subarray(data.length - 10);
  const dk = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 1000, 2 * keyLen + 2, 'sha1');
  if (dk[2 * keyLen] !== verifier[0] || dk[2 * keyLen + 1] !== verifier[1]) return null;
  const h = createHmac('sha1', dk.subarray(keyLen, 2 * keyLen)).update(cipher).digest().subarray(0, 10);
  const authentic = timingSafeEqual(h, mac);
  const blocks = Math.ceil(cipher.length / 16);
  const counters = Buffer.alloc(blocks * 16);
  for (let b = 0; b < blocks; b++) {
    let n = b + 1;
    for (let j = 0; j < 8 && n > 0; j++) {
      counters[b * 16 + j] = n & 0xff;
      n = Math.floor(n / 256);
    }
  }
  const ecb = createCipheriv(`aes-${keyLen * 8}-ecb`, dk.subarray(0, keyLen), null).setAutoPadding(false);
  const stream = Buffer.concat([ecb.update(counters), ecb.final()]);
  const plain = new Uint8Array(cipher.length);
  for (let i = 0; i < cipher.length; i++) plain[i] = cipher[i]! ^ stream[i]!;
  return { plain, authentic };
}

/** Crypto constants in triaged bytes (AES, SHA, MD5, CRC32, ChaCha, RC4, Blowfish, DES, base64 alphabets). */
export { findCryptoConstants, type CryptoConstant, type CryptoScanOptions } from './scan.js';

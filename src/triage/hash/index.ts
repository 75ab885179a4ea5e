/** Digests of triaged bytes: cryptographic hashes plus the ssdeep and TLSH fuzzy hashes. */
export { createFileHasher, hashBytes, type FileHasher, type FileHasherOptions, type FileHashes } from './file-hasher.js';
export { createSsdeep, ssdeepBytes, type SsdeepHasher, type SsdeepOptions } from './ssdeep.js';
export { ssdeepCompare } from './ssdeep-compare.js';
export { createTlsh, tlshBytes, TLSH_MIN_LENGTH, type TlshHasher, type TlshOptions } from './tlsh.js';
export { tlshDiff, isTlshDigest, type TlshDiffOptions } from './tlsh-diff.js';

// Pillbox bundled YARA rules: crypto constants (written by the Pillbox team).

rule crypto_aes_sbox : crypto {
  meta:
    description = "AES forward S-box"
  strings:
    $s = { 63 7C 77 7B F2 6B 6F C5 30 01 67 2B FE D7 AB 76 CA 82 C9 7D FA 59 47 F0 }
  condition:
    $s
}

rule crypto_aes_inv_sbox : crypto {
  meta:
    description = "AES inverse S-box"
  strings:
    $s = { 52 09 6A D5 30 36 A5 38 BF 40 A3 9E 81 F3 D7 FB 7C E3 39 82 9B 2F FF 87 }
  condition:
    $s
}

rule crypto_chacha_salsa : crypto {
  meta:
    description = "ChaCha/Salsa20 constant"
  strings:
    $k32 = "expand 32-byte k"
    $k16 = "expand 16-byte k"
  condition:
    any of them
}

rule crypto_sha256_k : crypto {
  meta:
    description = "SHA-256 round constants (little- or big-endian words)"
  strings:
    $le = { 98 2F 8A 42 91 44 37 71 CF FB C0 B5 A5 DB B5 E9 }
    $be = { 42 8A 2F 98 71 37 44 91 B5 C0 FB CF E9 B5 DB A5 }
  condition:
    any of them
}

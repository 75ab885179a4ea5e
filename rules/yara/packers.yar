// Pillbox bundled YARA rules: packers and protectors (written by the Pillbox team).
// Stub rules look at the entry point, so they still fire when the UPX magic and section names
// were overwritten; the *_tampered rules say so explicitly.
// No `import "elf"`: YARA-X runs an imported module on every file scanned, and the elf module
// parses every symbol of every ELF (3-6 ms per MB on /usr/lib, a third of the whole scan); the one
// rule that needed it reads the ELF headers itself (upx_stub_elf64).
import "pe"

rule upx_stub_pe64 : packer upx {
  meta:
    packer = "upx"
    description = "UPX decompression stub at the entry point of a PE32+ (x86-64)"
  strings:
    $ep = { 53 56 57 55 48 8D 35 ?? ?? ?? ?? 48 8D BE ?? ?? ?? ?? }
  condition:
    pe.is_pe and $ep at pe.entry_point
}

rule upx_stub_pe32 : packer upx {
  meta:
    packer = "upx"
    description = "UPX decompression stub at the entry point of a PE32 (x86)"
  strings:
    $ep = { 60 BE ?? ?? ?? ?? 8D BE ?? ?? ?? ?? }
  condition:
    pe.is_pe and $ep at pe.entry_point
}

rule upx_stub_elf64 : packer upx {
  meta:
    packer = "upx"
    description = "UPX decompression stub at the entry point of an ELF x86-64"
  strings:
    $ep = { E8 ?? ?? ?? ?? 55 53 51 52 48 01 FE 56 48 89 FE 48 89 D7 31 DB 31 C9 }
  condition:
    // $ep at the entry point's file offset, found as the elf module finds it: through the program
    // headers (56 bytes each) for ET_EXEC, else through the section headers (64 bytes each; not
    // NULL or NOBITS). ELF64 little-endian only (the stub is x86-64); addresses, offsets and sizes
    // are read as their low 32 bits and the high ones must be zero.
    $ep and uint32(0) == 0x464C457F and uint8(4) == 2 and uint8(5) == 1 and
    uint32(0x18) != 0 and uint32(0x1C) == 0 and
    (
      (uint16(0x10) == 2 and uint32(0x24) == 0 and
        for any i in (0..uint16(0x38) - 1) : (
          uint32(0x20) + i * 56 + 48 <= filesize and
          uint32(uint32(0x20) + i * 56 + 20) == 0 and uint32(uint32(0x20) + i * 56 + 12) == 0 and uint32(uint32(0x20) + i * 56 + 44) == 0 and
          uint32(0x18) >= uint32(uint32(0x20) + i * 56 + 16) and
          uint32(0x18) - uint32(uint32(0x20) + i * 56 + 16) < uint32(uint32(0x20) + i * 56 + 40) and
          $ep at uint32(uint32(0x20) + i * 56 + 8) + uint32(0x18) - uint32(uint32(0x20) + i * 56 + 16)
        )) or
      (uint16(0x10) != 2 and uint32(0x2C) == 0 and uint16(0x3C) < 0xFF00 and
        for any i in (0..uint16(0x3C) - 1) : (
          uint32(0x28) + i * 64 + 64 <= filesize and
          uint32(uint32(0x28) + i * 64 + 4) != 0 and uint32(uint32(0x28) + i * 64 + 4) != 8 and
          uint32(uint32(0x28) + i * 64 + 20) == 0 and uint32(uint32(0x28) + i * 64 + 28) == 0 and uint32(uint32(0x28) + i * 64 + 36) == 0 and
          uint32(0x18) >= uint32(uint32(0x28) + i * 64 + 16) and
          uint32(0x18) - uint32(uint32(0x28) + i * 64 + 16) < uint32(uint32(0x28) + i * 64 + 32) and
          $ep at uint32(uint32(0x28) + i * 64 + 24) + uint32(0x18) - uint32(uint32(0x28) + i * 64 + 16)
        ))
    )
}

rule upx_magic : packer upx {
  meta:
    packer = "upx"
    description = "UPX! header magic in the first 4 KiB or UPX0/UPX1 section names"
  strings:
    $magic = "UPX!"
  condition:
    (uint16(0) == 0x5A4D or uint32(0) == 0x464C457F) and
    ($magic in (0..4096) or for any s in pe.sections : (s.name == "UPX0" or s.name == "UPX1"))
}

rule upx_tampered : packer upx tampered {
  meta:
    packer = "upx"
    description = "UPX stub at the entry point but neither the UPX! magic nor UPX section names: altered to defeat upx -d"
  strings:
    $magic = "UPX!"
  condition:
    (upx_stub_pe64 or upx_stub_pe32 or upx_stub_elf64) and not $magic and
    not (for any s in pe.sections : (s.name == "UPX0" or s.name == "UPX1"))
}

rule section_names_protector : packer protector {
  meta:
    description = "Section names used by VMProtect, Themida/WinLicense, MPRESS, ASPack or PECompact (weak alone: names can be copied)"
  condition:
    pe.is_pe and for any s in pe.sections : (
      s.name == ".vmp0" or s.name == ".vmp1" or s.name == ".themida" or s.name == ".winlice" or
      s.name == ".MPRESS1" or s.name == ".MPRESS2" or s.name == ".aspack" or s.name == ".adata" or s.name == "PEC2"
    )
}

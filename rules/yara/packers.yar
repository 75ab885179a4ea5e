// Pillbox bundled YARA rules: packers and protectors (written by the Pillbox team).
// Stub rules look at the entry point, so they still fire when the UPX magic and section names
// were overwritten; the *_tampered rules say so explicitly.
import "pe"
import "elf"

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
    uint32(0) == 0x464C457F and $ep at elf.entry_point
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

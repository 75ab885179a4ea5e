// Pillbox bundled YARA rules: generic suspicious traits (written by the Pillbox team).
import "pe"

rule pe_in_overlay : suspicious {
  meta:
    description = "A PE image (MZ with a PE signature at e_lfanew) inside the overlay of a PE"
  strings:
    $mz = "MZ"
  condition:
    pe.is_pe and pe.overlay.size > 0 and
    for any i in (1..#mz) : (
      @mz[i] >= pe.overlay.offset and @mz[i] + 0x40 < filesize and
      uint32(@mz[i] + 0x3C) < 0x1000 and uint32(@mz[i] + uint32(@mz[i] + 0x3C)) == 0x00004550
    )
}

rule base64_pe : suspicious {
  meta:
    description = "Base64 text of a PE header (MZ stub or DOS message), ASCII or UTF-16"
  strings:
    $mz = "TVqQAAMAAAAEAAAA" ascii wide
    $dos = "VGhpcyBwcm9ncmFtIGNhbm5vdCBiZSBydW4gaW4gRE9TIG1vZGU" ascii wide
  condition:
    any of them
}

rule reversed_pe : suspicious {
  meta:
    description = "A reversed DOS stub message: a PE stored backwards to hide it"
  strings:
    $r = "edom SOD ni nur eb tonnac margorp sihT"
  condition:
    $r
}

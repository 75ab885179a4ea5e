// File extensions that make a dotted token a file name (executables, scripts, documents, archives,
// disk images). Some are also top-level domains; for those the context decides (see families/domain.ts).
import { isIcannTld } from './domain-name.js';

const EXTENSIONS = `exe dll sys scr cpl ocx drv msi msp msix appx efi com
bat cmd ps1 psm1 psd1 vbs vbe js jse wsf wsh hta sct py pyc pyw sh bash zsh pl pm rb php phtml asp aspx ashx jsp jspx lua go elf ko so dylib
doc docx docm dot dotm xls xlsx xlsm xlsb xlam xll ppt pptx pptm ppsx pdf rtf odt ods odp one onepkg chm iqy slk txt html htm svg mht hwp
zip rar 7z tar gz tgz bz2 xz iso img vhd vhdx cab arj lzh ace jar war apk ipa dmg pkg deb rpm
lnk url inf reg scf ini dat tmp bin plist app
mov mp4 avi mkv md jpg jpeg png gif`.split(/\s+/);

/** Every recognised file extension (lower case). */
export const FILE_EXT: ReadonlySet<string> = new Set(EXTENSIONS);

/**
 * Extensions that are also TLDs and are more often file names in reports; with no context they are
 * taken as file names. Other ambiguous ones (`.pl`, `.com`, `.run`…) default to domains.
 */
const FILE_FIRST: ReadonlySet<string> = new Set(['zip', 'mov', 'sh', 'py', 'md', 'so', 'cab', 'ps', 'one', 'app', 'dot']);

/** True when `ext` is a known file extension and also a TLD. */
export function isAmbiguousExt(ext: string): boolean {
  return isFileExt(ext) && isIcannTld(ext);
}

/** Default reading of an ambiguous extension when nothing around the token decides. */
export function prefersFile(ext: string): boolean {
  return FILE_FIRST.has(ext);
}

/** `com` is both a DOS executable extension and the biggest TLD: treat it as a TLD unless in a path. */
export function isFileExt(ext: string): boolean {
  return ext !== 'com' && FILE_EXT.has(ext);
}

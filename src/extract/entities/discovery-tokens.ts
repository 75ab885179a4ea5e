/**
 * Tokens for family discovery, kept as offsets in typed arrays (no object per token), and their
 * classes: the handful of word groups the discovery patterns look at.
 */

export const OTHER = 0;
/** A capitalised token that could be a family name (check with `isNameAt`). */
export const NAME = 1;
export const NOUN_M = 2;
export const NOUN_T = 3;
/** called, named, call, name… */
export const NAMING = 4;
/** dubbed, codenamed, nicknamed: name a new thing on their own. */
export const STRONG = 5;
export const COMMA = 6;
/** Sentence or clause break: . ; : newline. */
export const BREAK = 7;
export const WE = 8;
export const AS = 9;
/** known / tracked (before "as"). */
export const KNOWN = 10;
/** a, an, the. */
export const ARTICLE = 11;
/** new, this, its, their, our (determiners that may precede "loader, X,"). */
export const DET = 12;

const MALWARE_NOUNS = [
  'backdoor', 'loader', 'implant', 'trojan', 'rat', 'stealer', 'infostealer', 'wiper', 'dropper', 'downloader', 'ransomware', 'rootkit',
  'bootkit', 'keylogger', 'spyware', 'webshell', 'botnet', 'worm', 'malware', 'variant', 'payload', 'launcher', 'injector', 'miner',
  'module', 'plugin', 'family', 'strain', 'binary', 'executable', 'sample', 'component', 'shellcode', 'shell', 'bot', 'beacon',
];
const TOOL_NOUNS = ['tool', 'utility', 'framework', 'toolkit', 'scanner', 'tunneler'];

const CLASS = new Map<string, number>([
  ...MALWARE_NOUNS.flatMap((w) => [[w, NOUN_M], [`${w}s`, NOUN_M]] as [string, number][]),
  ...TOOL_NOUNS.flatMap((w) => [[w, NOUN_T], [`${w}s`, NOUN_T]] as [string, number][]),
  ...['called', 'named', 'call', 'name', 'dub'].map((w) => [w, NAMING] as [string, number]),
  ...['dubbed', 'codenamed', 'code-named', 'nicknamed'].map((w) => [w, STRONG] as [string, number]),
  ['we', WE], ['as', AS], ['known', KNOWN], ['tracked', KNOWN],
  ...['a', 'an', 'the'].map((w) => [w, ARTICLE] as [string, number]),
  ...['new', 'this', 'that', 'its', 'their', 'our'].map((w) => [w, DET] as [string, number]),
]);

/** Capitalised words that are platforms, languages, formats or sentence words, never family names. */
const STOP = new Set([
  'windows', 'linux', 'macos', 'android', 'ios', 'unix', 'python', 'powershell', 'go', 'golang', 'rust', 'java', 'javascript', 'delphi',
  'net', 'nim', 'lua', 'microsoft', 'office', 'word', 'excel', 'outlook', 'dll', 'pe', 'elf', 'http', 'https', 'dns', 'tcp', 'udp', 'ssl',
  'tls', 'api', 'the', 'this', 'that', 'these', 'those', 'it', 'its', 'our', 'we', 'new', 'custom', 'first', 'second', 'third', 'stage',
  'main', 'remote', 'administration', 'access', 'open', 'source', 'open-source', 'lnk', 'iso', 'zip', 'msi', 'vbs', 'hta', 'sfx', 'apt',
  'c2', 'cnc', 'linux-based', 'windows-based', 'go-based', 'rust-based', 'python-based', 'lightweight', 'modular', 'simple', 'same',
  'another', 'other', 'previously', 'undocumented', 'known', 'unknown', 'additional', 'after', 'before', 'one', 'two', 'however', 'in',
  'on', 'at', 'by', 'for', 'with', 'from', 'and', 'or', 'but', 'x86', 'x64', 'arm', 'mips', 'chinese', 'russian', 'iranian', 'korean',
  'internet', 'web', 'cloud', 'wmi', 'rdp', 'smb', 'ssh', 'vpn', 'json', 'xml', 'base64', 'aes', 'rc4', 'xor', 'rsa', 'sha256', 'md5',
  'its', 'their', 'his', 'her', 'a', 'an', 'to', 'of', 'is', 'was', 'has', 'had', 'when', 'while', 'then', 'once', 'all', 'each',
  // sentence adverbs ("Finally, a …") and platform acronyms
  'finally', 'interestingly', 'next', 'otherwise', 'furthermore', 'additionally', 'also', 'moreover', 'thus', 'therefore', 'meanwhile',
  'later', 'instead', 'again', 'similarly', 'notably', 'specifically', 'overall', 'initially', 'subsequently', 'afterwards', 'here',
  'there', 'today', 'now', 'currently', 'recently', 'importantly', 'unfortunately', 'fortunately', 'lastly', 'besides', 'still',
  'uefi', 'bios', 'mbr', 'vba', 'com', 'sql', 'php', 'asp', 'aspx', 'iis', 'apache', 'nginx', 'docker', 'kubernetes', 'exchange',
  'sharepoint', 'esxi', 'gpo', 'ldap', 'smtp', 'imap', 'ftp', 'icmp', 'ntlm', 'kerberos', 'oauth', 'saml', 'sso', 'mfa', 'edr', 'av',
]);

/** Token offsets of a text. */
export interface Tokens {
  count: number;
  start: Int32Array;
  end: Int32Array;
  /** Class-word trie state each word token ends in (its characters followed from the root), or -1. */
  trie: Int32Array;
  text(i: number): string;
  /** Code unit of the last character of token i. */
  lastCode(i: number): number;
}

/** Per ASCII code: 1 word character (letters, digits, `_`, `-`), 2 punctuation the patterns read, 0 other. */
const ASCII_KIND = buildKinds();

function buildKinds(): Uint8Array {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45) t[c] = 1;
    else if (c === 44 || c === 46 || c === 59 || c === 58 || c === 10 || c === 33 || c === 63) t[c] = 2;
  }
  return t;
}

const isPunct = (c: number): boolean => c < 128 && ASCII_KIND[c] === 2;

/**
 * Scratch offset arrays reused from call to call (grown by doubling, never shrunk): a token list lives
 * only while one text is scanned (discoverFamilies copies out what it keeps), and allocating two typed
 * arrays per document cost as much as tokenizing a short one.
 */
let scratchStart = new Int32Array(1024);
let scratchEnd = new Int32Array(1024);
let scratchTrie = new Int32Array(1024);

/**
 * Words (letters, digits, _ and -, with inner dots as in "Foo.Bar") and the punctuation the patterns
 * need. The offsets live in shared scratch arrays: valid until the next call.
 */
export function tokenize(text: string): Tokens {
  let start = scratchStart;
  let end = scratchEnd;
  let trie = scratchTrie;
  let cap = start.length;
  const next = TRIE.next;
  let n = 0;
  const len = text.length;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? (ASCII_KIND[c] as number) : 1;
    if (k === 0) {
      i++;
      continue;
    }
    if (n === cap) {
      cap *= 2;
      const s2 = new Int32Array(cap);
      const e2 = new Int32Array(cap);
      const t2 = new Int32Array(cap);
      s2.set(start);
      e2.set(end);
      t2.set(trie);
      start = scratchStart = s2;
      end = scratchEnd = e2;
      trie = scratchTrie = t2;
    }
    start[n] = i;
    i++;
    // The class-word trie is followed while the word is read (classify needs no second pass).
    let node = -1;
    if (k === 1) {
      const sym = trieSymbol(c);
      node = sym < 0 ? -1 : next[sym]!;
      // Hot loop: word characters decided inline (ASCII table, anything non-ASCII is a word character).
      while (i < len) {
        const d = text.charCodeAt(i);
        if (d >= 128 || ASCII_KIND[d] === 1) i++;
        else if (d === 46 && i + 1 < len) {
          const e = text.charCodeAt(i + 1);
          if (e !== 45 && (e >= 128 || ASCII_KIND[e] === 1)) i++;
          else break;
        } else break;
        if (node >= 0) {
          const sym2 = trieSymbol(d);
          node = sym2 < 0 ? -1 : next[node * TRIE_WIDTH + sym2]!;
        }
      }
    }
    trie[n] = node;
    end[n] = i;
    n++;
  }
  return new TokenList(text, n, start, end, trie);
}

/** Tokens as a class: its methods live on the prototype, not in two closures made per document. */
class TokenList implements Tokens {
  constructor(
    private readonly source: string,
    readonly count: number,
    readonly start: Int32Array,
    readonly end: Int32Array,
    readonly trie: Int32Array,
  ) {}

  text(i: number): string {
    return this.source.slice(this.start[i], this.end[i]);
  }

  lastCode(i: number): number {
    return this.source.charCodeAt(this.end[i]! - 1);
  }
}

/**
 * Lower-case class words as a flat character trie (a–z and "-"), so lower-case tokens are
 * classified without slicing them out of the text.
 */
const TRIE_WIDTH = 27;
const TRIE = buildTrie();

function trieSymbol(c: number): number {
  const l = c | 32; // ASCII lower case; the trie is case-insensitive
  if (l >= 97 && l <= 122 && c <= 122) return l - 97;
  return c === 45 ? 26 : -1;
}

function buildTrie(): { next: Int32Array; cls: Uint8Array } {
  let size = 1;
  for (const w of CLASS.keys()) size += w.length;
  const next = new Int32Array(size * TRIE_WIDTH).fill(-1);
  const cls = new Uint8Array(size);
  let nodes = 1;
  for (const [w, c] of CLASS) {
    let node = 0;
    for (let i = 0; i < w.length; i++) {
      const slot = node * TRIE_WIDTH + trieSymbol(w.charCodeAt(i));
      if (next[slot] === -1) next[slot] = nodes++;
      node = next[slot]!;
    }
    cls[node] = c;
  }
  return { next, cls };
}


/** Whether the capitalised token i is a plausible family name (not a platform, format or sentence word). */
export function isNameAt(t: Tokens, i: number): boolean {
  const len = t.end[i]! - t.start[i]!;
  if (len < 3 || len > 40) return false;
  const w = t.text(i).toLowerCase();
  return !STOP.has(w) && !DESCRIPTIVE.test(w);
}

/** "PowerShell-based", "Rust-like", "Office-themed": descriptions; "WinSvcHost.exe": a file name. */
const DESCRIPTIVE = /-(?:based|like|style|themed|written|enabled|compatible|signed|linked|powered|only)$|\.(?:exe|dll|sys|dat|bin|tmp|ps1|psm1|js|jse|vbs|vbe|bat|cmd|lnk|hta|msi|zip|rar|7z|iso|img|doc|docx|docm|xls|xlsx|xlsm|pdf|rtf|so|elf|sh|py|jar|apk|txt|log|cfg|ini|json|xml|db)$/;

/** One class per token; capitalised tokens outside the class words get NAME (confirm with `isNameAt`). */
export function classify(t: Tokens, text: string): Uint8Array {
  const out = new Uint8Array(t.count);
  for (let i = 0; i < t.count; i++) {
    const s = t.start[i]!;
    const e = t.end[i]!;
    const first = text.charCodeAt(s);
    if (e - s === 1 && isPunct(first)) {
      out[i] = first === 44 ? COMMA : BREAK;
      continue;
    }
    const node = t.trie[i]!;
    const cls = e - s <= 12 && node >= 0 ? TRIE.cls[node]! : OTHER;
    out[i] = cls === OTHER && first >= 65 && first <= 90 ? NAME : cls;
  }
  return out;
}

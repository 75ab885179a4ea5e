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
  /** Class of each word token as a lower-case class word (NOUN_M, NAMING, …), else OTHER; set by tokenize. */
  wordClass: Uint8Array;
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
let scratchClass = new Uint8Array(1024);

/**
 * Words (letters, digits, _ and -, with inner dots as in "Foo.Bar") and the punctuation the patterns
 * need. The offsets live in shared scratch arrays: valid until the next call.
 */
export function tokenize(text: string): Tokens {
  let start = scratchStart;
  let end = scratchEnd;
  let wordClass = scratchClass;
  let cap = start.length;
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
      const c2 = new Uint8Array(cap);
      s2.set(start);
      e2.set(end);
      c2.set(wordClass);
      start = scratchStart = s2;
      end = scratchEnd = e2;
      wordClass = scratchClass = c2;
    }
    start[n] = i;
    i++;
    // While the word is read, its lower-cased hash is kept as long as it is letters and hyphens
    // (the only characters of class words), so classify needs no second pass over it. A hash and one
    // probe of a 512-slot table touch far less memory than a character trie (cold between documents).
    let cls = OTHER;
    if (k === 1) {
      let plain = isPlainCode(c);
      let h = plain ? Math.imul(FNV_OFFSET ^ lowerCode(c), FNV_PRIME) : 0;
      // Hot loop: word characters decided inline (ASCII table, anything non-ASCII is a word character).
      while (i < len) {
        const d = text.charCodeAt(i);
        if (d >= 128 || ASCII_KIND[d] === 1) i++;
        else if (d === 46 && i + 1 < len) {
          const e = text.charCodeAt(i + 1);
          if (e !== 45 && (e >= 128 || ASCII_KIND[e] === 1)) i++;
          else break;
        } else break;
        if (plain) {
          if (isPlainCode(d)) h = Math.imul(h ^ lowerCode(d), FNV_PRIME);
          else plain = false;
        }
      }
      if (plain && i - start[n]! <= MAX_CLASS_WORD) cls = classWordAt(text, start[n]!, i, h);
    }
    wordClass[n] = cls;
    end[n] = i;
    n++;
  }
  return new TokenList(text, n, start, end, wordClass);
}

/** Tokens as a class: its methods live on the prototype, not in two closures made per document. */
export class TokenList implements Tokens {
  constructor(
    private readonly source: string,
    readonly count: number,
    readonly start: Int32Array,
    readonly end: Int32Array,
    readonly wordClass: Uint8Array,
  ) {}

  text(i: number): string {
    return this.source.slice(this.start[i], this.end[i]);
  }

  lastCode(i: number): number {
    return this.source.charCodeAt(this.end[i]! - 1);
  }
}

/**
 * Lower-case class words in a small open-addressing table keyed by FNV-1a of the word (ASCII letters
 * lower-cased, hyphens as they are), so tokens are classified without slicing them out of the text.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const CLASS_MASK = 511;
/** Longest class word ("infostealers"); longer tokens are never looked up. */
const MAX_CLASS_WORD = 12;
const classHash = new Int32Array(CLASS_MASK + 1);
const classWords: (string | undefined)[] = new Array<string | undefined>(CLASS_MASK + 1).fill(undefined);
const classOf = new Uint8Array(CLASS_MASK + 1);
for (const [w, c] of CLASS) {
  let h = FNV_OFFSET;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), FNV_PRIME);
  let slot = h & CLASS_MASK;
  while (classWords[slot] !== undefined) slot = (slot + 1) & CLASS_MASK;
  classHash[slot] = h;
  classWords[slot] = w;
  classOf[slot] = c;
}

/**
 * The class of a word (any case) as tokenize gives it: a class word when the word is letters and
 * hyphens only, at most MAX_CLASS_WORD long; else OTHER.
 * @example classOfWord('Backdoors') === NOUN_M
 */
export function classOfWord(word: string): number {
  if (word.length > MAX_CLASS_WORD || !/^[A-Za-z-]+$/.test(word)) return OTHER;
  return CLASS.get(word.toLowerCase()) ?? OTHER;
}

/** ASCII letters and the hyphen: the characters class words are made of. */
const isPlainCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45;
const lowerCode = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/**
 * classOfWord(text.slice(s, e)) without the slice (discovery classifies every multi-token word, and a
 * line of addresses and file names is hundreds of thousands of them).
 * @example classOfSpan('a Backdoor', 2, 10) === NOUN_M
 */
export function classOfSpan(text: string, s: number, e: number): number {
  if (e <= s || e - s > MAX_CLASS_WORD) return OTHER;
  let h = FNV_OFFSET;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (!isPlainCode(c)) return OTHER;
    h = Math.imul(h ^ lowerCode(c), FNV_PRIME);
  }
  return classWordAt(text, s, e, h);
}

/** The class of text[s, e) (letters and hyphens, hash h of its lower-cased form), or OTHER. */
function classWordAt(text: string, s: number, e: number, h: number): number {
  for (let slot = h & CLASS_MASK; ; slot = (slot + 1) & CLASS_MASK) {
    const w = classWords[slot];
    if (w === undefined) return OTHER;
    if (classHash[slot] !== h || w.length !== e - s) continue;
    let k = 0;
    while (k < w.length && lowerCode(text.charCodeAt(s + k)) === w.charCodeAt(k)) k++;
    if (k === w.length) return classOf[slot]!;
  }
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
    const cls = t.wordClass[i]!;
    out[i] = cls === OTHER && first >= 65 && first <= 90 ? NAME : cls;
  }
  return out;
}

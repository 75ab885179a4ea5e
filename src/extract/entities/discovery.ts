/**
 * Unknown malware and tools discovered from phrasing: "a backdoor called X", "dubbed X", "a new
 * loader, X,", "X, a Remote Administration Tool", "the X implant". One token scan per text with
 * fixed look-back and look-ahead windows, so it stays linear (no regular expression backtracking).
 */

/** A discovered name and where it was introduced. */
export interface Discovery {
  name: string;
  kind: 'malware' | 'tool';
  start: number;
  end: number;
}

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

const MALWARE_NOUNS = new Set([
  'backdoor', 'loader', 'implant', 'trojan', 'rat', 'stealer', 'infostealer', 'wiper', 'dropper', 'downloader', 'ransomware', 'rootkit',
  'bootkit', 'keylogger', 'spyware', 'webshell', 'botnet', 'worm', 'malware', 'variant', 'payload', 'beacon', 'launcher', 'injector',
  'shell', 'miner', 'bot', 'module', 'plugin', 'family', 'strain',
]);
const TOOL_NOUNS = new Set(['tool', 'utility', 'framework', 'toolkit', 'scanner', 'tunneler', 'proxy']);
const STRONG_NAMING = new Set(['dubbed', 'codenamed', 'code-named', 'nicknamed']);
const NAMING = new Set(['called', 'named', 'dubbed', 'codenamed', 'code-named', 'nicknamed', 'call', 'name', 'dub', 'as']);
const ARTICLES = new Set(['a', 'an', 'the', 'new', 'this', 'that', 'its', 'their', 'our']);
/** Capitalised words that are platforms, languages, formats or sentence words, never family names. */
const STOP = new Set([
  'windows', 'linux', 'macos', 'android', 'ios', 'unix', 'python', 'powershell', 'go', 'golang', 'rust', 'java', 'javascript', 'delphi',
  'net', 'nim', 'lua', 'microsoft', 'office', 'word', 'excel', 'outlook', 'dll', 'pe', 'elf', 'http', 'https', 'dns', 'tcp', 'udp', 'ssl',
  'tls', 'api', 'the', 'this', 'that', 'these', 'those', 'it', 'its', 'our', 'we', 'a', 'an', 'new', 'custom', 'first', 'second', 'third',
  'stage', 'main', 'remote', 'administration', 'access', 'open', 'source', 'open-source', 'lnk', 'iso', 'zip', 'msi', 'vbs', 'hta', 'sfx',
  'apt', 'c2', 'cnc', 'linux-based', 'windows-based', 'go-based', 'rust-based', 'python-based', 'lightweight', 'modular', 'simple', 'same',
  'another', 'other', 'previously', 'undocumented', 'known', 'unknown', 'additional', 'after', 'before', 'one', 'two', 'however', 'in',
  'on', 'at', 'by', 'for', 'with', 'from', 'and', 'or', 'but', 'x86', 'x64', 'arm', 'mips', 'chinese', 'russian', 'iranian', 'korean',
  'internet', 'web', 'cloud', 'wmi', 'rdp', 'smb', 'ssh', 'vpn', 'json', 'xml', 'base64', 'aes', 'rc4', 'xor', 'rsa', 'sha256', 'md5',
]);

/** CamelCase names ending in a malware type: "CrimsonRAT", "AcmeStealer" (prefix of at least two letters). */
const FAMILY_SUFFIX = /^[A-Z][A-Za-z0-9]{1,30}(?:RAT|Rat|Stealer|Loader|Locker|Bot|Miner|Wiper|Door|Spy|Logger|Backdoor|Downloader|Dropper)$/;

const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c > 127;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) {
      const s = i;
      while (i < text.length && (isWordChar(text.charCodeAt(i)) || (text.charCodeAt(i) === 46 && isWordChar(text.charCodeAt(i + 1)) && text.charCodeAt(i + 1) !== 45))) i++;
      const t = text.slice(s, i);
      out.push({ text: t, lower: t.toLowerCase(), start: s, end: i });
    } else {
      if (c !== 32 && c !== 9 && c !== 13) out.push({ text: text[i]!, lower: c === 10 ? '\n' : text[i]!, start: i, end: i + 1 });
      i++;
    }
  }
  return out;
}

/** A plausible family name: capitalised or all-caps, with no sentence word, platform or cue in it. */
function isNameToken(t: Token | undefined): t is Token {
  if (t === undefined || t.text.length < 3 || t.text.length > 40) return false;
  const c = t.text.charCodeAt(0);
  if (!(c >= 65 && c <= 90)) return false;
  return !STOP.has(t.lower) && !MALWARE_NOUNS.has(t.lower) && !TOOL_NOUNS.has(t.lower) && !/^[A-Z]\d*$/.test(t.text);
}

function nounKind(t: Token | undefined, prev?: Token): 'malware' | 'tool' | undefined {
  if (t === undefined) return undefined;
  const w = t.lower.replace(/s$/, '');
  if (MALWARE_NOUNS.has(t.lower) || MALWARE_NOUNS.has(w)) return 'malware';
  if (TOOL_NOUNS.has(t.lower)) return prev !== undefined && (prev.lower === 'administration' || prev.lower === 'access') ? 'tool' : 'tool';
  return undefined;
}

/** The nearest malware/tool noun among the `n` tokens before index i (not crossing a line or full stop). */
function nounBefore(toks: Token[], i: number, n: number): 'malware' | 'tool' | undefined {
  for (let j = i - 1; j >= 0 && j >= i - n; j--) {
    const t = toks[j]!;
    if (t.lower === '\n' || t.lower === '.' || t.lower === ';') return undefined;
    const k = nounKind(t, toks[j - 1]);
    if (k !== undefined) return k;
  }
  return undefined;
}

/** Kind named by "a [adj…] NOUN" right after index i (up to four tokens), e.g. ", a custom backdoor". */
function nounAfterArticle(toks: Token[], i: number): 'malware' | 'tool' | undefined {
  const first = toks[i];
  if (first === undefined || (first.lower !== 'a' && first.lower !== 'an' && first.lower !== 'the')) return undefined;
  for (let j = i + 1; j <= i + 4 && j < toks.length; j++) {
    const t = toks[j]!;
    if (t.lower === ',' || t.lower === '.' || t.lower === '\n') return undefined;
    const k = nounKind(t, toks[j - 1]);
    if (k !== undefined) return k;
  }
  return undefined;
}

function patternAt(toks: Token[], i: number): Discovery | undefined {
  const t = toks[i]!;
  const next = toks[i + 1];
  // "dubbed X", "a backdoor called X", "a loader that we call X", "a tool known as X"
  const weName = toks[i - 1]?.lower === 'we' && t.lower !== 'as';
  if (NAMING.has(t.lower) && isNameToken(next) && (STRONG_NAMING.has(t.lower) || weName || nounBefore(toks, i, 5) !== undefined)) {
    if (t.lower === 'as' && toks[i - 1]?.lower !== 'known' && toks[i - 1]?.lower !== 'tracked') return undefined;
    return { name: next.text, kind: nounBefore(toks, i, 5) ?? 'malware', start: next.start, end: next.end };
  }
  // "X, a Remote Administration Tool" / "X, a custom backdoor"
  if (isNameToken(t) && next?.lower === ',' && (i === 0 || toks[i - 1]!.lower !== ',')) {
    const k = nounAfterArticle(toks, i + 2);
    if (k !== undefined) return { name: t.text, kind: k, start: t.start, end: t.end };
  }
  // "a new loader, X," / "the backdoor, X,"
  if (nounKind(t) !== undefined && next?.lower === ',' && isNameToken(toks[i + 2]) && toks[i + 3]?.lower === ',' && ARTICLES.has(toks[i - 1]?.lower ?? '')) {
    const x = toks[i + 2]!;
    return { name: x.text, kind: nounKind(t) ?? 'malware', start: x.start, end: x.end };
  }
  // Name shape: "CapraRAT", "FooStealer", "BarLoader"
  if (isNameToken(t) && FAMILY_SUFFIX.test(t.text)) return { name: t.text, kind: 'malware', start: t.start, end: t.end };
  // "the X implant"
  if (ARTICLES.has(t.lower) && isNameToken(next) && nounKind(toks[i + 2]) !== undefined && /[A-Z].*[A-Z0-9]|^[A-Z][a-z]+[A-Z]/.test(next.text)) {
    return { name: next.text, kind: nounKind(toks[i + 2]) ?? 'malware', start: next.start, end: next.end };
  }
  return undefined;
}

/**
 * Finds names introduced as malware or tools by the phrasing around them.
 * @example discoverFamilies('a companion tool dubbed Hector') // [{ name: 'Hector', kind: 'tool', … }]
 */
export function discoverFamilies(text: string): Discovery[] {
  const toks = tokenize(text);
  const out: Discovery[] = [];
  for (let i = 0; i < toks.length; i++) {
    const d = patternAt(toks, i);
    if (d !== undefined) out.push(d);
  }
  return out;
}

// Context cues: the words around an ambiguous token (`invoice.zip`, `setup.sh`) say whether the author
// meant a host or a file. Only consulted for the few tokens whose extension is also a TLD.

const DOMAIN_CUES = new Set(`domain domains c2 c&c cnc host hosts hostname hostnames server servers resolve resolves resolved
resolving dns website site sites url beacon beacons beaconing contacts contacted contact connects connect connected
communicates communicate callback fqdn subdomain subdomains registered registrar sinkhole sinkholed infrastructure
nameserver whois visit visited browse browsed via hosted hosting`.split(/\s+/));

const FILE_CUES = new Set(`file files named name drops dropped drop dropper executes executed execute runs launches launched
attachment attachments attached archive archives script scripts payload payloads document documents filename filenames
saved save writes wrote written creates created opens opened extracts extracted extract loads loaded sideloads sideloaded
delivers delivered binary binaries executable executables installer macro lure disguised renamed copies copied
unpacks decompresses contains contained module modules library libraries shortcut image video clip zipped compressed
sample samples hash sha256 md5 sha1 called`.split(/\s+/));

type Cue = 'domain' | 'file' | null;

function classify(word: string): Cue {
  if (DOMAIN_CUES.has(word)) return 'domain';
  if (FILE_CUES.has(word)) return 'file';
  return null;
}

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 38;
}

/** Up to `max` words before `start` on the same line, nearest first, lower case. */
function wordsBefore(text: string, start: number, max: number): string[] {
  const words: string[] = [];
  let i = start - 1;
  const limit = Math.max(0, start - 80);
  while (i >= limit && words.length < max) {
    const c = text.charCodeAt(i);
    // Stop at a line, table cell or sentence boundary: cues from another sentence do not apply.
    if (c === 10 || c === 124 || c === 59 || ((c === 46 || c === 33 || c === 63) && i + 1 < start && text.charCodeAt(i + 1) === 32)) break;
    if (!isWordCode(c)) { i--; continue; }
    let j = i;
    while (j > limit && isWordCode(text.charCodeAt(j - 1))) j--;
    words.push(text.slice(j, i + 1).toLowerCase());
    i = j - 1;
  }
  return words;
}

/** The first word after `end` on the same line, lower case. */
function wordAfter(text: string, end: number): string {
  let i = end;
  const limit = Math.min(text.length, end + 30);
  // Skip spaces, quotes and brackets only: a cell border, sentence end or line end stops the search.
  while (i < limit && !isWordCode(text.charCodeAt(i)) && !'\n|.;!?'.includes(text[i]!)) i++;
  let j = i;
  while (j < limit && isWordCode(text.charCodeAt(j))) j++;
  return text.slice(i, j).toLowerCase();
}

/** Whether the words around text[start, end) mark a host name or a file name; null when they say nothing. */
export function contextCue(text: string, start: number, end: number): Cue {
  const after = classify(wordAfter(text, end));
  if (after !== null) return after;
  for (const w of wordsBefore(text, start, 4)) {
    const cue = classify(w);
    if (cue !== null) return cue;
  }
  return null;
}

// Dotted names: domain or file name? Domains need an ICANN public suffix. A known file extension
// (`loader.dll`) makes a file name; an extension that is also a TLD (`.zip`, `.sh`, `.mov`) is decided
// by how it was written (defanged → domain; `report.pdf.zip` → file) and by the words around it.
// Code identifiers (`System.IO`, `Assembly.Load`, `document.write(`) are neither.
import { isAlnum, isAlpha, isBidiControl, isIdnChar } from '../chars.js';
import { contextCue } from '../context.js';
import { normalizeDomain, unicodeHost } from '../domain-name.js';
import { isAmbiguousExt, isFileExt, prefersFile } from '../file-ext.js';
import { PRIO, absPos, segMatch, wasDefanged, type Family, type Match, type Segment } from '../types.js';

/** Bidirectional controls belong to a run so that a disguised file name is read whole (see classifyRun). */
function isRunChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 45 || c === 95 || isIdnChar(c) || isBidiControl(c);
}

/** The offset just past the last bidirectional control in r[a, b), or -1 when there is none. */
function afterLastBidi(r: string, a: number, b: number): number {
  for (let i = b - 1; i >= a; i--) if (isBidiControl(r.charCodeAt(i))) return i + 1;
  return -1;
}
function isTrim(c: number): boolean {
  return c === 46 || c === 45 || c === 95;
}

// Receivers that appear before `.name`, `.host`, `.email`… in code and pseudo-code quoted in reports.
const CODE_RECEIVERS = new Set(['self', 'this', 'window', 'document', 'console', 'os', 'sys', 'e', 'err', 'event', 'req', 'res',
  'request', 'response', 'obj', 'args', 'opts', 'options', 'config', 'user', 'data', 'item', 'module', 'exports', 'process',
  'math', 'json', 'string', 'array', 'object', 'str', 'ctx', 'socket', 'client', 'session', 'http', 'net', 'fs', 'path', 'url']);
/**
 * TLDs that hosts use and code does not name properties with: `data.kx-beacon.org` or
 * `client.update-srv.com` is a host, `data.user.id` or `request.headers.host` is code.
 */
const HOST_TLDS = new Set(['com', 'net', 'org', 'ru', 'cn', 'info', 'biz', 'xyz', 'top', 'online', 'club', 'de', 'uk', 'fr', 'nl', 'eu', 'br', 'jp', 'kr', 'su', 'cc', 'ws', 'pw', 'tk']);

/** A property chain's labels: identifiers all (a hyphen or a leading digit is a host's), ending in no host TLD. */
function codeLabels(labels: readonly string[], tld: string): boolean {
  if (HOST_TLDS.has(tld)) return false;
  for (const l of labels) if (!/^[A-Za-z_$][\w$]*$/.test(l)) return false;
  return true;
}

// Reversed-domain package names (com.android.sys.update.io) start with a generic TLD.
const PACKAGE_ROOTS = new Set(['com', 'org', 'net', 'edu', 'gov', 'io', 'android', 'java', 'javax']);
// Product names written like files.
const PRODUCT_NAMES = new Set(['node.js', 'vue.js', 'next.js', 'nuxt.js', 'react.js', 'angular.js', 'express.js', 'd3.js',
  'chart.js', 'three.js', 'ember.js', 'backbone.js', 'moment.js', 'socket.io', 'p5.js', 'deno.js']);

function hasLower(s: string): boolean {
  for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (c >= 97 && c <= 122) return true; }
  return false;
}
function hasUpper(s: string): boolean {
  for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (c >= 65 && c <= 90) return true; }
  return false;
}

/** Code identifiers: PascalCase chains (System.Security.Cryptography), upper-case TLD under lower-case names (System.IO), ASP.NET. */
export function looksLikeCode(s: string, labels: readonly string[]): boolean {
  const last = labels[labels.length - 1]!;
  if (labels.length === 2 && CODE_RECEIVERS.has(labels[0]!)) return true;
  if (last === 'NET' && labels.length === 2) return true;
  if (hasUpper(last) && !hasLower(last) && hasLower(s)) return true;
  for (let i = 1; i < labels.length; i++) {
    const l = labels[i]!;
    const c = l.charCodeAt(0);
    if (c >= 65 && c <= 90 && hasLower(l)) return true;
  }
  return false;
}

function isFileName(s: string, labels: readonly string[]): boolean {
  return labels.length >= 2 && labels[0] !== '' && isFileExt(labels[labels.length - 1]!.toLowerCase()) && !PRODUCT_NAMES.has(s.toLowerCase());
}

/** Decides file or domain for a valid domain whose last label is also a file extension. */
function ambiguousIsFile(seg: Segment, a: number, b: number, labels: readonly string[]): boolean {
  if (wasDefanged(seg, a, b)) return false;
  if (labels.length >= 3 && isFileExt(labels[labels.length - 2]!.toLowerCase())) return true;
  const first = labels[0]!.charCodeAt(0);
  if (labels[labels.length - 1] === 'app' && first >= 65 && first <= 90) return true;
  const cue = contextCue(seg.text, absPos(seg, a), absPos(seg, b));
  if (cue !== null) return cue === 'file';
  return prefersFile(labels[labels.length - 1]!.toLowerCase());
}

/** "update-srv.net.The": a sentence that starts right after the name, without a space. */
function nextSentenceGlued(labels: readonly string[]): boolean {
  const last = labels[labels.length - 1]!;
  return labels.length >= 3 && /^[A-Z][a-z]+$/.test(last) && !labels.slice(0, -1).some((l) => /[A-Z]/.test(l));
}

/**
 * "Invoice 2024.pdf", "Scan 0012.docx": a lure name whose last word is only a number keeps the
 * capitalised word before it (file names with spaces are otherwise read from their last word).
 */
function numberedName(seg: Segment, m: Match): Match {
  const text = seg.text;
  const dot = text.lastIndexOf('.', m.end);
  if (dot <= m.start || !/^[\d_-]+$/.test(text.slice(m.start, dot)) || text.charCodeAt(m.start - 1) !== 32) return m;
  let w = m.start - 1;
  while (w > 0 && isAlpha(text.charCodeAt(w - 1)) && m.start - w < 24) w--;
  const first = text.charCodeAt(w);
  if (w === m.start - 1 || first < 65 || first > 90 || (w > 0 && !/[\s"'(\[]/.test(text[w - 1]!))) return m;
  return { ...m, start: w, value: text.slice(w, m.end) };
}

function classifyRun(seg: Segment, a: number, b: number, out: Match[]): void {
  const r = seg.r;
  while (a < b && isTrim(r.charCodeAt(a))) a++;
  while (b > a && isTrim(r.charCodeAt(b - 1))) b--;
  if (b - a < 3 || (a === 0 && seg.cutLeft) || (b === r.length && seg.cutRight)) return;
  const s = r.slice(a, b);
  if (s.indexOf('.') < 0) return;
  const bidi = afterLastBidi(r, a, b);
  if (bidi >= 0) {
    // A file name disguised with a bidirectional control (`invoice\u202Egpj.exe`) is kept whole, control
    // included: it is the name on disk. Nothing else holds one (no host name can): what follows the
    // last control is read on its own, as before controls joined runs.
    const labels = s.split('.');
    if (labels.length >= 2 && labels[0] !== '' && isFileExt(labels[labels.length - 1]!.toLowerCase())) out.push(segMatch(seg, 'filename', a, b, s, PRIO.filename));
    else if (bidi < b) classifyRun(seg, bidi, b, out);
    return;
  }
  const labels = s.split('.');
  const ext = labels[labels.length - 1]!.toLowerCase();
  const dom = s.includes('_') ? null : normalizeDomain(s);
  const defanged = wasDefanged(seg, a, b);
  const codeChain = !defanged && labels.length >= 3 && (PACKAGE_ROOTS.has(labels[0]!) || (CODE_RECEIVERS.has(labels[0]!) && codeLabels(labels, ext)));
  const fileish = isFileName(s, labels) && !codeChain;
  if (dom === null) {
    if (fileish && isFileExt(ext)) out.push(numberedName(seg, segMatch(seg, 'filename', a, b, s, PRIO.filename)));
    else if (nextSentenceGlued(labels)) classifyRun(seg, a, b - labels[labels.length - 1]!.length - 1, out);
    return;
  }
  if (codeChain) return;
  if (!defanged && (r.charCodeAt(b) === 40 || looksLikeCode(s, labels))) {
    if (fileish && ext === 'app') out.push(segMatch(seg, 'filename', a, b, s, PRIO.filename));
    return;
  }
  if (fileish && (!isAmbiguousExt(ext) || ambiguousIsFile(seg, a, b, labels))) {
    out.push(segMatch(seg, 'filename', a, b, s, PRIO.filename));
    return;
  }
  // Every product name ends in .js or .io: the extension test spares a lower-casing per domain.
  if (!defanged && (ext === 'js' || ext === 'io') && PRODUCT_NAMES.has(s.toLowerCase())) return;
  const m = segMatch(seg, 'domain', a, b, dom, PRIO.domain);
  const u = unicodeHost(dom);
  if (u !== undefined) m.unicode = u;
  out.push(m);
}

/** Whether absolute offset p lies inside a URL or e-mail already found in this segment (its host was reported by that family). */
function insideContainer(out: readonly Match[], p: number): boolean {
  for (const m of out) if ((m.type === 'url' || m.type === 'email') && p >= m.start && p < m.end) return true;
  return false;
}

export const extractDomainsAndFiles: Family = (seg, out) => {
  const r = seg.r, n = r.length;
  const containers = out.length > 0;
  for (let i = 0; i < n; ) {
    if (!isRunChar(r.charCodeAt(i))) { i++; continue; }
    let j = i + 1, dots = false;
    while (j < n && isRunChar(r.charCodeAt(j))) { if (r.charCodeAt(j) === 46) dots = true; j++; }
    if (dots && j - i >= 3 && j - i <= 300 && !(containers && insideContainer(out, absPos(seg, i)))) classifyRun(seg, i, j, out);
    i = j;
  }
};

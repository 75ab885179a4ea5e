// Outlook messages (.msg, MS-OXMSG) as a tree: subject, bodies, attachments (with their bytes) and
// attached messages, read through the bounded compound-file reader (cfb.ts). Used by triage (the
// attachments of a phishing message are triaged as members) and by extract (src/input/outlook.ts).
import type { Diagnostic } from '../../../model/diagnostic.js';
import { readCfb, type Cfb, type CfbEntry } from './cfb.js';

/** Attached messages read inside one another at most. */
const MAX_DEPTH = 3;
/** Attachments read at most, in all. */
const MAX_ATTACHMENTS = 64;

/** Property ids (MS-OXPROPS). */
const PR = { subject: '0037', body: '1000', html: '1013', rtf: '1009', submitTime: 0x0039, attachData: '3701', longName: '3707', shortName: '3704', mime: '370E' };

export interface MsgAttachment {
  /** Long file name, else the short one, else the storage name. */
  name: string;
  mime: string | null;
  /** The attached file's bytes (null for an attached message, or past the limits). */
  data: Uint8Array | null;
  /** An attached message (`name` is its storage's label). */
  message: MsgMessage | null;
}

export interface MsgMessage {
  subject: string | null;
  body: string | null;
  /** The HTML body, decoded (when stored). */
  html: string | null;
  /** True when the only body is compressed RTF (not read). */
  rtfOnly: boolean;
  /** PR_CLIENT_SUBMIT_TIME as ISO 8601 (top-level message only). */
  submitted: string | null;
  attachments: MsgAttachment[];
}

export interface MsgInfo {
  message: MsgMessage;
  warnings: Diagnostic[];
}

/** True for a compound file whose root holds a message's property streams. */
export function isMsgRoot(root: CfbEntry): boolean {
  return root.children.some((c) => c.name === '__properties_version1.0') && root.children.some((c) => c.name.startsWith('__substg1.0_'));
}

/** Reads an Outlook message, or returns null when `bytes` are no .msg. Never throws on malformed input. */
export function readMsg(bytes: Uint8Array): MsgInfo | null {
  const cfb = readCfb(bytes);
  if (cfb === null || !isMsgRoot(cfb.root)) return null;
  const warnings: Diagnostic[] = [];
  const budget = { left: MAX_ATTACHMENTS };
  const message = readMessage(cfb, cfb.root, 0, warnings, budget);
  message.submitted = submitTime(cfb, cfb.root, 32);
  for (const w of cfb.warnings) warnings.push(w);
  return { message, warnings };
}

function readMessage(cfb: Cfb, storage: CfbEntry, depth: number, warnings: Diagnostic[], budget: { left: number }): MsgMessage {
  const html = binaryProp(cfb, storage, PR.html);
  const m: MsgMessage = {
    subject: stringProp(cfb, storage, PR.subject)?.trim() || null,
    body: stringProp(cfb, storage, PR.body)?.trim() || null,
    html: html !== undefined ? new TextDecoder('utf-8').decode(html) : stringProp(cfb, storage, PR.html) ?? null,
    rtfOnly: false,
    submitted: null,
    attachments: [],
  };
  m.rtfOnly = m.body === null && m.html === null && storage.children.some((c) => c.name.toUpperCase() === `__SUBSTG1.0_${PR.rtf}0102`);
  for (const a of storage.children) {
    if (a.type !== 'storage' || !a.name.startsWith('__attach_version1.0_#')) continue;
    if (budget.left-- <= 0) {
      warnings.push({ code: 'msg-attachment-limit', message: `more than ${MAX_ATTACHMENTS} attachments; the rest are not read` });
      break;
    }
    const name = stringProp(cfb, a, PR.longName) ?? stringProp(cfb, a, PR.shortName) ?? a.name;
    const mime = stringProp(cfb, a, PR.mime) ?? null;
    const embedded = a.children.find((c) => c.type === 'storage' && c.name.toUpperCase() === `__SUBSTG1.0_${PR.attachData}000D`);
    if (embedded !== undefined) {
      if (depth + 1 > MAX_DEPTH) {
        warnings.push({ code: 'msg-depth', message: `${name}: attached messages nested deeper than ${MAX_DEPTH} are not read` });
        m.attachments.push({ name, mime, data: null, message: null });
      } else m.attachments.push({ name, mime, data: null, message: readMessage(cfb, embedded, depth + 1, warnings, budget) });
      continue;
    }
    m.attachments.push({ name, mime, data: binaryProp(cfb, a, PR.attachData) ?? null, message: null });
  }
  return m;
}

/** A string property: Unicode (`001F`, UTF-16LE) or 8-bit (`001E`: UTF-8 when valid, else Windows-1252). */
function stringProp(cfb: Cfb, storage: CfbEntry, id: string): string | undefined {
  const want = `__SUBSTG1.0_${id}`.toUpperCase();
  for (const c of storage.children) {
    if (c.type !== 'stream' || c.name.length !== 20 || !c.name.toUpperCase().startsWith(want)) continue;
    const type = c.name.slice(16).toUpperCase();
    const b = cfb.read(c);
    if (type === '001F') return Buffer.from(b.buffer, b.byteOffset, b.length & ~1).toString('utf16le').replace(/\0+$/, '');
    if (type === '001E') {
      const s = Buffer.from(b).toString('utf8');
      return (s.includes('\uFFFD') ? new TextDecoder('windows-1252').decode(b) : s).replace(/\0+$/, '');
    }
  }
  return undefined;
}

function binaryProp(cfb: Cfb, storage: CfbEntry, id: string): Uint8Array | undefined {
  const want = `__SUBSTG1.0_${id}0102`;
  const c = storage.children.find((x) => x.type === 'stream' && x.name.toUpperCase() === want);
  return c === undefined ? undefined : cfb.read(c);
}

/**
 * PR_CLIENT_SUBMIT_TIME from the fixed-size property stream (`__properties_version1.0`: a header of
 * `headerSize` bytes, then 16-byte entries of tag, flags and an 8-byte value; FILETIME for PT_SYSTIME).
 */
function submitTime(cfb: Cfb, storage: CfbEntry, headerSize: number): string | null {
  const p = storage.children.find((c) => c.type === 'stream' && c.name === '__properties_version1.0');
  if (p === undefined) return null;
  const b = cfb.read(p);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  for (let o = headerSize; o + 16 <= b.length; o += 16) {
    if (v.getUint16(o, true) !== 0x0040 || v.getUint16(o + 2, true) !== PR.submitTime) continue;
    const ms = Number(v.getBigUint64(o + 8, true) / 10_000n) - 11_644_473_600_000;
    const d = new Date(ms);
    return Number.isFinite(d.getTime()) && ms > 0 ? d.toISOString() : null;
  }
  return null;
}

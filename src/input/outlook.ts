// Outlook messages (.msg): what an analyst gets when a colleague drags an advisory out of Outlook.
// A .msg is a compound file (MS-OXMSG): each property a stream named `__substg1.0_<id><type>`, each
// attachment a storage `__attach_version1.0_#<n>`, an attached message a storage of its own. Read
// through our compound-file reader (cfb.ts: bounded, loop-safe), into the same parts as an .eml.
import { readCfb, type Cfb, type CfbEntry } from '../triage/formats/document/cfb.js';
import type { AttachmentReader, EmailParts } from './email.js';

/** Attached messages opened inside one another at most. */
const MAX_DEPTH = 3;
/** Attachments read at most, in all. */
const MAX_ATTACHMENTS = 32;

/** Property ids (MS-OXPROPS) read from a message and its attachments. */
const PR = { subject: '0037', body: '1000', html: '1013', submitTime: 0x0039, attachData: '3701', longName: '3707', shortName: '3704', mime: '370E' };

/**
 * The parts of an Outlook message, or null when `bytes` are no .msg (another compound file: a
 * Word or Excel 97-2003 document).
 */
export async function msgParts(bytes: Uint8Array, name: string, readAttachment: AttachmentReader): Promise<EmailParts | null> {
  const cfb = readCfb(bytes);
  if (cfb === null || !isMessage(cfb.root)) return null;
  const out: EmailParts = { text: '', attachments: [], warnings: [] };
  const skipped: string[] = [];
  const budget = { left: MAX_ATTACHMENTS };
  const top = await readMessage(cfb, cfb.root, 0, readAttachment, out, skipped, budget);
  out.text = top.body;
  if (top.html !== undefined) out.html = top.html;
  if (top.subject !== undefined) out.title = top.subject;
  const date = submitTime(cfb, cfb.root, 32);
  if (date !== undefined) out.date = date;
  for (const w of cfb.warnings) out.warnings.push({ code: w.code, message: `${name}: ${w.message}` });
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 8).join(', ') + (skipped.length > 8 ? `, … (${skipped.length} in all)` : '');
    out.warnings.push({ code: 'email-attachments-skipped', message: `${name}: ${skipped.length} attachment(s) not read as documents: ${shown}; save them and use \`pillbox triage\` for files` });
  }
  return out;
}

function isMessage(root: CfbEntry): boolean {
  return root.children.some((c) => c.name === '__properties_version1.0') && root.children.some((c) => c.name.startsWith('__substg1.0_'));
}

interface MessageText { subject?: string; body: string; html?: string }

/** One message's subject and body; its attachments go to `out.attachments` (attached messages too, as text). */
async function readMessage(cfb: Cfb, storage: CfbEntry, depth: number, readAttachment: AttachmentReader, out: EmailParts, skipped: string[], budget: { left: number }): Promise<MessageText> {
  const subject = stringProp(cfb, storage, PR.subject);
  const body = stringProp(cfb, storage, PR.body) ?? '';
  const m: MessageText = { body: body.trim() };
  if (subject) m.subject = subject.trim();
  if (m.body === '') {
    const html = binaryProp(cfb, storage, PR.html) ?? stringProp(cfb, storage, PR.html);
    if (html !== undefined) m.html = typeof html === 'string' ? html : new TextDecoder('utf-8').decode(html);
    else if (storage.children.some((c) => c.name.startsWith('__substg1.0_10090102'))) {
      out.warnings.push({ code: 'msg-rtf-only', message: `message${m.subject ? ` '${m.subject}'` : ''}: its body is stored only as compressed RTF, which is not read` });
    }
  }
  for (const a of storage.children) {
    if (a.type !== 'storage' || !a.name.startsWith('__attach_version1.0_#')) continue;
    const label = stringProp(cfb, a, PR.longName) ?? stringProp(cfb, a, PR.shortName) ?? a.name;
    const embedded = a.children.find((c) => c.type === 'storage' && c.name === `__substg1.0_${PR.attachData}000D`);
    if (embedded !== undefined) {
      if (depth + 1 > MAX_DEPTH) {
        skipped.push(`${label} (attached messages nested too deep)`);
        continue;
      }
      const inner = await readMessage(cfb, embedded, depth + 1, readAttachment, out, skipped, budget);
      const text = inner.body !== '' ? inner.body : inner.html !== undefined ? inner.html.replace(/<[^>]{0,10000}>/g, ' ') : '';
      out.attachments.push(`[attachment: ${label}]\n${inner.subject ? `Subject: ${inner.subject}\n\n` : ''}${text}`.trim());
      continue;
    }
    const data = binaryProp(cfb, a, PR.attachData);
    if (data === undefined) continue;
    if (budget.left <= 0) {
      skipped.push(`${label} (over ${MAX_ATTACHMENTS} attachments)`);
      continue;
    }
    budget.left--;
    const mime = stringProp(cfb, a, PR.mime) ?? 'application/octet-stream';
    const got = await readAttachment(data, label, mime);
    if (got === null) {
      skipped.push(`${label} (${mime})`);
      continue;
    }
    for (const w of got.warnings) out.warnings.push({ code: w.code, message: `attachment ${label}: ${w.message}` });
    if (got.text.trim() !== '') out.attachments.push(`[attachment: ${label}]\n${got.text.trim()}`);
  }
  return m;
}

/** A string property: Unicode (`001F`, UTF-16LE) or 8-bit (`001E`, read as UTF-8, else Windows-1252). */
function stringProp(cfb: Cfb, storage: CfbEntry, id: string): string | undefined {
  const want = `__substg1.0_${id}`.toUpperCase();
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
  const want = `__substg1.0_${id}0102`.toUpperCase();
  const c = storage.children.find((x) => x.type === 'stream' && x.name.toUpperCase() === want);
  return c === undefined ? undefined : cfb.read(c);
}

/**
 * PR_CLIENT_SUBMIT_TIME from the fixed-size property stream (`__properties_version1.0`: a header of
 * `headerSize` bytes, then 16-byte entries of tag, flags and an 8-byte value; FILETIME for PT_SYSTIME).
 */
function submitTime(cfb: Cfb, storage: CfbEntry, headerSize: number): string | undefined {
  const p = storage.children.find((c) => c.type === 'stream' && c.name === '__properties_version1.0');
  if (p === undefined) return undefined;
  const b = cfb.read(p);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  for (let o = headerSize; o + 16 <= b.length; o += 16) {
    if (v.getUint16(o, true) !== 0x0040 || v.getUint16(o + 2, true) !== PR.submitTime) continue;
    const ticks = v.getBigUint64(o + 8, true); // 100 ns since 1601-01-01
    const ms = Number(ticks / 10_000n) - 11_644_473_600_000;
    const d = new Date(ms);
    return Number.isFinite(d.getTime()) && ms > 0 ? d.toISOString() : undefined;
  }
  return undefined;
}


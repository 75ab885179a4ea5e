// Outlook messages (.msg): what an analyst gets when a colleague drags an advisory out of Outlook.
// The message tree comes from triage's bounded .msg reader (triage/formats/document/msg.ts); here it
// becomes the same parts as an .eml: body, title, date, and the text of attached documents.
import { readMsg, type MsgMessage } from '../triage/formats/document/msg.js';
import type { AttachmentReader, EmailParts } from './email.js';

/**
 * The parts of an Outlook message, or null when `bytes` are no .msg (another compound file: a
 * Word or Excel 97-2003 document).
 */
export async function msgParts(bytes: Uint8Array, name: string, readAttachment: AttachmentReader): Promise<EmailParts | null> {
  const msg = readMsg(bytes);
  if (msg === null) return null;
  const m = msg.message;
  const out: EmailParts = { text: m.body ?? '', attachments: [], warnings: [] };
  if (m.body === null && m.html !== null) out.html = m.html;
  if (m.subject !== null) out.title = m.subject;
  if (m.submitted !== null) out.date = m.submitted;
  for (const w of msg.warnings) out.warnings.push({ code: w.code, message: `${name}: ${w.message}` });
  const skipped: string[] = [];
  await attachmentsOf(m, readAttachment, out, skipped);
  if (m.rtfOnly) out.warnings.push({ code: 'msg-rtf-only', message: `${name}: the message body is stored only as compressed RTF, which is not read` });
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 8).join(', ') + (skipped.length > 8 ? `, … (${skipped.length} in all)` : '');
    out.warnings.push({ code: 'email-attachments-skipped', message: `${name}: ${skipped.length} attachment(s) not read as documents: ${shown}; save them and use \`pillbox triage\` for files` });
  }
  return out;
}

/** Appends the text of a message's attached documents and messages (depth first) to `out.attachments`. */
async function attachmentsOf(m: MsgMessage, readAttachment: AttachmentReader, out: EmailParts, skipped: string[]): Promise<void> {
  for (const a of m.attachments) {
    if (a.message !== null) {
      const inner = a.message;
      const text = inner.body ?? (inner.html !== null ? inner.html.replace(/<[^>]{0,10000}>/g, ' ') : '');
      out.attachments.push(`[attachment: ${a.name}]\n${inner.subject ? `Subject: ${inner.subject}\n\n` : ''}${text}`.trim());
      await attachmentsOf(inner, readAttachment, out, skipped);
      continue;
    }
    if (a.data === null) {
      skipped.push(`${a.name} (not readable)`);
      continue;
    }
    const mime = a.mime ?? 'application/octet-stream';
    const got = await readAttachment(a.data, a.name, mime);
    if (got === null) {
      skipped.push(`${a.name} (${mime})`);
      continue;
    }
    for (const w of got.warnings) out.warnings.push({ code: w.code, message: `attachment ${a.name}: ${w.message}` });
    if (got.text.trim() !== '') out.attachments.push(`[attachment: ${a.name}]\n${got.text.trim()}`);
  }
}

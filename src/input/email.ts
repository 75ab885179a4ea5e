// E-mail messages (RFC 5322 / MIME, an `.eml` file): how advisories reach many analysts. Read as
// bytes, their bodies are quoted-printable (which cuts long URLs with `=` soft breaks and writes `=`
// as `=3D`) or base64 (which hides everything), so the message is parsed first: the body as text,
// the Subject as the title, the Date as a last-resort publication date, and the text of attached
// documents (text, HTML, PDF, forwarded messages) after the body. MIME parsing is postal-mime's
// (no dependencies, limits on nesting and header size).
import type { Diagnostic } from '../model/diagnostic.js';

/** Header names that only an e-mail message starts with (a report with a `Date:` line is no message). */
const MAIL_ONLY = /^(?:received|message-id|mime-version|return-path|delivered-to|dkim-signature|x-mailer|x-originating-ip|authentication-results|content-transfer-encoding|thread-index|x-ms-exchange-[a-z-]+|arc-[a-z-]+)$/;
/** How much of the start is read to decide. */
const HEAD = 64 * 1024;

/**
 * Whether bytes are an e-mail message: a header block (each line `Name: value` or a folded
 * continuation, optionally after an mbox `From ` line) that ends in an empty line and holds `From:`
 * or `Subject:` plus a header only messages carry (`Received:`, `Message-ID:`, `MIME-Version:` …).
 * The file name plays no part.
 */
export function looksLikeEmail(bytes: Uint8Array): boolean {
  // A header name starts the file: anything else (a binary, a report) is decided on its first byte.
  const b0 = bytes[0] ?? 0;
  if (!((b0 >= 0x41 && b0 <= 0x5a) || (b0 >= 0x61 && b0 <= 0x7a))) return false;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, HEAD)).toString('latin1');
  let envelope = false;
  let mailOnly = false;
  let lines = 0;
  let at = head.startsWith('From ') ? head.indexOf('\n') + 1 : 0;
  for (;;) {
    const nl = head.indexOf('\n', at);
    if (nl === -1) return false; // no end of the header block within HEAD
    const line = head.slice(at, nl).replace(/\r$/, '');
    at = nl + 1;
    if (line === '') return lines > 0 && envelope && mailOnly;
    lines++;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (lines === 1) return false;
      continue;
    }
    const m = /^([A-Za-z0-9][A-Za-z0-9-]{0,76}):/.exec(line);
    if (!m) return false;
    const name = m[1]!.toLowerCase();
    if (name === 'from' || name === 'subject') envelope = true;
    else if (MAIL_ONLY.test(name)) mailOnly = true;
  }
  return false;
}

/** The raw text after the header block (the whole text when there is none). */
function bodyOf(bytes: Uint8Array): string {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  const m = /\r?\n\r?\n/.exec(s);
  return m ? s.slice(m.index + m[0].length) : s;
}

/** What an e-mail message gives `extract`. */
export interface EmailParts {
  /** The plain-text body, or '' (then `html` may hold the body). */
  text: string;
  /** The HTML body when the message has no plain-text one. */
  html?: string;
  title?: string;
  /** The Date header (ISO 8601 from postal-mime, or as written). */
  date?: string;
  /** The text of each attachment read, after a line `[attachment: name]`. */
  attachments: string[];
  warnings: Diagnostic[];
}

/** Attachments read at most. */
const MAX_ATTACHMENTS = 32;

/** An attachment's text, or null for one that is no document (an archive, an executable, an image). */
export type AttachmentReader = (bytes: Uint8Array, name: string, mimeType: string) => Promise<{ text: string; warnings: Diagnostic[] } | null>;

/**
 * Parses a message into its body and the text of the attachments `readAttachment` can read.
 * Attachments it cannot read are listed in one warning (inline images of an HTML body excepted);
 * a message that does not parse is returned as its raw text, with a warning.
 */
export async function emailParts(bytes: Uint8Array, name: string, readAttachment: AttachmentReader): Promise<EmailParts> {
  const { default: PostalMime } = await import('postal-mime');
  const warnings: Diagnostic[] = [];
  let mail;
  try {
    mail = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 64, maxRfc822NestingDepth: 8 });
  } catch (e) {
    warnings.push({ code: 'email-unreadable', message: `${name}: the e-mail message cannot be parsed (${(e as Error).message}); read as plain text` });
    return { text: Buffer.from(bytes).toString('utf8'), attachments: [], warnings };
  }
  const out: EmailParts = { text: (mail.text ?? '').trim(), attachments: [], warnings };
  if (out.text === '' && mail.html) out.html = mail.html;
  else if (out.text === '' && mail.attachments.length === 0 && /\S/.test(bodyOf(bytes))) {
    // A multipart whose boundary never comes (a cut or hand-edited message): no part is found, but
    // the body is there. Read it as written rather than lose it.
    warnings.push({ code: 'email-unreadable', message: `${name}: no readable part in the e-mail message (a missing MIME boundary?); its body is read as plain text` });
    out.text = bodyOf(bytes);
  }
  if (mail.subject?.trim()) out.title = mail.subject.trim();
  if (mail.date) out.date = mail.date;
  const skipped: string[] = [];
  for (const a of mail.attachments) {
    const label = a.filename ?? a.mimeType;
    // Inline images of an HTML body (logos, signatures) carry no text to extract.
    if (a.related && a.mimeType.startsWith('image/')) continue;
    if (a.rfc822DepthExceeded) {
      skipped.push(`${label} (forwarded messages nested too deep)`);
      continue;
    }
    if (out.attachments.length >= MAX_ATTACHMENTS) {
      skipped.push(`${label} (over ${MAX_ATTACHMENTS} attachments)`);
      continue;
    }
    const content = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : new Uint8Array(a.content);
    const got = await readAttachment(content, label, a.mimeType);
    if (got === null) {
      skipped.push(`${label} (${a.mimeType})`);
      continue;
    }
    for (const w of got.warnings) warnings.push({ code: w.code, message: `attachment ${label}: ${w.message}` });
    if (got.text.trim() !== '') out.attachments.push(`[attachment: ${label}]\n${got.text.trim()}`);
  }
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 8).join(', ') + (skipped.length > 8 ? `, … (${skipped.length} in all)` : '');
    warnings.push({ code: 'email-attachments-skipped', message: `${name}: ${skipped.length} attachment(s) not read as documents: ${shown}; save them and use \`pillbox triage\` for files` });
  }
  return out;
}

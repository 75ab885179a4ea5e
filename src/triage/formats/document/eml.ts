// E-mail messages (.eml) in triage: a reported phishing message is one of the files an analyst
// triages most. Its attachments (a ZIP, an ISO, an HTML page that smuggles a payload) are base64
// inside the text, invisible to a byte-level look: the message is parsed as MIME (postal-mime, as
// extract does; asynchronous, so triageFile does it before the synchronous pipeline) and each
// attachment becomes a member, triaged like an archive's. Streams (`-`, pipes) are parsed when read
// whole, by the batch worker and by triageFile.
import { looksLikeEmail } from '../../../input/email.js';
import type { ArchiveEntry } from '../archive/index.js';
import { detectFormat } from '../../detect.js';

/** What triage records of a message (details.email), and its attachments as members. */
export interface MailFacts {
  details: {
    subject: string | null;
    from: string | null;
    to: string[];
    date: string | null;
    message_id: string | null;
    /** Addresses the message was relayed through (Received headers), first hop last. */
    received: string[];
    text_chars: number;
    html: boolean;
    attachments: { name: string; mime: string; size: number }[];
  };
  members: ArchiveEntry[];
}

/** Attachments kept at most (each a member triaged in memory). */
const MAX_ATTACHMENTS = 64;

/** The facts of an e-mail message, or null when `bytes` are none (or do not parse). */
export async function mailFacts(bytes: Uint8Array): Promise<MailFacts | null> {
  if (!looksLikeEmail(bytes)) return null;
  const { default: PostalMime } = await import('postal-mime');
  let mail;
  try {
    mail = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 64, maxRfc822NestingDepth: 8 });
  } catch {
    return null;
  }
  const addr = (a: { address?: string; name?: string } | undefined): string | null => (a?.address ? a.address : a?.name || null);
  const members: ArchiveEntry[] = [];
  const attachments: MailFacts['details']['attachments'] = [];
  for (const a of mail.attachments.slice(0, MAX_ATTACHMENTS)) {
    const data = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : new Uint8Array(a.content);
    const name = a.filename ?? `attachment-${attachments.length + 1}`;
    attachments.push({ name, mime: a.mimeType, size: data.length });
    const d = detectFormat(data);
    members.push({
      name, path: name, depth: 0, container: 'email', size: data.length, compressed_size: null, method: 'mime', directory: false,
      encrypted: false, encryption: null, password: null, format: d.format, description: d.description, integrity_ok: null, bytes: data,
    });
  }
  const received = mail.headers.filter((h) => h.key === 'received').map((h) => h.value.replace(/\s+/g, ' ').trim().slice(0, 300));
  return {
    details: {
      subject: mail.subject ?? null,
      from: addr(mail.from as { address?: string; name?: string } | undefined),
      to: (mail.to ?? []).map((t) => addr(t as { address?: string; name?: string })).filter((x): x is string => x !== null),
      date: mail.date ?? null,
      message_id: mail.messageId ?? null,
      received,
      text_chars: mail.text?.length ?? 0,
      html: mail.html !== undefined && mail.html !== '',
      attachments,
    },
    members,
  };
}

// Cheap HTML sniffing, kept apart from html.ts so that plain-text runs never load linkedom.

/** True when decoded text is an HTML document rather than text that mentions a tag. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head') || head.startsWith('<body')) return true;
  if (head.startsWith('<?xml') && head.includes('<html')) return true;
  // A fragment that opens with a tag and carries typical page structure.
  return head.startsWith('<') && /<(?:body|article|div|p|h1|title|meta)[\s>]/.test(head) && /<\/(?:p|div|body|html|article)>/.test(text.slice(0, 65536).toLowerCase());
}

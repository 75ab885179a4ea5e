/**
 * PowerShell encoded commands in a file's strings (`powershell -nop -w hidden -enc SQBFAFgA…`):
 * base64 of UTF-16LE text, which hides the URL the command fetches from every string and indicator
 * search. Decoded statically (base64, then UTF-16LE: nothing is run), so that triage can read the
 * indicators in it and show what it does.
 */

/** A decoded command: where its base64 starts and ends in the text searched, and the command. */
export interface EncodedCommand {
  /** Offsets in the searched text of the base64 argument. */
  start: number;
  end: number;
  /** The decoded command (UTF-16LE text). */
  text: string;
}

/** Longest decoded command kept (characters); a longer one is cut. */
export const MAX_COMMAND = 64 * 1024;
/** Most commands read from one text. */
const MAX_COMMANDS = 64;

/**
 * `-e`, `-ec`, `-enc`… `-EncodedCommand` (any prefix PowerShell accepts, any case, `-` or `/`), spaces,
 * an optional quote, then base64. Linear: each quantifier runs over its own class.
 */
const ARG = /(?:^|[\s"'(])[-/]([eE][A-Za-z]{0,13})[ \t]+["']?([A-Za-z0-9+/]{16,}={0,2})/g;

/** Whether `word` (lower case) is a prefix PowerShell reads as -EncodedCommand (`e` and `ec` included). */
export function encodedCommandSwitch(word: string): boolean {
  return word === 'ec' || 'encodedcommand'.startsWith(word);
}

/**
 * The encoded commands of `text` that decode to UTF-16LE text (four characters in five printable ASCII).
 * @example findEncodedCommands('powershell -enc SQBFAFgA')[0]?.text; // 'IEX'
 */
export function findEncodedCommands(text: string): EncodedCommand[] {
  const out: EncodedCommand[] = [];
  if (!/[-/][eE]/.test(text)) return out;
  ARG.lastIndex = 0;
  for (let m = ARG.exec(text); m !== null && out.length < MAX_COMMANDS; m = ARG.exec(text)) {
    if (!encodedCommandSwitch(m[1]!.toLowerCase())) continue;
    const b64 = m[2]!;
    const decoded = decodeEncodedCommand(b64);
    if (decoded === null) continue;
    const end = m.index + m[0].length;
    out.push({ start: end - b64.length, end, text: decoded });
  }
  return out;
}

/** UTF-16LE text from base64, or null when it is not mostly ASCII text (four characters in five). */
export function decodeEncodedCommand(b64: string): string | null {
  const bytes = Buffer.from(b64.slice(0, Math.ceil((MAX_COMMAND * 2 * 4) / 3)), 'base64');
  if (bytes.length < 8) return null;
  const text = bytes.subarray(0, bytes.length & ~1).toString('utf16le');
  // A command is code: mostly ASCII. ASCII bytes read as UTF-16 become CJK characters instead.
  let ascii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13) ascii++;
  }
  return ascii >= 0.8 * text.length ? text.slice(0, MAX_COMMAND) : null;
}

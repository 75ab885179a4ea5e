/**
 * Hits inside PowerShell encoded commands of log lines (`CommandLine: powershell -w hidden -enc
 * SQBFAFgA…`, as Sysmon, EDR exports and 4688 events record them): the base64 hides the URL or host
 * from any byte search, grep's and the scanner's alike. Each argument of `-e`/`-ec`/`-enc`…
 * `-EncodedCommand` is decoded (base64, then UTF-16LE; shared with extract) and scanned with the
 * same matcher; a hit is placed at the base64's offset and says what the command reads.
 * The lines are found by native searches for ` -e` and ` -E`, so logs without them cost two passes.
 */
import { decodeEncodedCommand, encodedCommandSwitch } from '../../extract/indicators/encoded-commands.js';
import type { LineScanner, RawHit } from '../match/scanner.js';

/** The decoded hits of b[start, end), at their base64's offset, with the decoded command of each. */
export interface DecodedHits {
  hits: RawHit[];
  /** The decoded command around each hit (for its context). */
  context: Map<RawHit, string>;
}

const NEEDLES = [Buffer.from(' -e'), Buffer.from(' -E')];
const CONTEXT = 200;

const isB64 = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Scans the encoded commands of b[start, end) with `scanner` (after its pass over the bytes
 * themselves: it is reused); null when there is none.
 */
export function decodedHits(b: Buffer, start: number, end: number, scanner: LineScanner): DecodedHits | null {
  let out: DecodedHits | null = null;
  for (const needle of NEEDLES) {
    for (let i = b.indexOf(needle, start); i !== -1 && i < end; i = b.indexOf(needle, i + 3)) {
      // The switch: letters after the dash, a prefix of -EncodedCommand.
      let j = i + 2;
      while (j < end && j - i - 2 < 14 && isLetter(b[j]!)) j++;
      if (!encodedCommandSwitch(b.toString('latin1', i + 2, j).toLowerCase())) continue;
      let k = j;
      while (k < end && (b[k] === 32 || b[k] === 9)) k++;
      if (k === j) continue;
      if (b[k] === 34 || b[k] === 39) k++;
      else if (b[k] === 92 && b[k + 1] === 34) k += 2; // \" inside a JSON string
      let e = k;
      while (e < end && isB64(b[e]!)) e++;
      if (e - k < 16) continue;
      let pad = e;
      while (pad < end && pad - e < 2 && b[pad] === 61) pad++;
      const text = decodeEncodedCommand(b.toString('latin1', k, pad));
      if (text === null) continue;
      const bytes = Buffer.from(text, 'utf8');
      const found: RawHit[] = [];
      scanner.scanBlock(bytes, 0, bytes.length, found);
      for (const h of found) {
        const at = h.offset;
        const hit: RawHit = { id: h.id, kind: h.kind, offset: k, host: -1 };
        out ??= { hits: [], context: new Map() };
        out.hits.push(hit);
        out.context.set(hit, `decoded -EncodedCommand: ${bytes.toString('utf8', Math.max(0, at - CONTEXT / 2), Math.min(bytes.length, at + CONTEXT / 2)).trim()}`);
      }
      i = e - 3;
    }
  }
  return out;
}

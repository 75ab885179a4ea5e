/** An ATT&CK technique id written in the text, with its offsets. */
export interface ExplicitId {
  /** As normalised (`T1059.001`; `T1059/001` is read as the same id). */
  id: string;
  start: number;
  end: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Finds ATT&CK technique ids (`T1234`, `T1234.001`, `T1234/001` as in attack.mitre.org URLs) in one
 * linear pass. A hand-written scanner: it runs over whole documents next to the other extractors.
 */
export function findExplicitIds(text: string): ExplicitId[] {
  const out: ExplicitId[] = [];
  let i = text.indexOf('T');
  while (i >= 0) {
    if ((i === 0 || !isWordChar(text.charCodeAt(i - 1))) && digitsAt(text, i + 1, 4)) {
      let end = i + 5;
      let id = text.slice(i, end);
      const sep = text.charCodeAt(end);
      if ((sep === 46 || sep === 47) && digitsAt(text, end + 1, 3) && !isWordChar(text.charCodeAt(end + 4))) {
        id += `.${text.slice(end + 1, end + 4)}`;
        end += 4;
      }
      if (!isWordChar(text.charCodeAt(end))) out.push({ id, start: i, end });
      i = text.indexOf('T', end);
    } else i = text.indexOf('T', i + 1);
  }
  return out;
}

function digitsAt(text: string, at: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (!isDigit(text.charCodeAt(at + k))) return false;
  return true;
}

// One pass over a candidate segment counting character classes, so that each family scanner runs only
// on segments that could hold its kind of indicator (a 64-hex token never reaches the URL, MAC or
// domain scanners). This keeps the per-candidate cost near one pass instead of one pass per family.
import { isIdnChar } from './chars.js';

export interface Shape {
  len: number;
  digits: number;
  hexLetters: number;
  otherLetters: number;
  dots: number;
  colons: number;
  dashes: number;
  slashes: number;
  ats: number;
  nonAscii: number;
  /** 'T' followed by a digit (ATT&CK id). */
  tDigit: boolean;
  /** "AS" (ASN prefix). */
  as: boolean;
}

export function newShape(): Shape {
  return { len: 0, digits: 0, hexLetters: 0, otherLetters: 0, dots: 0, colons: 0, dashes: 0, slashes: 0, ats: 0, nonAscii: 0, tDigit: false, as: false };
}

/** The shape of `r` into `s`. */
export function measureShape(r: string, s: Shape): void {
  measureShapeRange(r, 0, r.length, s);
}

/** The shape of r[from, to) into `s` (the span worker measures spans in place: no slice). */
export function measureShapeRange(r: string, from: number, to: number, s: Shape): void {
  let digits = 0, hexL = 0, other = 0, dots = 0, colons = 0, dashes = 0, slashes = 0, ats = 0, high = 0;
  let tDigit = false, as = false;
  const n = to - from;
  for (let i = from; i < to; i++) {
    const c = r.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 97 && c <= 122) { if (c <= 102) hexL++; else other++; }
    else if (c >= 65 && c <= 90) {
      if (c <= 70) hexL++; else other++;
      if (c === 84) { const d = i + 1 < to ? r.charCodeAt(i + 1) : -1; if (d >= 48 && d <= 57) tDigit = true; }
      else if (c === 83 && i > from && r.charCodeAt(i - 1) === 65) as = true;
    } else if (c === 46) dots++;
    else if (c === 58) colons++;
    else if (c === 45 || c === 0x2010 || c === 0x2011 || c === 0x2013) dashes++;
    else if (c === 47) slashes++;
    else if (c === 64) ats++;
    else if (c >= 0x80 && isIdnChar(c)) high++;
  }
  s.len = n; s.digits = digits; s.hexLetters = hexL; s.otherLetters = other; s.dots = dots; s.colons = colons;
  s.dashes = dashes; s.slashes = slashes; s.ats = ats; s.nonAscii = high; s.tDigit = tDigit; s.as = as;
}

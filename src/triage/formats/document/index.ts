/** Document formats: PDF, OLE2 compound files (legacy Office), OOXML packages. */
export { isPdf, parsePdf, type PdfInfo } from './pdf.js';
export { isOle, parseOle, type OleEntry, type OleInfo } from './ole.js';
export { parseOoxml, type OoxmlInfo } from './ooxml.js';

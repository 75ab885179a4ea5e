/**
 * Plain text of a DOM subtree with the block structure kept as line breaks. Readability's own
 * `textContent` glues headings to paragraphs ("ReturnsAPT41 used…"), which breaks indicator and
 * sentence boundaries, so we walk the tree ourselves. The walk is iterative: hostile pages nest
 * elements deeply enough to overflow a recursive one.
 */

/** Minimal node shape shared by linkedom and browser DOMs. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
}

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION',
  'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P',
  'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'UL', 'CAPTION',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'HEAD']);
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

type Step = { node: DomNode; pre: boolean } | { close: string };

/** Text of `root`: blocks on their own lines, table cells tab-separated, `<br>` as a newline, `<pre>` kept verbatim. */
export function domToText(root: DomNode): string {
  const out: string[] = [];
  const stack: Step[] = [{ node: root, pre: false }];
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    if ('close' in step) {
      out.push(step.close);
      continue;
    }
    const { node, pre } = step;
    if (node.nodeType === TEXT_NODE) {
      const v = node.nodeValue ?? '';
      out.push(pre ? v : v.replace(/\s+/g, ' '));
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE && node.nodeType !== 9 && node.nodeType !== 11) continue;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) continue;
    if (name === 'BR') { out.push('\n'); continue; }
    const [open, close] = separators(name);
    out.push(open);
    stack.push({ close });
    const kids = node.childNodes;
    const childPre = pre || name === 'PRE' || name === 'TEXTAREA';
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] as DomNode, pre: childPre });
  }
  return tidy(out.join(''));
}

function separators(name: string): [string, string] {
  if (name === 'TD' || name === 'TH') return ['', '\t'];
  if (name === 'LI') return ['\n- ', '\n'];
  if (name === 'PRE') return ['\n\n', '\n\n'];
  if (/^H[1-6]$/.test(name) || name === 'P' || name === 'BLOCKQUOTE' || name === 'TABLE') return ['\n\n', '\n\n'];
  if (BLOCK.has(name)) return ['\n', '\n'];
  return ['', ''];
}

/** Trims spaces at line ends and starts, and folds runs of blank lines to one. */
function tidy(s: string): string {
  return s
    .split('\n')
    .map((l) => l.replace(/^[ \t]+|[ \t]+$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

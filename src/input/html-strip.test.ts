import { describe, expect, it } from 'vitest';
import { decodeEntities, estimateDepth, stripHtml, titleOf } from './html-strip.js';

describe('stripHtml', () => {
  it('keeps text and block breaks, drops scripts, styles, comments and page furniture', () => {
    const html = `<html><head><title>T &amp; U</title><style>p{}</style></head><body>
      <nav><ul><li>menu.nav-noise.com</li></ul><nav>inner</nav> still nav</nav>
      <article><h1>Heading</h1><p>C2 at evil[.]com &ndash; seen&nbsp;twice</p><!-- hidden 1.2.3.4 -->
      <table><tr><td>a</td><td>b</td></tr></table><script>var x = "<p>not text</p>";</script></article>
      <footer>footer-noise.org</footer></body></html>`;
    const t = stripHtml(html);
    expect(t).toBe('Heading\n\nC2 at evil[.]com – seen twice\n\na\tb');
    expect(titleOf(html)).toBe('T & U');
  });

  it('trims each line, keeps at most one empty line in a row and none at the ends', () => {
    const html = '<div>\n  <p>  first   line&nbsp; </p>\n\n<p></p><p> </p><div></div><p>second</p><br><br><br>third<table><tr><td> a </td><td>b</td></tr></table><p>\t</p>';
    expect(stripHtml(html)).toBe('first line\n\nsecond\n\nthird\n\na \tb');
    // Big pages come back whole across the builder's 1 MiB parts.
    const many = Array.from({ length: 50_000 }, (_, i) => `<p> line ${i} </p>`).join('\n');
    const text = stripHtml(many);
    expect(text.split('\n\n')).toHaveLength(50_000);
    expect(text.endsWith('line 49999')).toBe(true);
  });

  it('treats a lone < as text and stops at an unterminated tag', () => {
    expect(stripHtml('<p>1 < 2 and x</p>')).toBe('1 < 2 and x');
    expect(stripHtml('<p>ok</p><a href="x')).toBe('ok\n<a href="x');
  });

  it('is linear on hostile input', () => {
    // Quadratic code would take minutes here; a linear scan takes milliseconds.
    expect(stripHtml('<a'.repeat(200_000)).length).toBe(400_000);
    expect(stripHtml('<nav>'.repeat(100_000))).toBe('');
    expect(estimateDepth('<b'.repeat(200_000), 400)).toBe(0);
  });
});

describe('estimateDepth', () => {
  it('counts nesting, not void or optionally-closed elements', () => {
    expect(estimateDepth('<div><div><span>x</span></div></div>', 100)).toBe(3);
    expect(estimateDepth('<p>a<p>b<p>c<br><img src=x><li>d', 100)).toBe(0);
    expect(estimateDepth('<div>'.repeat(1000), 400)).toBe(401);
  });
});

describe('decodeEntities', () => {
  it.each([
    ['a &amp; b', 'a & b'],
    ['&#8211; &#x2014;', '– —'],
    ['&bogus; &#xD800; &#99999999;', '&bogus; &#xD800; &#99999999;'],
  ])('%s', (s, out) => expect(decodeEntities(s)).toBe(out));
});

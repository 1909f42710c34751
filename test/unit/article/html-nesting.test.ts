import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { htmlNestingDepth } from '../../../lambda/core/article/html-nesting';

const root = join(import.meta.dirname, '../../..');

/** Every HTML page the repository holds: test pages and example articles. */
const pages = ['test/fixtures/pages', 'examples/articles'].flatMap((folder) =>
  readdirSync(join(root, folder))
    .filter((file) => /\.x?html?$/.test(file))
    .map((file) => join(root, folder, file)),
);

/** The depth of the tree linkedom builds (the document element is level 1). */
function parsedDepth(html: string): number {
  const { document } = parseHTML(html);
  type HtmlElement = (typeof document.children)[number];
  const depth = (element: HtmlElement): number =>
    1 + Math.max(0, ...[...element.children].map(depth));
  return Math.max(0, ...[...document.children].map(depth));
}

describe('htmlNestingDepth', () => {
  it('agrees with the tree linkedom builds on every HTML page of the repository', () => {
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      expect({ page, depth: htmlNestingDepth(html) }).toEqual({ page, depth: parsedDepth(html) });
    }
  });

  it('counts each element left open inside another', () => {
    expect(htmlNestingDepth('<div><section><span>x</span></section></div>')).toBe(3);
    expect(htmlNestingDepth('<div><div><div>never closed')).toBe(3);
    expect(htmlNestingDepth('<DIV><Div></div></DIV><div>')).toBe(2);
  });

  it('does not count what nests nothing: void and self-closing elements, comments, CDATA, scripts and styles', () => {
    const flat = [
      '<br><img src="a.png"><meta charset="utf-8"><hr><input><wbr>'.repeat(400),
      `<svg>${'<path d="M0 0"/>'.repeat(400)}</svg>`,
      '<!-- <div> -->'.repeat(400),
      '<![CDATA[<div>]]>'.repeat(400),
      `<script>${'<div>'.repeat(400)}</script>`,
      `<style>${'<div>'.repeat(400)}</style>`,
      `<textarea>${'<div>'.repeat(400)}</textarea>`,
      '<a title="<div><div>" href="#">x</a>'.repeat(400),
      '<p>x</div>'.repeat(400),
    ];
    for (const html of flat) {
      const shape = html.slice(0, 30);
      expect({ shape, depth: htmlNestingDepth(html) }).toEqual({ shape, depth: parsedDepth(html) });
      expect(htmlNestingDepth(html)).toBeLessThanOrEqual(2);
    }
  });

  it('closes an open paragraph, list item, cell or option as the parser does', () => {
    expect(htmlNestingDepth('<p>one<p>two<p>three')).toBe(1);
    expect(htmlNestingDepth('<ul><li>one<li>two<li>three</ul>')).toBe(2);
    expect(htmlNestingDepth('<table><tr><td>a<td>b<tr><td>c</table>')).toBe(3);
    expect(htmlNestingDepth('<select><option>a<option>b</select>')).toBe(2);
    expect(htmlNestingDepth('<dl><dt>a<dd>b<dt>c<dd>d</dl>')).toBe(2);
    expect(htmlNestingDepth('<p>text<div>block</div>')).toBe(1);
  });

  it('closes every element opened after the one a close tag names', () => {
    expect(htmlNestingDepth(`<li>${'<div>'.repeat(300)}</li>`.repeat(3))).toBe(301);
    expect(htmlNestingDepth(`<section>${'<b>'.repeat(10)}</section>`.repeat(50))).toBe(11);
  });
});

import { Tokenizer } from 'htmlparser2';
import { ArticleError } from '../errors';

/**
 * How deep elements may nest in an article page. Readability's work grows faster than the square
 * of the nesting (a page of nested <div>s: 250 levels 1 s, 1,000 levels 18 s, 5,000 levels nine
 * minutes and then a stack overflow), and so does linkedom's parse (100,000 levels: 25 s), so
 * such a page held up a scheduled run for minutes before failing it. Article pages nest a few
 * dozen levels; Chromium's parser nests no deeper than 512.
 */
export const MAX_HTML_NESTING = 256;

/*
 * How htmlparser2's Parser, which linkedom builds its tree with, opens and closes elements in
 * HTML (version 10): a tag that closes the open elements of these names on top of the stack,
 * elements that never hold others, and where a self-closing tag closes (inside <svg> or <math>,
 * not in what they hold as HTML).
 */
const FORM_TAGS = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const CLOSES_ON_OPEN = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map(
    (tag) => [tag, new Set(FORM_TAGS)] as const,
  ),
  ...['dd', 'dt'].map((tag) => [tag, new Set(['dd', 'dt'])] as const),
  ...['rt', 'rp'].map((tag) => [tag, new Set(['rt', 'rp'])] as const),
  ...[
    ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote'],
    ...['details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header'],
    ...['hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'],
  ].map((tag) => [tag, new Set(['p'])] as const),
]);
const VOID_ELEMENTS = new Set([
  ...['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img'],
  ...['input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr'],
]);
const FOREIGN_ELEMENTS = new Set(['math', 'svg']);
const HTML_INTEGRATION_ELEMENTS = new Set([
  ...['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title'],
]);

/**
 * How deep the elements of an HTML document nest as linkedom parses it (the document element is
 * level 1), found without building it, in time linear in its length: the same tokenizer
 * (comments, CDATA, script and style contents, quoted attributes), then a stack of open
 * elements kept as the parser keeps it, with void and self-closing elements and implied closes
 * (a <p> or <li> left open) nesting nothing. linkedom's own stack search and Readability's walk
 * grow with the square of the depth: this is how a deep page is refused before either runs.
 */
export function htmlNestingDepth(html: string): number {
  // Top of the stack last; how many of each name are open, so a close tag with none open is
  // passed over without searching the stack.
  const stack: string[] = [];
  const open = new Map<string, number>();
  // Whether the innermost <svg>/<math> or HTML integration point is foreign; innermost last.
  const foreign: boolean[] = [false];
  let deepest = 0;
  let tag = '';
  const push = (name: string) => {
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
    deepest = Math.max(deepest, stack.length);
  };
  const pop = () => {
    const name = stack.pop() ?? '';
    open.set(name, (open.get(name) ?? 1) - 1);
    return name;
  };
  const nameAt = (start: number, end: number) => html.slice(start, end).toLowerCase();
  const ignore = () => undefined;
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      onopentagname(start, end) {
        tag = nameAt(start, end);
        const closes = CLOSES_ON_OPEN.get(tag);
        while (closes?.has(stack.at(-1) ?? '')) pop();
        push(tag);
        // A void element is a level of its own, but nothing goes into it.
        if (VOID_ELEMENTS.has(tag)) pop();
        else if (FOREIGN_ELEMENTS.has(tag)) foreign.push(true);
        else if (HTML_INTEGRATION_ELEMENTS.has(tag)) foreign.push(false);
      },
      onclosetag(start, end) {
        const name = nameAt(start, end);
        if (FOREIGN_ELEMENTS.has(name) || HTML_INTEGRATION_ELEMENTS.has(name)) foreign.pop();
        if ((open.get(name) ?? 0) === 0) return;
        while (pop() !== name);
      },
      onselfclosingtag() {
        if (foreign.at(-1) === true && stack.at(-1) === tag) pop();
      },
      onattribdata: ignore,
      onattribentity: ignore,
      onattribend: ignore,
      onattribname: ignore,
      oncdata: ignore,
      oncomment: ignore,
      ondeclaration: ignore,
      onend: ignore,
      onopentagend: ignore,
      onprocessinginstruction: ignore,
      ontext: ignore,
      ontextentity: ignore,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return deepest;
}

/**
 * Refuses HTML whose elements nest deeper than MAX_HTML_NESTING before it is parsed (a page, a
 * feed item's content, HTML written in Markdown), naming its source and saying what to do
 * instead.
 */
export function checkHtmlNesting(source: string, html: string, instead: string): void {
  const depth = htmlNestingDepth(html);
  if (depth > MAX_HTML_NESTING) {
    throw new ArticleError(
      source,
      `could not be read as HTML: its elements nest ${depth.toLocaleString('en')} levels deep, more than the ${MAX_HTML_NESTING} an article page needs; ${instead}`,
    );
  }
}

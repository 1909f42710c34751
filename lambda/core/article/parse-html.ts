import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { ArticleError } from '../errors';
import { articleUrlProblem } from './article-url';
import {
  type ArticleBlock,
  boldLedBlocks,
  isRunInLabel,
  type ParsedDocument,
  TYPED_BULLET,
} from './blocks';
import { isBoilerplate, isJunkSentence, isSummaryBoxLabel } from './boilerplate';
import { decodeEntities } from './decode-entities';
import { checkHtmlNesting } from './html-nesting';
import { languageTag } from './language';
import { collapseWhiteSpace } from './split-sentences';
import { countWords, singleLine } from './words';

/** Elements whose own text becomes a block: what a quote or list item wraps is a block of its own. */
const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'h2',
  'h3',
  'summary',
  'p',
  'li',
  'blockquote',
  'dd',
]);
const BLOCK_SELECTOR = [...BLOCK_TAGS].join(', ');
/** DOM node types. */
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
/**
 * A `<details>` element's `<summary>` heads what it folds away, as a subhead does: a FAQ's
 * question over its answer ("Can I pay with my phone?" over "Yes, all meters accept…"), which
 * without it reads as a bare "Yes," out of nowhere.
 */
const HEADING_TAGS = new Set(['h2', 'h3', 'summary']);
/** A pull quote repeats a line of the story in large type (WordPress, Hexo, news templates). */
const PULL_QUOTE = '.pullquote, .pull-quote, .wp-block-pullquote';
/**
 * Containers whose text is not the article's even when Readability keeps them: captions and
 * credits (`<figcaption>`, and WordPress's classic `[caption]`, a `div.wp-caption` whose caption
 * is a `p.wp-caption-text`, or a `dd.wp-caption-dd` in older themes), menus, asides, data tables,
 * reference lists ("^ Frankel, Theodore (2004). …"), footnotes (as Markdown converters,
 * WordPress and Substack mark them), code, which Markdown articles leave out too, Substack's
 * subscribe and share boxes and buttons ("Thanks for reading …! Subscribe for free to receive
 * new posts") and Ghost's sign-up card ("Sign up for …", "Weekly stories about …"), which sit
 * inside the post, pull quotes, and embedded posts from X, Instagram, TikTok, Bluesky, Mastodon,
 * Threads, Reddit and Facebook, as their embed codes mark them.
 */
const NOT_ARTICLE_TEXT = [
  'figure, figcaption, .wp-caption, .wp-caption-text, .wp-caption-dd',
  // A table holds data unless it lays out the page: marked so by the page or by markLayoutTables.
  'nav, aside, footer, table:not([role="presentation"]), pre',
  'ol.references, .references, .reflist, .footnotes, .footnotes-list, .wp-block-footnotes',
  '.footnote, [role="doc-endnotes"], [role="doc-endnote"], [role="doc-footnote"], li[id^="fn"]',
  '[role="navigation"], [role="note"]',
  // Pandoc's title block: the byline and date under the title, which the page's metadata gives.
  '#title-block-header .author, #title-block-header .date',
  '.subscription-widget-wrap, .subscription-widget-wrap-editor, .subscription-widget',
  '.captioned-button-wrap, .button-wrapper, .post-footer, .kg-signup-card',
  // Confluence's info, note, tip and warning panels: a note to the page's readers, as a callout.
  '.confluence-information-macro',
  PULL_QUOTE,
  // Posts embedded from social networks: someone else's words, often in another language.
  'blockquote.twitter-tweet, blockquote.twitter-video, blockquote.instagram-media',
  'blockquote.tiktok-embed, blockquote.bluesky-embed, blockquote.mastodon-embed',
  'blockquote.text-post-media, blockquote.reddit-embed-bq, .fb-post',
].join(', ');

/**
 * Footnote references that say so in their markup (Pandoc, Hugo, markdown-it, Substack; Word's
 * "Save as Web Page", a link to its note, `#_ftn1` or `#_edn1`, holding "[1]" outside any <sup>).
 */
const NOTE_REFERENCE = [
  'a.footnote-ref, a.footnote-anchor, [role="doc-noteref"]',
  'a[href^="#_ftn"], a[href^="#_edn"], .MsoFootnoteReference, .MsoEndnoteReference',
].join(', ');

/**
 * An inline SVG: an icon or a chart, whose `<title>`, `<desc>` and `<text>` label it for screen
 * readers and are no words of the article ("Clock iconThe council approved…" led an email).
 */
const INLINE_SVG = 'svg';

type HtmlDocument = ReturnType<typeof parseHTML>['document'];
type HtmlElement = NonNullable<ReturnType<HtmlDocument['querySelector']>>;

function metaContent(document: HtmlDocument, selector: string): string | undefined {
  const value = document.querySelector(selector)?.getAttribute('content')?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function absoluteUrl(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed !== undefined &&
    /^https?:\/\/\S+$/i.test(trimmed) &&
    articleUrlProblem(trimmed) === undefined
    ? trimmed
    : undefined;
}

/**
 * Pushes nodes in reverse order, for a walk that pops them in document order: one at a time, as
 * `push(...nodes)` passes each as an argument on the stack, which an element of a hundred
 * thousand children (a data table's rows, a run of spans) overflowed.
 */
function pushReversed<T>(pending: T[], nodes: ArrayLike<T>): void {
  for (let i = nodes.length - 1; i >= 0; i--) pending.push(nodes[i] as T);
}

/**
 * Where a browser saved a page from, as it writes it above the page: Chrome's and Internet
 * Explorer's `<!-- saved from url=(0034)https://… -->`, the ` url: https://…` line under
 * SingleFile's "Page saved with SingleFile". Only the page's first 2,000 characters are looked at.
 */
const SAVED_FROM =
  /<!-- saved from url=\(\d{4}\)(\S+) -->|<!--\s*Page saved with SingleFile\s+url: (\S+)/;

function savedFromUrl(page: string): string | undefined {
  const found = SAVED_FROM.exec(page.slice(0, 2000));
  return absoluteUrl(found?.[1] ?? found?.[2]);
}

/** A link the page gives for itself, absolute or relative to `base` (undefined without one). */
function pageUrl(value: string | null | undefined, base: string | undefined): string | undefined {
  const link = value?.trim();
  if (link === undefined || base === undefined || URL.canParse(link)) return absoluteUrl(link);
  return URL.canParse(link, base) ? absoluteUrl(new URL(link, base).href) : undefined;
}

function textOf(element: HtmlElement): string {
  return collapseWhiteSpace(element.textContent ?? '').trim();
}

/**
 * Whether a superscript is a footnote marker, not text of the sentence, given the character
 * before it: anything in square brackets ("[3]", "[a]", "[citation needed]"), or a note number
 * or sign ("1", "2,3", "*", "†") after punctuation or a space ("…they bought.¹"). A number right
 * after a letter or digit is kept as a unit or a power ("m²", "10⁶"); a note number written
 * against a word without a link ("tonnes¹") cannot be told from those and stays too.
 */
export function isNoteMarker(text: string, before: string): boolean {
  const mark = text.trim();
  if (/^\[[^\]]{1,30}\]$/.test(mark)) return true;
  return /^(?:\d{1,3}(?:[,–-] ?\d{1,3})*|[*†‡])$/.test(mark) && !/[\p{L}\p{N}]/u.test(before);
}

/** The last character of the text before an element, '' when nothing comes before it. */
function characterBefore(element: HtmlElement): string {
  for (let node: HtmlElement | null = element; node !== null; node = node.parentElement) {
    for (let sibling = node.previousSibling; sibling !== null; sibling = sibling.previousSibling) {
      const text = sibling.textContent ?? '';
      if (text !== '') return text.slice(-1);
    }
  }
  return '';
}

/**
 * Removes footnote references, which would otherwise join the sentence they follow to the
 * next ("…bought.1 Much of it") or split it at their brackets ("…alone.[" and "3] The …"): those
 * the markup names, a superscript holding only a link within the page (`<sup><a href="#fn1">`),
 * and a superscript that isNoteMarker.
 */
function dropNoteReferences(document: HtmlDocument): void {
  for (const element of document.querySelectorAll(NOTE_REFERENCE)) element.remove();
  for (const sup of document.querySelectorAll('sup')) {
    const link = sup.querySelector('a[href^="#"]');
    const onlyLink = link !== null && textOf(link) === textOf(sup);
    if (onlyLink || isNoteMarker(textOf(sup), characterBefore(sup))) sup.remove();
  }
}

/**
 * The elements that are no text of the article (NOT_ARTICLE_TEXT) and every element inside
 * them, found with one query: asked of each block (`closest`), linkedom compiled the long
 * selector anew every time, 0.2 ms a block, minutes for a page of small paragraphs.
 */
function notArticleText(document: HtmlDocument): ReadonlySet<HtmlElement> {
  const found = new Set<HtmlElement>();
  const marked = [
    ...document.querySelectorAll(NOT_ARTICLE_TEXT),
    ...[...document.querySelectorAll('[class]')].filter(isCaptionByClass),
  ];
  // In document order an element comes before those inside it, which are found with it.
  for (const element of marked) {
    if (found.has(element)) continue;
    found.add(element);
    for (const inside of element.querySelectorAll('*')) found.add(inside);
  }
  return found;
}

/**
 * A class naming a photo's caption or credit, as news sites mark them without <figure>
 * (`imageCaption`, `image-caption`, `media__caption`, `captionText`, `photo-credit`); not one
 * saying a box has one (`has-caption`), whose text is the article's, nor a post's tag or category
 * as WordPress and Ghost class it (`tag-universal-credit`, `category-tax-credit`).
 */
const CAPTION_CLASS =
  /^(?!(?:has|with|no|without|tags?|categor(?:y|ies)|topics?)[-_])[\w-]*(?:caption|credit)(?:[-_]?text)?$/i;

/**
 * Whether an element is a caption or a credit by its class (CAPTION_CLASS); not words set in a
 * paragraph's sentence in a type size so named ("The <span class="text-caption">UN</span> said").
 */
function isCaptionByClass(element: HtmlElement): boolean {
  const named = (element.getAttribute('class') ?? '')
    .split(/\s+/)
    .some((name: string) => CAPTION_CLASS.test(name));
  if (!named || !PHRASING_TAGS.has(element.tagName.toLowerCase())) return named;
  // Up the parents by tag name: `closest` compiles its selector anew on every call.
  for (let parent = element.parentElement; parent !== null; parent = parent.parentElement) {
    if (parent.tagName === 'P' || parent.tagName === 'LI') return false;
  }
  return true;
}

/**
 * The text of an element but not of the blocks in it (a quote's paragraphs, a sublist) nor of
 * what is no article text, nor a typed bullet before it. Each node is read for the block nearest
 * it only, so the blocks of a page are read in time linear in its size.
 */
function ownText(element: HtmlElement, notText: ReadonlySet<HtmlElement>): string {
  let text = '';
  const pending: (typeof element.childNodes)[number][] = [];
  pushReversed(pending, element.childNodes);
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      text += node.textContent ?? '';
    } else if (
      node.nodeType === ELEMENT_NODE &&
      !BLOCK_TAGS.has(node.nodeName.toLowerCase()) &&
      !notText.has(node as HtmlElement)
    ) {
      pushReversed(pending, node.childNodes);
    }
  }
  return collapseWhiteSpace(text).trim().replace(TYPED_BULLET, '');
}

/** Whether a line break follows an element, past white space: "<b>A subhead</b> <br>Text…". */
function breaksLineAfter(element: HtmlElement): boolean {
  let next = element.nextSibling;
  while (next !== null && next.nodeType === 3 && (next.textContent ?? '').trim() === '') {
    next = next.nextSibling;
  }
  return next?.nodeName.toLowerCase() === 'br';
}

/**
 * The first `<strong>` or `<b>` in an element, walked in document order: a selector query
 * compiles its selector anew on every call, which for every block of a long page added up.
 */
function firstBold(element: HtmlElement): HtmlElement | undefined {
  const pending: HtmlElement[] = [];
  pushReversed(pending, element.children);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.tagName === 'STRONG' || next.tagName === 'B') return next;
    pushReversed(pending, next.children);
  }
  return undefined;
}

/** A `<p>`'s blocks, as a bold run at its start tells them (boldLedBlocks). */
function paragraphBlocks(element: HtmlElement, text: string): ArticleBlock[] {
  const bold = firstBold(element);
  const head = bold === undefined ? '' : textOf(bold);
  if (bold === undefined || !text.startsWith(head)) return boldLedBlocks(text, undefined);
  const body = text.slice(head.length).trim();
  return boldLedBlocks(text, { head, body, lineBreak: breaksLineAfter(bold) });
}

const wordsOf = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));

/**
 * A paragraph or a list item that is link text and nothing else is a pointer to other pages (a
 * show's "Links", a "Further reading" list), not text of the article; a paragraph that links
 * some of its words is.
 */
function isOnlyLinks(element: HtmlElement, text: string): boolean {
  const links = [...element.getElementsByTagName('a')];
  if (links.length === 0) return false;
  return wordsOf(links.map(textOf).join(' ')).length >= wordsOf(text).length;
}

/** A list item's text, without a bold run-in label before it (isRunInLabel). */
function listItemText(element: HtmlElement, text: string): string {
  const bold = firstBold(element);
  const head = bold === undefined ? '' : textOf(bold);
  if (bold === undefined || head === '' || !text.startsWith(head)) return text;
  const body = text.slice(head.length).trim();
  return isRunInLabel(head, body) ? body : text;
}

/**
 * Marks the tables that lay out a page rather than hold data, as Readability tells them apart:
 * one that holds another table, or one a single column or row wide (an emailed newsletter's
 * 600-pixel column, an old site's frame). Their paragraphs and subheads are the article's.
 */
function markLayoutTables(document: HtmlDocument): void {
  for (const table of document.querySelectorAll('table')) {
    const rows = [...table.querySelectorAll('tr')].filter((row) => row.closest('table') === table);
    const cells = rows.map(
      (row) => [...row.children].filter((cell) => /^t[dh]$/i.test(cell.tagName)).length,
    );
    const nested = table.querySelector('table') !== null;
    // One column: a row of one cell and none of more (not Math.max(...cells): a data table of a
    // hundred thousand rows overflowed the stack).
    if (nested || rows.length === 1 || (cells.includes(1) && cells.every((count) => count <= 1))) {
      table.setAttribute('role', 'presentation');
    }
  }
}

/**
 * The blocks of a piece of HTML (the article Readability extracted, a raw HTML block in
 * Markdown); text with no block elements at all becomes one paragraph per blank-line-separated
 * chunk.
 */
/** A list under a "Key takeaways" label: the writer's summary, which the story tells in full. */
function dropSummaryBoxes(document: HtmlDocument): void {
  for (const list of document.querySelectorAll('ul, ol')) {
    const label = list.previousElementSibling;
    if (label !== null && isSummaryBoxLabel(label.textContent ?? '')) {
      label.remove();
      list.remove();
    }
  }
}

/** Inline elements: words of a paragraph, not boxes of their own (unless they hold a block). */
const PHRASING_TAGS: ReadonlySet<string> = new Set(
  'a abbr b bdi bdo br cite code data del dfn em font i img ins kbd mark q s samp small span strong sub sup time u var wbr'.split(
    ' ',
  ),
);
/** Boxes whose loose text is no paragraph: a heading's, a term's, a table's header, a form's. */
const NOT_PARAGRAPH_TAGS: ReadonlySet<string> = new Set(
  'h1 h2 h3 h4 h5 h6 dt th caption legend label button select option textarea pre'.split(' '),
);

/**
 * Sets each run of text that stands loose in a box beside blocks in a `<p>` of its own, as
 * Readability does for a `<div>` only: the opening of a `<section>` before its paragraphs, the
 * text of a table cell before the `<p>`s Readability made at its double `<br>`s, a run after a
 * paragraph. Only blocks are read, so such text, often the story's first paragraph, was lost. A
 * box of text alone is left as it is (text without blocks is read by its blank lines), and so is
 * the text of a block, a heading, a term or a form. Two passes over the elements: which hold a
 * block (each after those inside it), then the runs of the boxes that do.
 */
function wrapLooseText(document: HtmlDocument): void {
  const elements = [...document.querySelectorAll('body *')];
  const holdsBlock = new Set<HtmlElement>();
  for (let i = elements.length - 1; i >= 0; i--) {
    const element = elements[i] as HtmlElement;
    const tag = element.tagName.toLowerCase();
    if ((!PHRASING_TAGS.has(tag) || holdsBlock.has(element)) && element.parentElement !== null) {
      holdsBlock.add(element.parentElement);
    }
  }
  const inBlock = new Set<HtmlElement>();
  for (const element of elements) {
    const parent = element.parentElement;
    if (parent !== null && (BLOCK_TAGS.has(parent.tagName.toLowerCase()) || inBlock.has(parent))) {
      inBlock.add(element);
    }
  }
  const isPhrasing = (node: HtmlElement['childNodes'][number]) =>
    node.nodeType === TEXT_NODE ||
    node.nodeType === CDATA_SECTION_NODE ||
    (node.nodeType === ELEMENT_NODE &&
      PHRASING_TAGS.has(node.nodeName.toLowerCase()) &&
      !holdsBlock.has(node as HtmlElement));
  for (const box of holdsBlock) {
    const tag = box.tagName.toLowerCase();
    if (BLOCK_TAGS.has(tag) || NOT_PARAGRAPH_TAGS.has(tag) || inBlock.has(box)) continue;
    let run: HtmlElement['childNodes'][number][] = [];
    const wrap = () => {
      if (run.some((node) => (node.textContent ?? '').trim() !== '')) {
        const paragraph = document.createElement('p');
        box.insertBefore(paragraph, run[0] ?? null);
        for (const node of run) paragraph.append(node);
      }
      run = [];
    };
    for (const node of [...box.childNodes]) {
      if (isPhrasing(node)) run.push(node);
      else wrap();
    }
    wrap();
  }
}

/** Runs of this many words are compared to tell a quote that repeats the story. */
const SHINGLE_WORDS = 4;
/** A quote with at least this share of its runs in the story repeats it (pullQuotes). */
const REPEATED_SHARE = 0.8;
/** Shorter quotes are left alone: a few words can match the story by chance. */
const MIN_QUOTE_WORDS = 6;

function shinglesOf(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const shingles: string[] = [];
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
    shingles.push(words.slice(i, i + SHINGLE_WORDS).join(' '));
  }
  return shingles;
}

/**
 * Quotes that repeat the story in other type: a pull quote set as a plain `<blockquote>`
 * (WordPress's large quote style, a theme's own markup), whose runs of four words are nearly all
 * in the story's paragraphs (a pull quote trims and joins what it repeats, "Repairs would cost
 * almost as much…" from "Repairs were ruled out because they would cost almost as much…"). The
 * email gave the sentence twice as key points. A quote with words of its own stays, as does one
 * of fewer than six words. Runs are looked up in a set, so a page of many quotes is read in time
 * linear in its length.
 */
function pullQuotes(document: HtmlDocument): HtmlElement[] {
  const quotes = [...document.querySelectorAll('blockquote')].filter(
    (quote) => quote.parentElement?.closest('blockquote') === null,
  );
  if (quotes.length === 0) return [];
  const story = new Set<string>();
  for (const paragraph of document.querySelectorAll('p, li')) {
    if (paragraph.closest('blockquote') !== null) continue;
    for (const shingle of shinglesOf(paragraph.textContent ?? '')) story.add(shingle);
  }
  return quotes.filter((quote) => {
    // Its paragraphs, when it has them, without the attribution under them (`<cite>`, `<footer>`).
    const paragraphs = [...quote.querySelectorAll('p')];
    const words = paragraphs.length === 0 ? [quote] : paragraphs;
    const shingles = words.flatMap((element) => shinglesOf(element.textContent ?? ''));
    if (shingles.length + SHINGLE_WORDS - 1 < MIN_QUOTE_WORDS) return false;
    const repeated = shingles.filter((shingle) => story.has(shingle)).length;
    return repeated >= REPEATED_SHARE * shingles.length;
  });
}

/** Fewer h4s than this on a page without h2 or h3 are a box's title, not the page's subheads. */
const MIN_H4_SUBHEADS = 2;

/**
 * Whether a page marks its subheads with h4, as some themes style their h2 too large for the
 * body: two h4s or more in its text, and no h2 or h3 there. Beside h2s and h3s, an h4 is too
 * minor to split an article on.
 */
function marksSubheadsWithH4(document: HtmlDocument, notText: ReadonlySet<HtmlElement>): boolean {
  const inText = (selector: string) =>
    [...document.querySelectorAll(selector)].filter((element) => !notText.has(element)).length;
  return inText('h2, h3') === 0 && inText('h4') >= MIN_H4_SUBHEADS;
}

export function htmlBlocks(source: string, html: string): ArticleBlock[] {
  checkHtmlNesting(source, html, 'write its text as Markdown instead of HTML');
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  markLineBreaks(document);
  // Readability has removed these from an article already; raw HTML in Markdown still has them.
  for (const element of document.querySelectorAll(
    `script, style, noscript, template, ${INLINE_SVG}`,
  )) {
    element.remove();
  }
  dropNoteReferences(document);
  dropSummaryBoxes(document);
  wrapLooseText(document);
  for (const quote of pullQuotes(document)) quote.remove();
  markLayoutTables(document);
  const blocks: ArticleBlock[] = [];
  const notText = notArticleText(document);
  const h4Subheads = marksSubheadsWithH4(document, notText);
  for (const element of document.querySelectorAll(
    h4Subheads ? `${BLOCK_SELECTOR}, h4` : BLOCK_SELECTOR,
  )) {
    const tag = element.tagName.toLowerCase();
    if (notText.has(element)) continue;
    const text = ownText(element, notText);
    if (text === '') continue;
    if ((tag === 'p' || tag === 'li') && isOnlyLinks(element, text)) continue;
    if (HEADING_TAGS.has(tag) || tag === 'h4') blocks.push({ kind: 'heading', text });
    else if (tag === 'p') blocks.push(...paragraphBlocks(element, text));
    else if (tag === 'li') blocks.push({ kind: 'paragraph', text: listItemText(element, text) });
    else blocks.push({ kind: 'paragraph', text });
  }
  if (blocks.length > 0) return blocks;
  // Raw HTML in Markdown often holds text without a <p>: a caption in its <figure>, a Notion
  // callout's <aside>. They are no more the article's than as paragraphs.
  for (const element of document.querySelectorAll(NOT_ARTICLE_TEXT)) element.remove();
  const text: string = document.body.textContent ?? '';
  return text
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '')
    .map((chunk) => ({ kind: 'paragraph', text: chunk }));
}

/**
 * Between a headline and the site's name: a dash (or two hyphens, "… -- ScienceDaily") or a bar
 * with a space on either side (a colon after its word), so "Covid-19 cases" is no headline "Covid"
 * and a site "19 cases"; or, as Chinese and Japanese sites write it without spaces, an underscore,
 * a full-width bar or a full-width colon ("…上涨0.2%_新闻中心", "…無償化へ：日本経済新聞"). Read
 * character by character from the headline's side: a pattern searching for the separator tried it
 * from every place in a long run of spaces (an og:title of 40,000 took 7 s, a megabyte hours).
 */
const SPACED_SEPARATORS = new Set(['-', '–', '—', '|', '·', '•']);
const UNSPACED_SEPARATORS = new Set(['_', '｜', '：']);
const isSpace = (character: string) => character !== '' && character.trim() === '';
const nonEmpty = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);

/** The name before a separator that ends `text` ("Report: ", "The Valley Gazette | "). */
function nameBefore(text: string): string | undefined {
  const end = text.trimEnd();
  const last = end.slice(-1);
  if (UNSPACED_SEPARATORS.has(last)) return nonEmpty(end.slice(0, -1));
  if (end.length === text.length) return undefined;
  if (last === ':') return nonEmpty(end.slice(0, -1));
  const mark = end.endsWith('--') ? 2 : SPACED_SEPARATORS.has(last) ? 1 : 0;
  return mark > 0 && isSpace(end.charAt(end.length - mark - 1))
    ? nonEmpty(end.slice(0, -mark))
    : undefined;
}

/** The name after a separator that opens `text` (" – The Valley Gazette", "_新闻中心"). */
function nameAfter(text: string): string | undefined {
  const start = text.trimStart();
  const first = start.charAt(0);
  if (UNSPACED_SEPARATORS.has(first)) return nonEmpty(start.slice(1));
  if (start.length === text.length) {
    return first === ':' && isSpace(text.charAt(1)) ? nonEmpty(text.slice(1)) : undefined;
  }
  const mark = start.startsWith('--') ? 2 : SPACED_SEPARATORS.has(first) ? 1 : 0;
  return mark > 0 && isSpace(start.charAt(mark)) ? nonEmpty(start.slice(mark)) : undefined;
}

const withPlainSpaces = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');

/**
 * Whether a page's title is its headline and the site's name or a section's label (six words
 * at most, before it, after it or both), with a separator between them ("Library to close – The Valley Gazette", "The Valley Gazette |
 * Library to close"), as WordPress and most sites write `<title>`. Readability's own cut knows
 * only " | " and " - " and keeps a long site name that comes first instead of the headline.
 */
function addsSiteName(pageTitle: string, h1: string): boolean {
  // A headline set with French no-break spaces under a title typed with plain ones is the same.
  const title = withPlainSpaces(pageTitle);
  const headline = withPlainSpaces(h1);
  const at = title.indexOf(headline);
  if (at < 0 || title === headline) return false;
  const before = title.slice(0, at);
  const after = title.slice(at + headline.length);
  const isName = (name: string | undefined) => name !== undefined && name.split(/\s+/).length <= 6;
  // A section's label before the headline may come with the site's name after it: "Report:
  // Rivera wins… | Tennis Weekly".
  return (
    (before === '' || isName(nameBefore(before))) && (after === '' || isName(nameAfter(after)))
  );
}

/**
 * A title without the site's name the page declares (og:site_name, application-name) after or
 * before it past a separator ("… | Valley Post", "Valley Post: …"), when no h1 is the headline
 * between them (addsSiteName); the title as it is when it has no such name.
 */
function withoutSiteName(
  title: string | undefined,
  siteName: string | undefined,
): string | undefined {
  if (title === undefined || siteName === undefined) return title;
  const plain = withPlainSpaces(title);
  const name = withPlainSpaces(siteName);
  if (plain.length <= name.length) return title;
  const headline = plain.endsWith(name)
    ? nameBefore(plain.slice(0, -name.length))
    : plain.startsWith(name)
      ? nameAfter(plain.slice(name.length))
      : undefined;
  return headline ?? title;
}

/**
 * Whether a page's title is only the site's name over a headline that says nothing of it
 * (`<title>The Example Times</title>` over an h1 "Council approves new cycle lanes…"): the name
 * the page gives its site (og:site_name, application-name), or, over an h1, a name, up to five
 * words each capitalised but for a few joining words, sharing no word of four letters or more
 * with a headline of four words or more and longer than it. Over an opening h2 only the site's
 * declared name counts: a short title-case headline ("Why I Quit") over a lone subhead ("The
 * morning I walked out…") looks just like a name over a headline. A headline in sentence case
 * ("Budget day"), one that shares the headline's words, or a short heading ("Roads lose out"; a
 * logo in an h1) leaves the title as it is.
 */
const NAME_WORD =
  /^(?:[\p{Lu}\p{N}&]|(?:the|of|and|for|on|in|at|de|la|le|les|du|des|der|die|das|el|y|di)$)/u;
const MAX_SITE_NAME_WORDS = 5;
const MIN_HEADLINE_WORDS = 4;

function contentWords(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu));
}

function isOnlySiteName(
  title: string,
  headline: { readonly text: string; readonly isH1: boolean },
  siteName: string | undefined,
): boolean {
  if (title.toLowerCase() === siteName?.toLowerCase()) return true;
  if (!headline.isH1) return false;
  const words = title.split(/\s+/);
  const shared = contentWords(headline.text);
  return (
    words.length <= MAX_SITE_NAME_WORDS &&
    words.every((word) => NAME_WORD.test(word)) &&
    /^[\p{Lu}\p{N}]/u.test(title) &&
    headline.text.split(/\s+/).length >= Math.max(MIN_HEADLINE_WORDS, words.length + 1) &&
    ![...contentWords(title)].some((word) => shared.has(word))
  );
}

/** The heading a page opens on, under nothing but lines that are no text ("View in browser"). */
function openingHeading(blocks: readonly ArticleBlock[]): string | undefined {
  const at = blocks.findIndex((block) => block.kind === 'heading');
  const before = blocks.slice(0, Math.max(at, 0));
  return at >= 0 && before.every((block) => isBoilerplate(block.text) || isJunkSentence(block.text))
    ? blocks[at]?.text
    : undefined;
}

/**
 * Readability drops a heading whose class or id holds a word of its list of unlikely parts of a
 * page ("header", "related", "social", "extra"…): Substack marks every subhead
 * `class="header-anchor-post"`, and blog engines give a subhead an id made of its own words
 * (`id="related-work"`, `id="social-media-reaction"`), so whole subheads went missing. A
 * heading's id is only where links within the page point, and "header" in its class only says
 * it is a heading: both go. Its other classes stay, and a heading inside a box that is not the
 * article (comments, related posts) still goes with its box.
 */
function unmarkHeadings(document: HtmlDocument): void {
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    heading.removeAttribute('id');
    const classes = (heading.getAttribute('class') ?? '')
      .split(/\s+/)
      .filter((name: string) => name !== '' && !/header/i.test(name));
    if (classes.length > 0) heading.setAttribute('class', classes.join(' '));
    else heading.removeAttribute('class');
  }
}

/** A link within the page from a heading, as documentation generators and wikis add one. */
const HEADING_ANCHOR = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']
  .map((heading) => `${heading} a[href^="#"]`)
  .join(', ');

/**
 * Removes what a page adds to its headings that is no words of theirs: a permalink shown as a
 * sign ("¶" in Sphinx and MkDocs, "#" in Hugo and VitePress, nothing but a zero-width space in
 * Docusaurus) and MediaWiki's "[edit]". Left in, they ended every subhead ("Geography[edit]",
 * "Plugins¶"), and the h1 no longer matched the headline in the page's title, so the title kept
 * the site's name. A heading that links to itself by its words keeps them.
 */
function dropHeadingLinks(document: HtmlDocument): void {
  for (const element of document.querySelectorAll('.mw-editsection')) element.remove();
  for (const link of document.querySelectorAll(HEADING_ANCHOR)) {
    if (!/[\p{L}\p{N}]/u.test(link.textContent ?? '')) link.remove();
  }
}

function replaceTag(element: HtmlElement, tag: string): void {
  const replacement = element.ownerDocument.createElement(tag);
  replacement.innerHTML = element.innerHTML;
  element.replaceWith(replacement);
}

/**
 * Google Docs' "Download as HTML" and Word's "Save as HTML" write a document's Title and Subtitle
 * styles as paragraphs (`<p class="c1 title">`, `<p class=MsoTitle>`), and Google Docs writes no
 * `<title>`. In a page without an h1 they are the headline, which names the article instead of
 * the file ("11 gdocs"), and the standfirst under it, which is no paragraph of the story.
 */
function promoteTitleParagraphs(document: HtmlDocument): void {
  const title = document.querySelector('p.title, p.MsoTitle');
  if (title === null || document.querySelector('h1') !== null) return;
  replaceTag(title, 'h1');
  const subtitle = document.querySelector('p.subtitle, p.MsoSubtitle');
  if (subtitle !== null) replaceTag(subtitle, 'h2');
}

/**
 * The word a byline opens with before the name: "By", and "Por", "Par", "Di", "Von", "Door",
 * "Oleh", "Na" before a capital ("Por Ricardo Mendes", "Na Amina Juma").
 */
const BYLINE_WORD =
  /^\s*(?:[Bb][Yy]\s+|(?:[Pp]or|POR|[Pp]ar|PAR|[Dd]i|DI|[Vv]on|VON|[Dd]oor|DOOR|[Oo]leh|OLEH|[Nn]a|NA)\s+(?=\p{Lu}))/u;

/** Readability keeps the byline paragraph when the page's metadata already named the author. */
function withoutByline(
  blocks: readonly ArticleBlock[],
  author: string | undefined,
): ArticleBlock[] {
  if (author === undefined) return [...blocks];
  const byline = author.toLowerCase();
  return blocks.filter((block) => {
    const text = block.text.toLowerCase();
    return text !== byline && text !== `by ${byline}`;
  });
}

/**
 * A web page: Mozilla Readability (the Firefox reader view) finds the article among navigation,
 * ads and footers; its `h2`/`h3` (and a `<details>`'s `<summary>`) become subheads. Title,
 * canonical URL, date, author and language come from the page's metadata when it has them.
 */
/**
 * Writes a line break after each `<br>`, as a hard-wrapped text has one, so the text of what holds
 * it (a paragraph, an h1 read for the title) has a space between words and none in Chinese:
 * `textContent` gives nothing for a `<br>`, and "on Tuesday<br>after" read "on Tuesdayafter". The
 * `<br>` stays, for a bold run-in subhead over its line (breaksLineAfter). The break goes into the
 * text after it when there is one: a node per `<br>` doubled the nodes of a page of short lines,
 * and with them the time linkedom and Readability spend on it.
 */
export function markLineBreaks(document: HtmlDocument): void {
  for (const br of document.querySelectorAll('br')) {
    // Marked already: parseHtml marks the page, and htmlBlocks reads Readability's copy of it.
    const next = br.nextSibling;
    if (next?.nodeType === TEXT_NODE) {
      const text = next.textContent ?? '';
      if (!text.startsWith('\n')) next.textContent = `\n${text}`;
    } else {
      br.parentNode?.insertBefore(document.createTextNode('\n'), next);
    }
  }
}

/**
 * A notebook exported by nbconvert (its JupyterLab and classic templates) sets each Markdown
 * cell's text in wrappers of its own, between code cells and their output, so Readability keeps
 * one cell of the notebook as its article: the Markdown cells are gathered into one article, in
 * order, as the notebook reads. Code and output are no article text, as code is nowhere.
 */
const NOTEBOOK_MARKDOWN = '.jp-RenderedMarkdown, .text_cell_render';

function gatherNotebookCells(document: HtmlDocument): void {
  const cells = [...document.querySelectorAll(NOTEBOOK_MARKDOWN)];
  if (cells.length < 2 || document.body === null) return;
  const article = document.createElement('article');
  for (const cell of cells) {
    for (const node of [...cell.childNodes]) article.append(node);
  }
  document.body.innerHTML = '';
  document.body.append(article);
}

/**
 * Whether an h1 is the site's name, as many themes set it in every page's header: a link to the
 * front page (`rel="home"`, or an address whose path is `/`) and nothing else, or no text at all
 * (a logo's image).
 */
function isSiteNameHeading(heading: HtmlElement): boolean {
  const text = textOf(heading);
  if (text === '') return true;
  const link = heading.querySelector('a[href]');
  if (link === null || textOf(link) !== text) return false;
  if (/(?:^|\s)home(?:\s|$)/i.test(link.getAttribute('rel') ?? '')) return true;
  const href = link.getAttribute('href') ?? '';
  return (
    URL.canParse(href, 'https://page.invalid/a/b') &&
    new URL(href, 'https://page.invalid/a/b').pathname === '/'
  );
}

/**
 * The page's headline h1: the first that is not the site's name (isSiteNameHeading) when the page
 * has several, so the post's own h1 under a header's is the headline; a lone h1 is whatever it is.
 */
function headlineH1(document: HtmlDocument): HtmlElement | undefined {
  const headings = [...document.querySelectorAll('h1')];
  if (headings.length < 2) return headings[0];
  return headings.find((heading) => !isSiteNameHeading(heading)) ?? headings[0];
}

/**
 * What a site shows in place of a page, as its title says it: an HTTP status ("404 Not Found",
 * "403 Forbidden", "Error 503"), "Page not found", "Access Denied", a bot check (Cloudflare's "Just
 * a moment..." and "Attention Required!", "Robot Check", "Are you a robot?"), a sign-in form.
 */
const ERROR_TITLE =
  /^(?:(?:error|http) ?)?(?:[45]\d\d\b(?: ?[:–—-]? ?(?:error|(?:page )?not found|forbidden|unauthori[sz]ed|access denied|bad request|gone|too many requests|internal server error|bad gateway|service unavailable|gateway time-?out))?|(?:page|file|article|content)? ?not found|access denied|internal server error|service (?:temporarily )?unavailable|bad gateway|too many requests|just a moment|attention required|robot check|are you a robot|verifying you are human|(?:sign|log) ?in)[\s.!?…]*$/i;
/** An error page says little: more words than this are an article, whatever its title. */
const MAX_ERROR_PAGE_WORDS = 120;
/** Words that name a site after the error past a separator ("Page not found – Valley Post"). */
const MAX_SITE_NAME_AFTER_ERROR = 6;

/**
 * Whether a page is what the site showed instead of the article: its <title>
 * is an error (ERROR_TITLE), alone or beside a site's name past a spaced separator, over a few
 * words of text. A story with such a headline ("Not found: the 40 paintings…") or a review of a
 * film so named, over an article's words, is none; nor is a brief the page dates (parseHtml
 * does not ask).
 */
function isErrorPage(title: string, text: string): boolean {
  const parts = title.split(/\s[|–—·-]\s/);
  const at = parts.findIndex((part) => ERROR_TITLE.test(part.trim()));
  if (at < 0) return false;
  const rest = parts
    .filter((_, index) => index !== at)
    .join(' ')
    .trim();
  const siteNameAtMost = rest === '' || rest.split(/\s+/).length <= MAX_SITE_NAME_AFTER_ERROR;
  // The title first: counting the words of every page (a long Chinese or Japanese one takes a
  // second) only to find its title names no error is work for nothing.
  return siteNameAtMost && countWords(text) <= MAX_ERROR_PAGE_WORDS;
}

/**
 * A page's <title> that is a file's name, `bus-delays-analysis`, `q3_report.ipynb`: what nbconvert
 * and pandoc write when the document declares none. Its h1 is the title.
 */
const FILE_NAME_TITLE = /^[\p{Ll}\d]+(?:[-_.][\p{Ll}\d]+)+$/u;

/**
 * A Confluence export's page title without its space's name: Confluence writes "Platform Team :
 * Incident review…" in the <title> and the h1, the space's name that opens its breadcrumbs.
 */
function confluenceTitle(document: HtmlDocument): string | undefined {
  const heading = document.querySelector('h1 #title-text');
  const space = document.querySelector('#breadcrumbs li');
  if (heading === null || space === null) return undefined;
  const prefix = `${textOf(space)} : `;
  const title = textOf(heading);
  return title.startsWith(prefix) && title.length > prefix.length
    ? title.slice(prefix.length)
    : undefined;
}

/** schema.org's article types, as Readability lists them (https://schema.org/Article). */
const ARTICLE_TYPE =
  /^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference)$/;

/** A JSON-LD item's article type: its `@type`, or the first of its list that is one. */
function articleType(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const types = [(item as Record<string, unknown>)['@type']].flat();
  return types.find((type): type is string => typeof type === 'string' && ARTICLE_TYPE.test(type));
}

/**
 * Rewrites a page's schema.org article in JSON-LD as the one shape Readability reads, a single
 * object with one `@type` string and schema.org's address for its `@context`: it reads nothing
 * from a list of types (`["NewsArticle"]`, `["Article", "NewsArticle"]`, as many CMSs write it),
 * a list of contexts (`["https://schema.org", {"@language": "en"}]`) or an article in the
 * `@graph` of an item of a list, so the headline and date were lost. The article is looked for
 * in the script's value, the items of its list and their `@graph`s, no deeper.
 */
function normaliseJsonLd(document: HtmlDocument): void {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let value: unknown;
    try {
      value = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const items = [value].flat();
    const graphs = items.flatMap((item) => {
      const graph =
        articleType(item) === undefined ? (item as { '@graph'?: unknown })?.['@graph'] : undefined;
      return Array.isArray(graph) ? graph : [];
    });
    const article = [...items, ...graphs].find((item) => articleType(item) !== undefined);
    if (article === undefined) continue;
    script.textContent = JSON.stringify({
      ...article,
      '@context': 'https://schema.org',
      '@type': articleType(article),
    });
    return;
  }
}

export function parseHtml(source: string, text: string): ParsedDocument {
  // linkedom gives a bare fragment no <body>, which Readability needs: wrap it in a document.
  const page = /<(?:html|body)[\s>]/i.test(text)
    ? text
    : `<!doctype html><html><body>${text}</body></html>`;
  checkHtmlNesting(source, page, "save the article's text as Markdown or plain text instead");
  const { document } = parseHTML(page);
  // Before the h1 is read for the title.
  for (const element of document.querySelectorAll(INLINE_SVG)) element.remove();
  markLineBreaks(document);
  dropHeadingLinks(document);
  promoteTitleParagraphs(document);
  normaliseJsonLd(document);
  // Readability rewrites the document it is given, so metadata is read first.
  // SEO plugins escape references in it twice ("Council&amp;#8217;s"), as Readability knows.
  const metaTitle = metaContent(document, 'meta[property="og:title"]');
  const ogTitle =
    (metaTitle === undefined ? undefined : decodeEntities(metaTitle)) ?? confluenceTitle(document);
  const siteName =
    metaContent(document, 'meta[property="og:site_name"]') ??
    metaContent(document, 'meta[name="application-name"]');
  const documentTitle = collapseWhiteSpace(document.title).trim();
  // A relative link is the page's under its <base href>, or where a browser saved it from.
  const savedFrom = savedFromUrl(text);
  const base = absoluteUrl(document.querySelector('base[href]')?.getAttribute('href')) ?? savedFrom;
  const url =
    pageUrl(document.querySelector('link[rel="canonical"]')?.getAttribute('href'), base) ??
    pageUrl(metaContent(document, 'meta[property="og:url"]'), base) ??
    savedFrom;
  // Pandoc's standalone pages and other Dublin Core metadata say `dcterms.date` or `DC.date`.
  const metaDate =
    metaContent(document, 'meta[property="article:published_time"]') ??
    metaContent(document, 'meta[name="date"], meta[name="dcterms.date"], meta[name="DC.date"]');
  const metaAuthor = metaContent(document, 'meta[name="author"]');
  // A page's own markup: a tag that is not one (lang="english") is no language, not an error.
  const language = languageTag(document.documentElement?.getAttribute('lang'));
  const soleHeadings = new Set(
    ['h2', 'h3', 'h4', 'h5', 'h6'].flatMap((tag) => {
      const headings = document.querySelectorAll(tag);
      return headings.length === 1 ? [...headings].map(textOf) : [];
    }),
  );
  const headlineHeading = headlineH1(document);
  const h1 = headlineHeading === undefined ? undefined : textOf(headlineHeading);

  gatherNotebookCells(document);
  unmarkHeadings(document);
  // Readability turns a <div> holding only text into a <p> and drops its class on the way.
  for (const element of document.querySelectorAll(PULL_QUOTE)) element.remove();
  for (const element of document.querySelectorAll('[class]')) {
    if (isCaptionByClass(element)) element.remove();
  }
  let article: ReturnType<Readability['parse']>;
  try {
    // Classes are kept because NOT_ARTICLE_TEXT selects by them; Readability strips them by default.
    article = new Readability(document, { charThreshold: 0, keepClasses: true }).parse();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ArticleError(source, `could not be read as HTML: ${reason}`, { cause: error });
  }
  if (article === null || !article.content) {
    throw new ArticleError(source, 'has no readable article text in its HTML');
  }
  const byline = article.byline?.replace(BYLINE_WORD, '').trim();
  const date = metaDate ?? (article.publishedTime?.trim() || undefined);
  // A story the page dates is an article, however short and whatever its headline. A byline does
  // not tell: a site may name itself every page's author, its error pages' too.
  if (date === undefined && isErrorPage(documentTitle, article.textContent ?? '')) {
    throw new ArticleError(
      source,
      `is what the site showed in place of the article ("${singleLine(documentTitle)}": an error, a bot check or a sign-in page) — open the article in a browser and save the page from there`,
    );
  }
  const author = (byline || undefined) ?? metaAuthor;
  // The headline is the title when the page's title only adds the site's name to it.
  const readabilityTitle = article.title?.trim() || undefined;
  // Readability cuts a title at its colon when no heading repeats it ("Tech conference keynote:
  // all the announcements…" gives "all the announcements…"): an h1 ending on what is left is the
  // headline whole (a page's og:title still comes first).
  const cutAtColon =
    readabilityTitle !== undefined &&
    h1 !== undefined &&
    h1 !== readabilityTitle &&
    h1.endsWith(readabilityTitle) &&
    documentTitle.includes(`: ${readabilityTitle}`);
  const declared =
    h1 !== undefined &&
    h1 !== '' &&
    (addsSiteName(ogTitle ?? documentTitle, h1) || FILE_NAME_TITLE.test(ogTitle ?? documentTitle))
      ? h1
      : (withoutSiteName(ogTitle ?? (cutAtColon ? h1 : readabilityTitle), siteName) ?? h1);
  const blocks = htmlBlocks(source, article.content);
  // A fragment with no <title> and no h1 (a CMS's or an editor's export) opens on its headline
  // as a bold line or a subhead, as a Markdown file without "#" does, and so does a page whose
  // title is only its site's name; there the heading must be the page's only one of its level:
  // one of several h2s ("Summary of the year", "Finances", "Staff") is a subhead.
  const opening = openingHeading(blocks);
  const headline = h1 || (opening !== undefined && soleHeadings.has(opening) ? opening : undefined);
  const title =
    declared === undefined || declared === ''
      ? (opening ?? declared)
      : headline !== undefined && isOnlySiteName(declared, { text: headline, isH1: !!h1 }, siteName)
        ? headline
        : declared;
  // Readability drops an h1 that repeats the title by comparing words, which a language
  // written without spaces never matches; a subhead that is the title is not a section.
  const repeatsTitle = (block: ArticleBlock) =>
    block.kind === 'heading' && (block.text === title || block.text === h1);
  return {
    title,
    url,
    date,
    author,
    language,
    blocks: withoutByline(
      blocks.filter((block) => !repeatsTitle(block)),
      author,
    ),
  };
}

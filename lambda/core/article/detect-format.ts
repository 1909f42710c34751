import type { ArticleFormat } from './types';

/** Markdown goes by many names (GitHub's list, the mdtxt/mdtext of a few editors, MDX's mdx). */
const EXTENSION_FORMATS: Readonly<Record<string, ArticleFormat>> = {
  txt: 'text',
  text: 'text',
  ...Object.fromEntries(
    ['md', 'markdown', 'mdown', 'mdwn', 'mkd', 'mkdn', 'mkdown', 'mdtxt', 'mdtext', 'mdx'].map(
      (extension) => [extension, 'markdown' as const],
    ),
  ),
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  xht: 'html',
  shtml: 'html',
};

/** What can come before a page's first tag: white space, a comment ("saved from url"), `<?xml…?>`. */
const BEFORE_FIRST_TAG = /\s+|<!--[\s\S]*?-->|<\?xml[\s\S]*?\?>/y;
/** The doctype, or a tag a page (or a page saved without its <html>) starts with. */
const FIRST_TAG_OF_PAGE = /<(?:!doctype html|html|head|body|meta)[\s>]/iy;
/**
 * The block a fragment of a page opens with, as a CMS's source view or an editor's export gives
 * it without <html> or <body>: a paragraph, a heading, a box, a table, a list, a quote.
 */
const FIRST_TAG_OF_FRAGMENT =
  /<(p|h[1-6]|div|article|section|main|header|table|ul|ol|blockquote|figure)[\s>]/iy;
/** The start of a tag, a comment or a doctype: a file with none is no page, whatever its name. */
const ANY_TAG = /<[a-z!/?]/i;
const LOOKS_LIKE_MARKDOWN = /^(?:---\n|\+\+\+\n|#{1,6} \S)/;
/**
 * Markdown under a text's name (a notes app's export, Notepad): a `#` heading first, or front
 * matter whose first line is a key and that closes before a blank line, not a rule over a title
 * ("---\nCouncil approves\n---") nor over a line that goes on as text ("---\nLocation: …\n\n").
 */
const TEXT_IN_MARKDOWN =
  /^(?:---\n[A-Za-z_][\w-]*:[^\n]*\n(?:[^\n]+\n)*?(?:---|\.\.\.)[ \t]*(?:\n|$)|\+\+\+\n[A-Za-z_][\w-]* ?=[^\n]*\n(?:[^\n]+\n)*?\+\+\+[ \t]*(?:\n|$)|#{1,6} \S)/;

/** Where the text's first tag starts, past white space, comments and an XML declaration. */
function firstTagAt(text: string): number {
  // One sticky match at a time: a pattern repeating the three could backtrack for ever.
  BEFORE_FIRST_TAG.lastIndex = 0;
  let start = 0;
  while (BEFORE_FIRST_TAG.exec(text) !== null) start = BEFORE_FIRST_TAG.lastIndex;
  return start;
}

function looksLikeHtml(text: string): boolean {
  FIRST_TAG_OF_PAGE.lastIndex = firstTagAt(text);
  return FIRST_TAG_OF_PAGE.test(text);
}

/** The root of a feed: RSS 2.0's <rss>, Atom's <feed>, RSS 1.0's <rdf:RDF>. */
const FEED_ROOT = /<(?:rss|feed|rdf:RDF)[\s>]/iy;

/** Whether the text is a feed: it opens, past an XML declaration and comments, on a feed's root. */
export function opensAsFeed(text: string): boolean {
  FEED_ROOT.lastIndex = firstTagAt(text);
  return FEED_ROOT.test(text);
}

/** A fragment of a page: it opens with a block's tag and closes that element somewhere. */
function looksLikeHtmlFragment(text: string): boolean {
  FIRST_TAG_OF_FRAGMENT.lastIndex = firstTagAt(text);
  const tag = FIRST_TAG_OF_FRAGMENT.exec(text)?.[1];
  return tag !== undefined && new RegExp(`</${tag}\\s*>`, 'i').test(text);
}

/**
 * The format of an article file. An HTML document is recognised by its opening whatever the
 * name says (saved pages often end in .txt), and so is a fragment of one under a text's name or
 * none (its tags reached the email); a page's name on text with no tag at all is text, and
 * Markdown under a text's name that opens as Markdown does is Markdown. Otherwise the extension
 * decides, and a name without one (an S3 key) falls back to looking for front
 * matter or a Markdown heading. Markdown's own raw HTML keeps it Markdown.
 */
export function detectArticleFormat(name: string, text: string): ArticleFormat {
  if (looksLikeHtml(text)) return 'html';
  const extension = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  const byName = extension === undefined ? undefined : EXTENSION_FORMATS[extension];
  if (byName === 'html') return ANY_TAG.test(text) ? 'html' : 'text';
  if (byName !== 'markdown' && looksLikeHtmlFragment(text)) return 'html';
  if (byName === 'text' && TEXT_IN_MARKDOWN.test(text.trimStart())) return 'markdown';
  if (byName !== undefined) return byName;
  return LOOKS_LIKE_MARKDOWN.test(text.trimStart()) ? 'markdown' : 'text';
}

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
const LOOKS_LIKE_MARKDOWN = /^(?:---\n|\+\+\+\n|#{1,6} \S)/;

function looksLikeHtml(text: string): boolean {
  // One sticky match at a time: a pattern repeating the three could backtrack for ever.
  BEFORE_FIRST_TAG.lastIndex = 0;
  let start = 0;
  while (BEFORE_FIRST_TAG.exec(text) !== null) start = BEFORE_FIRST_TAG.lastIndex;
  FIRST_TAG_OF_PAGE.lastIndex = start;
  return FIRST_TAG_OF_PAGE.test(text);
}

/**
 * The format of an article file. An HTML document is recognised by its opening whatever the
 * name says (saved pages often end in .txt); otherwise the extension decides, and a name without
 * one (an S3 key) falls back to looking for front matter or a Markdown heading.
 */
export function detectArticleFormat(name: string, text: string): ArticleFormat {
  if (looksLikeHtml(text)) return 'html';
  const extension = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  const byName = extension === undefined ? undefined : EXTENSION_FORMATS[extension];
  if (byName !== undefined) return byName;
  return LOOKS_LIKE_MARKDOWN.test(text.trimStart()) ? 'markdown' : 'text';
}

import { parseHTML } from 'linkedom';
import { checkHtmlNesting } from '../article/html-nesting';
import { parseArticle } from '../article/parse-article';
import type { Article } from '../article/types';
import { countWords } from '../article/words';
import { ArticleError, FetchError } from '../errors';
import { decodeFetched } from './decode-fetched';
import type { FeedItem, WebResponse } from './types';

/** A page with less text than this is a teaser, a stub or an index, not an article. */
const MIN_PAGE_WORDS = 120;
/** The item's own text is the fallback: a summary of a paragraph or two is still worth a point. */
const MIN_FEED_WORDS = 20;

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Marks of a page that shows a teaser and asks for a subscription for the rest. A tag's class is
 * read from its last '<': from each '<' the page of a hostile site would be read to its end.
 */
const PAYWALL_MARKERS: readonly RegExp[] = [
  /"isAccessibleForFree"\s*:\s*"?false"?/i,
  /<[^<>]+class="[^"]*\b(?:paywall|piano-offer|subscriber-only)\b/i,
  /\bsubscribe (?:now )?to (?:continue|keep) reading\b/i,
  /\bthis (?:article|story) is (?:only )?(?:available )?(?:for|to) (?:paying )?subscribers\b/i,
];

function wordCount(article: Article): number {
  let words = 0;
  for (const section of article.sections) {
    for (const paragraph of section.paragraphs) words += countWords(paragraph.text);
  }
  return words;
}

/**
 * C0 control characters a browser shows as nothing, pasted into pages and feeds from word
 * processors (a backspace, Word's optional hyphen U+001F, a footnote mark): parseArticle refuses
 * an uploaded file holding one as no text file, which lost the whole item. NUL is left, so a
 * binary file served as HTML is still refused as one.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const INVISIBLE_CONTROLS = /[\u0001-\u0008\u000e-\u001f\u007f]/g;

function parseHtmlArticle(name: string, source: string): Article {
  const html = source.replace(INVISIBLE_CONTROLS, '');
  // parseArticle recognises HTML by its opening; a page may start with <head> or a comment.
  const document = /^\s*(?:<!doctype html|<html[\s>])/i.test(html)
    ? html
    : `<!doctype html>${html}`;
  return parseArticle({ name, bytes: new TextEncoder().encode(document) });
}

/**
 * The article on a fetched page, read with Readability. Throws FetchError with the reason a page
 * is passed over: not HTML, a paywall, too little text, nothing readable.
 */
export function readPageArticle(page: Extract<WebResponse, { status: 'ok' }>): Article {
  if (!HTML_TYPES.has(page.contentType)) {
    throw new FetchError(page.url, `is not an HTML page (${page.contentType || 'no media type'})`);
  }
  const html = decodeFetched(page);
  let article: Article;
  try {
    article = parseHtmlArticle(page.url, html);
  } catch (error) {
    if (!(error instanceof ArticleError)) throw error;
    throw new FetchError(page.url, error.reason, { cause: error });
  }
  const words = wordCount(article);
  if (words < MIN_PAGE_WORDS) {
    const paywall = PAYWALL_MARKERS.some((marker) => marker.test(html));
    throw new FetchError(
      page.url,
      paywall
        ? `is behind a paywall (${words} words readable)`
        : `has too little text to be an article (${words} words, at least ${MIN_PAGE_WORDS} needed)`,
    );
  }
  return article;
}

/** WordPress's "The post … appeared first on …" and Medium's "… was originally published in …". */
const FOOTER_TEXT =
  /^\s*The post .{1,500} appeared first on .{1,300}$|was originally published in .{1,300} on Medium, where people are continuing the conversation/su;

/** Words each of those footers holds, looked for before the content is parsed for them. */
const PLATFORM_WORDS =
  /appeared first on|originally published in|more-link|continue reading|read more/i;

/** A WordPress excerpt's last paragraph that only links to the rest. */
const READ_MORE_TEXT = /^\s*(?:continue reading|read more)\b/i;

/**
 * The item's content without what a platform adds to every item, never part of the article:
 * WordPress's "The post <a>…</a> appeared first on <a>…</a>." and Medium's "<a>…</a> was
 * originally published in <a>…</a> on Medium…" paragraphs (their text and their two links, so a
 * sentence of news that reads alike stays), the theme's "more-link", and a last paragraph that is
 * only a "Continue reading →" link. Found on the parsed markup, not by patterns over it: the
 * content is a remote site's, and a pattern over raw HTML can take minutes on a hostile item.
 */
function withoutPlatformFooters(html: string): string {
  // Most items have none of them: they are not parsed twice.
  if (!PLATFORM_WORDS.test(html)) return html;
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  // Platforms append them to the content, so only its own paragraphs are read: each element's text
  // is read once, however deep a hostile item nests its markup.
  const paragraphs = [...document.body.children].filter((element) => element.tagName === 'P');
  for (const paragraph of paragraphs) {
    const text = paragraph.textContent ?? '';
    if (paragraph.querySelectorAll('a').length >= 2 && FOOTER_TEXT.test(text)) paragraph.remove();
  }
  for (const link of document.querySelectorAll('a.more-link')) link.remove();
  const last = paragraphs.at(-1);
  const only = last?.children.length === 1 ? last.children[0] : undefined;
  if (
    only?.tagName === 'A' &&
    (last?.textContent ?? '').trim() === (only.textContent ?? '').trim() &&
    READ_MORE_TEXT.test(only.textContent ?? '')
  ) {
    last?.remove();
  }
  return document.body.innerHTML;
}

/**
 * WordPress's mark of a cut excerpt, "[&#8230;]" or "[...]", at the end of a paragraph, with the
 * spaces before it, read from the first of them only (from each, a long run was read to its end).
 */
const EXCERPT_MORE = /(?<!\s)\s*\[(?:&#8230;|&hellip;|…|\.\.\.)\](?=\s*(?:<\/p>|$))/gi;

/** The item's own content (content:encoded, Atom content, content_html…) as the article. */
export function readFeedContent(feedUrl: string, item: FeedItem): Article {
  const name = item.url ?? `${feedUrl}#${item.id}`;
  if (item.content === null) throw new FetchError(name, 'has no text of its own in the feed');
  // Before the footers are looked for, which parses the content once more.
  checkHtmlNesting(name, item.content, "save the article's text as Markdown or plain text instead");
  const content = withoutPlatformFooters(item.content).replace(EXCERPT_MORE, '…');
  // An item without a link, or with one other items share, has no address of its own, and the
  // feed's would title an untitled item after the feed ("Town news.xml"): it is read as from the
  // site's root, a path that names nothing, so its title comes from its opening words (else the
  // host name).
  const parsed = parseHtmlArticle(
    (item.sharedLink ? null : item.url) ?? new URL('/', feedUrl).href,
    `<article>${content}</article>`,
  );
  const article = { ...parsed, source: name };
  const words = wordCount(article);
  if (words < MIN_FEED_WORDS) {
    throw new FetchError(name, `has too little text in the feed (${words} words)`);
  }
  return article;
}

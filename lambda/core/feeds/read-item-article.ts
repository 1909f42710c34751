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

/** Marks of a page that shows a teaser and asks for a subscription for the rest. */
const PAYWALL_MARKERS: readonly RegExp[] = [
  /"isAccessibleForFree"\s*:\s*"?false"?/i,
  /<[^>]+class="[^"]*\b(?:paywall|piano-offer|subscriber-only)\b/i,
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

function parseHtmlArticle(name: string, html: string): Article {
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

/**
 * What a platform adds to every item's content in its feed, never part of the article: footers,
 * WordPress's "The post <a>…</a> appeared first on <a>…</a>." and Medium's "<a>…</a> was
 * originally published in <a>…</a> on Medium, where people are continuing the conversation…".
 * Matched on their markup (the links), so a sentence of news that reads alike stays.
 */
const PLATFORM_FOOTERS: readonly RegExp[] = [
  /<p\b[^>]*>\s*The post <a\b[^>]*>[\s\S]*?<\/a>\s*appeared first on\s*<a\b[^>]*>[\s\S]*?<\/a>\.?\s*<\/p>/gi,
  /<p\b[^>]*>\s*<a\b[^>]*>[\s\S]*?<\/a>\s*was originally published in\s*<a\b[^>]*>[\s\S]*?<\/a>\s*on Medium, where people are continuing the conversation[^<]*<\/p>/gi,
  // A WordPress excerpt's link to the rest: the theme's "more-link", or a last paragraph that is
  // only "Continue reading →" / "Read more »".
  /<a\b[^>]*\bclass="[^"]*\bmore-link\b[^"]*"[^>]*>[\s\S]*?<\/a>/gi,
  /<p\b[^>]*>\s*<a\b[^>]*>\s*(?:continue reading|read more)\b[^<]*<\/a>\s*<\/p>\s*$/gi,
];

/** WordPress's mark of a cut excerpt, "[&#8230;]" or "[...]", at the end of a paragraph. */
const EXCERPT_MORE = /\s*\[(?:&#8230;|&hellip;|…|\.\.\.)\](?=\s*(?:<\/p>|$))/gi;

/** The item's own content (content:encoded, Atom content, content_html…) as the article. */
export function readFeedContent(feedUrl: string, item: FeedItem): Article {
  const name = item.url ?? `${feedUrl}#${item.id}`;
  if (item.content === null) throw new FetchError(name, 'has no text of its own in the feed');
  const content = PLATFORM_FOOTERS.reduce(
    (html, footer) => html.replace(footer, ''),
    item.content,
  ).replace(EXCERPT_MORE, '…');
  // An item without a link has no address of its own, and the feed's would title an untitled
  // item after the feed ("Town news.xml"): it is read as from the site's root, a path that names
  // nothing, so its title comes from its opening words (else the host name).
  const parsed = parseHtmlArticle(
    item.url ?? new URL('/', feedUrl).href,
    `<article>${content}</article>`,
  );
  const article = { ...parsed, source: name };
  const words = wordCount(article);
  if (words < MIN_FEED_WORDS) {
    throw new FetchError(name, `has too little text in the feed (${words} words)`);
  }
  return article;
}

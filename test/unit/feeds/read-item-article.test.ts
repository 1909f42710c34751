import { describe, expect, it } from 'vitest';
import { FetchError } from '../../../lambda/core/errors';
import { readFeedContent, readPageArticle } from '../../../lambda/core/feeds/read-item-article';
import { articlePage } from '../../support/feed-fixtures';

const page = (body: string, contentType = 'text/html') => ({
  status: 'ok' as const,
  url: 'https://news.example.com/a',
  contentType,
  body: new TextEncoder().encode(body),
});

function reason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FetchError);
    return (error as FetchError).reason;
  }
  throw new Error('expected a FetchError');
}

describe('reading an item page', () => {
  it('finds the article among navigation and footer', () => {
    const article = readPageArticle(page(articlePage('Bridge repairs start', 'bridge')));
    expect(article.title).toBe('Bridge repairs start');
    const text = article.sections.flatMap((s) => s.paragraphs.map((p) => p.text)).join(' ');
    expect(text).toContain('The bridge project was approved on Monday');
    expect(text).not.toContain('Privacy');
  });

  it('passes over a page that is not HTML', () => {
    expect(reason(() => readPageArticle(page('%PDF', 'application/pdf')))).toBe(
      'is not an HTML page (application/pdf)',
    );
  });

  it('passes over a paywall stub', () => {
    const stub = `<html><body><article><h1>Exclusive</h1><p>The first lines of a story.</p>
      <div class="paywall">Subscribe to continue reading.</div></article></body></html>`;
    expect(reason(() => readPageArticle(page(stub)))).toMatch(
      /^is behind a paywall \(\d+ words readable\)$/,
    );
  });

  it('passes over a page with too little text', () => {
    const short =
      '<html><body><article><p>Coming soon. Check back later.</p></article></body></html>';
    expect(reason(() => readPageArticle(page(short)))).toMatch(
      /^has too little text to be an article \(\d+ words, at least 120 needed\)$/,
    );
  });
});

describe("reading an item's own content", () => {
  const item = {
    id: 'urn:1',
    title: 'T',
    url: 'https://news.example.com/a',
    published: null,
  };

  it('reads HTML content from the feed', () => {
    const content =
      '<p>The council met on Monday evening to discuss the new plan for the river path. Members agreed to consult residents before any work begins next spring.</p>';
    const article = readFeedContent('https://news.example.com/feed', { ...item, content });
    expect(article.sections[0]?.paragraphs[0]?.text).toMatch(/^The council met on Monday/);
  });

  it('says when the item has no text of its own', () => {
    expect(reason(() => readFeedContent('https://f', { ...item, content: null }))).toBe(
      'has no text of its own in the feed',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { titleFromUrl } from '../../../lambda/core/article/blocks';
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

  it('reads a page whose text holds control characters pasted from a word processor, as a browser shows it', () => {
    // A backspace, Word's optional hyphen (U+001F) and a footnote mark (U+0002): invisible on the
    // page, they made it "contain a control character — is it a text file?" and the item was lost.
    const html = articlePage('Bridge repairs start', 'bridge')
      .replace('months of public debate', 'months of pub\u001flic debate\u0008')
      .replace('the end of the year.', 'the end of the year.\u0002');
    const article = readPageArticle(page(html));
    const text = article.sections.flatMap((s) => s.paragraphs.map((p) => p.text)).join(' ');
    expect(text).toContain('after months of public debate in the town.');
    expect(text).toContain('before the end of the year.');
    const item = {
      id: 'x',
      title: 'Bridge',
      url: null,
      published: null,
      content: `<p>The bridge project was approved on Monday after months of public\u0008 debate in the town, and work starts in spring next year.</p>`,
    };
    const fromFeed = readFeedContent('https://news.example.com/feed.xml', item);
    expect(fromFeed.sections[0]?.paragraphs[0]?.text).toContain('months of public debate');
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

  it("reads a paywall's class from the tag it is on, at once on a page of '<' that close no tag", () => {
    // From each '<' the class marker read on to the end of the page: 200 KB of them took 39 s.
    const stub = (tail: string) =>
      `<html><body><article><p>The first lines of a story.</p>${tail}</article></body></html>`;
    expect(
      reason(() =>
        readPageArticle(page(stub(`<p>Subscribe to continue reading.</p>${'<E'.repeat(100_000)}`))),
      ),
    ).toMatch(/^is behind a paywall \(\d+ words readable\)$/);
    expect(
      reason(() => readPageArticle(page(stub('<section class="story piano-offer"></section>')))),
    ).toMatch(/^is behind a paywall \(\d+ words readable\)$/);
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

  it("drops the footer WordPress and Medium add to a feed's content", () => {
    const body =
      '<p>The council met on Monday evening to discuss the new plan for the river path. Members agreed to consult residents before any work begins next spring.</p>';
    const texts = (content: string) =>
      readFeedContent('https://news.example.com/feed', { ...item, content }).sections.flatMap(
        (section) => section.paragraphs.map((paragraph) => paragraph.text),
      );
    expect(
      texts(
        `${body}<p>The post <a rel="nofollow" href="https://news.example.com/a">River path &#8211; plan</a> appeared first on <a rel="nofollow" href="https://news.example.com">Town News</a>.</p>`,
      ),
    ).toEqual([expect.stringMatching(/^The council met/)]);
    expect(
      texts(
        `${body}<hr><p><a href="https://medium.com/p/1">River path plan</a> was originally published in <a href="https://medium.com/town">Town News</a> on Medium, where people are continuing the conversation by highlighting and responding to this story.</p>`,
      ),
    ).toEqual([expect.stringMatching(/^The council met/)]);
    // Looked for on the parsed markup: a pattern over the raw HTML took a minute on this.
    expect(texts(`${body}${'<a class="more-link'.repeat(2000)}`)).toEqual([
      expect.stringMatching(/^The council met/),
    ]);
    // A sentence of news that reads alike, without the footer's two links, stays.
    const news =
      '<p>The post of harbour master appeared first on a list of cuts the council published on Monday.</p>';
    expect(texts(`${body}${news}`)).toEqual([
      expect.stringMatching(/^The council met/),
      expect.stringMatching(/^The post of harbour master/),
    ]);
  });

  it("titles an untitled item without a link from its opening words, not from the feed's address", () => {
    const content =
      '<p>The council met on Monday evening to discuss the new plan for the river path. Members agreed to consult residents before any work begins next spring.</p>';
    const article = readFeedContent('https://news.example.com/town-news.xml', {
      ...item,
      url: null,
      content,
    });
    expect(article.title).toBe('The council met on Monday evening to discuss…');
  });

  it("ends a WordPress excerpt on an ellipsis, without its '[…]' or its 'Continue reading' link", () => {
    const excerpt =
      'The council met on Monday evening to discuss the new plan for the river path. Members agreed to consult residents before any';
    const text = (content: string) =>
      readFeedContent('https://news.example.com/feed', { ...item, content }).sections[0]
        ?.paragraphs[0]?.text;
    expect(text(`${excerpt} [&#8230;]`)).toBe(`${excerpt}…`);
    expect(text(`<p>${excerpt} [...]</p>`)).toBe(`${excerpt}…`);
    expect(
      text(
        `<p>${excerpt} &#8230; <a href="https://news.example.com/a" class="more-link">Continue reading<span class="screen-reader-text"> "River path"</span></a></p>`,
      ),
    ).toBe(`${excerpt} …`);
    expect(
      text(`<p>${excerpt}</p><p><a href="https://news.example.com/a">Read more &#187;</a></p>`),
    ).toBe(excerpt);
  });

  it("reads a long run of spaces before no '[…]' at once, and still drops the '[…]' after one", () => {
    // From each space the run was read to its end: 150 000 tabs took 56 s.
    const excerpt =
      'The council met on Monday evening to discuss the new plan for the river path. Members agreed to consult residents before any';
    const content = `<p>Minutes of the meeting:${'\t'.repeat(150_000)}draft</p><p>${excerpt}${' '.repeat(1000)}[&#8230;]</p>`;
    const article = readFeedContent('https://news.example.com/feed', { ...item, content });
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'Minutes of the meeting: draft',
      `${excerpt}…`,
    ]);
  });

  it('refuses content nested deeper than an article page nests before looking for its footers', () => {
    const levels = 400_000;
    const content = `${'<b>'.repeat(levels)}River path plan${'</b>'.repeat(levels)}<p>The post <a href="https://news.example.com/a">River path</a> appeared first on <a href="https://news.example.com">Town News</a>.</p>`;
    expect(() => readFeedContent('https://news.example.com/feed', { ...item, content })).toThrow(
      'Article https://news.example.com/a could not be read as HTML: its elements nest 400,000 levels deep, more than the 256 an article page needs',
    );
  });

  it('says when the item has no text of its own', () => {
    expect(reason(() => readFeedContent('https://f', { ...item, content: null }))).toBe(
      'has no text of its own in the feed',
    );
  });
});

describe('titling a page that declares no title', () => {
  const untitled = (url: string) => {
    const body = articlePage('', 'bridge').replace('<title></title>', '').replace('<h1></h1>', '');
    return { ...page(body), url };
  };

  it('names it after the last segment of its path, without query, fragment or extension', () => {
    const article = readPageArticle(
      untitled('https://news.example.com/2026/12/night-trains_return.html?utm_source=rss#top'),
    );
    expect(article.title).toBe('Night trains return');
  });

  it('decodes the segment, and ignores the slash at the end', () => {
    const article = readPageArticle(
      untitled('https://news.example.com/culture/caf%C3%A9-reopens/'),
    );
    expect(article.title).toBe('Café reopens');
  });

  it.each([
    'https://news.example.com/?p=123',
    'https://news.example.com/',
    'https://news.example.com/posts/12345',
    'https://news.example.com/2026/12/04/',
    'https://news.example.com/index.php?id=9',
  ])('names %s after its opening words when the address names nothing', (url) => {
    expect(readPageArticle(untitled(url)).title).toBe(
      'The bridge project was approved on Monday after…',
    );
  });
});

describe('titleFromUrl', () => {
  it('falls back to the host name when the page has no text either', () => {
    expect(titleFromUrl('https://www.example.com/?p=123', undefined)).toBe('example.com');
    expect(titleFromUrl('https://example.com/#top', '  ')).toBe('example.com');
  });

  it('keeps a malformed escape as it stands', () => {
    expect(titleFromUrl('https://example.com/100%25-sure%E0%A4', undefined)).toBe(
      '100%25 sure%E0%A4',
    );
  });
});

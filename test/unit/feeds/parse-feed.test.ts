import { describe, expect, it, vi } from 'vitest';
import { FetchError } from '../../../lambda/core/errors';
import { parseFeed } from '../../../lambda/core/feeds/parse-feed';

const BASE = 'https://blog.example.com/feed';

/** The dates an RSS feed of items with these pubDates is read as on a machine in `timeZone`. */
function pubDatesOn(timeZone: string, written: readonly string[]): (string | null)[] {
  const items = written.map(
    (date, n) => `<item><title>${n}</title><guid>${n}</guid><pubDate>${date}</pubDate></item>`,
  );
  const source = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>News</title><link>https://blog.example.com/</link>
${items.join('\n')}
</channel></rss>`;
  vi.stubEnv('TZ', timeZone);
  try {
    return parseFeed(BASE, source).items.map((item) => item.published);
  } finally {
    vi.unstubAllEnvs();
  }
}

/** A JSON Feed with this title and these items (each with an id and a text unless given). */
const jsonFeed = (title: string, ...items: Record<string, unknown>[]) =>
  parseFeed(
    BASE,
    JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title,
      items: items.map((item, index) => ({ id: `${index}`, content_text: 'x', ...item })),
    }),
  );

describe('parseFeed', () => {
  it('reads RSS 2.0: guid, link, date, content:encoded before description', () => {
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
  <title>Example Blog</title><link>https://blog.example.com/</link><description>d</description>
  <item><title>First &amp; best</title><link>/posts/1</link><guid>urn:post:1</guid>
    <pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><description>short</description>
    <content:encoded><![CDATA[<p>Full text</p>]]></content:encoded></item>
  <item><title>No guid</title><link>https://blog.example.com/posts/2</link></item>
  <item><title>Script link</title><link>javascript:alert(1)</link><guid>urn:post:3</guid></item>
</channel></rss>`,
    );
    expect(feed.title).toBe('Example Blog');
    expect(feed.items).toEqual([
      {
        id: 'urn:post:1',
        title: 'First & best',
        url: 'https://blog.example.com/posts/1',
        published: '2026-12-01T10:00:00.000Z',
        content: '<p>Full text</p>',
      },
      {
        id: 'https://blog.example.com/posts/2',
        title: 'No guid',
        url: 'https://blog.example.com/posts/2',
        published: null,
        content: null,
      },
      { id: 'urn:post:3', title: 'Script link', url: null, published: null, content: null },
    ]);
  });

  it("reads a podcast episode's show notes from <itunes:summary> when it has no description, and takes the longer of the two", () => {
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
  <title>Town Pod</title><link>https://pod.example.com/</link><description>d</description>
  <item><title>Ep 48</title><guid isPermaLink="false">abc-48</guid>
    <enclosure url="https://cdn.example.com/48.mp3" type="audio/mpeg" length="1"/>
    <itunes:summary>Pontevedra banned most cars from its centre in 1999.</itunes:summary></item>
  <item><title>Ep 47</title><guid isPermaLink="false">abc-47</guid><description>The episode's full notes.</description>
    <itunes:summary>Short notes.</itunes:summary></item>
  <item><title>Ep 46</title><guid isPermaLink="false">abc-46</guid><description>Car-free towns.</description>
    <itunes:summary>Pontevedra, Oslo and Ghent took cars out of their centres; shops there did not close.</itunes:summary></item>
</channel></rss>`,
    );
    expect(feed.items.map((item) => item.content)).toEqual([
      'Pontevedra banned most cars from its centre in 1999.',
      "The episode's full notes.",
      'Pontevedra, Oslo and Ghent took cars out of their centres; shops there did not close.',
    ]);
  });

  it('takes content:encoded before a longer description or itunes:summary, in RSS 2.0 and RSS 1.0, and else the longer', () => {
    const notes =
      '<content:encoded>Full text.</content:encoded><description>d</description><itunes:summary>A much longer summary of the episode.</itunes:summary>';
    const shortDescription =
      '<description>Car-free towns.</description><itunes:summary>Pontevedra, Oslo and Ghent took cars out of their centres.</itunes:summary>';
    const namespaces =
      'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"';
    const rss2 = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0" ${namespaces}><channel><title>Pod</title><link>https://pod.example.com/</link><description>d</description>
  <item><title>One</title><guid>urn:1</guid>${notes}</item>
  <item><title>Two</title><guid>urn:2</guid>${shortDescription}</item>
</channel></rss>`,
    );
    const rss1 = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" ${namespaces}>
  <channel rdf:about="https://pod.example.com/"><title>Pod</title><link>https://pod.example.com/</link><description>d</description></channel>
  <item rdf:about="https://pod.example.com/1"><title>One</title><link>https://pod.example.com/1</link>${notes}</item>
  <item rdf:about="https://pod.example.com/2"><title>Two</title><link>https://pod.example.com/2</link>${shortDescription}</item>
</rdf:RDF>`,
    );
    expect(rss2.items.map((item) => item.content)).toEqual([
      'Full text.',
      'Pontevedra, Oslo and Ghent took cars out of their centres.',
    ]);
    // The RSS 1.0 parser reads no <itunes:summary>: the description is all there is.
    expect(rss1.items.map((item) => item.content)).toEqual(['Full text.', 'Car-free towns.']);
  });

  it('reads Atom: the alternate link, published or else updated, content or summary', () => {
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Blog</title><id>urn:blog</id>
  <updated>2026-12-02T00:00:00Z</updated>
  <entry><title>One</title><id>urn:e:1</id>
    <link rel="edit" href="https://blog.example.com/edit/1"/>
    <link rel="alternate" href="https://blog.example.com/1"/>
    <updated>2026-12-02T00:00:00Z</updated><published>2026-11-30T08:00:00Z</published>
    <content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry>
  <entry><title>Two</title><id>urn:e:2</id><link href="https://blog.example.com/2"/>
    <updated>2026-12-01T00:00:00Z</updated><summary>Sum</summary></entry>
</feed>`,
    );
    expect(feed.title).toBe('Atom Blog');
    expect(feed.items.map((item) => [item.id, item.url, item.published, item.content])).toEqual([
      ['urn:e:1', 'https://blog.example.com/1', '2026-11-30T08:00:00.000Z', '<p>Body</p>'],
      ['urn:e:2', 'https://blog.example.com/2', '2026-12-01T00:00:00.000Z', 'Sum'],
    ]);
  });

  it('reads JSON Feed', () => {
    const feed = parseFeed(
      BASE,
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'JSON Blog',
        items: [
          {
            id: '7',
            url: 'https://blog.example.com/7',
            title: 'Seven',
            content_text: 'Plain',
            date_published: '2026-12-03T00:00:00Z',
          },
        ],
      }),
    );
    expect(feed.items).toEqual([
      {
        id: '7',
        title: 'Seven',
        url: 'https://blog.example.com/7',
        published: '2026-12-03T00:00:00.000Z',
        content: 'Plain',
      },
    ]);
  });

  it.each([
    ['an HTML page', '<!doctype html><html><body>Not a feed</body></html>'],
    ['broken XML', '<rss><channel><item>'],
  ])('refuses %s, naming the feed', (_, source) => {
    expect(() => parseFeed(BASE, source)).toThrow(FetchError);
    expect(() => parseFeed(BASE, source)).toThrow(
      /^https:\/\/blog\.example\.com\/feed: is not an RSS, Atom or JSON feed/,
    );
  });
  it('decodes the character references left in titles escaped twice, keeping a bare "&"', () => {
    const rss = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour &amp;amp; Town News</title>
  <link>https://blog.example.com/</link><description>d</description>
  <item><title>Ferry fares &amp;amp; timetables change</title><guid>a</guid></item>
  <item><title>Street reopens &amp;#8211; finally</title><guid>b</guid></item>
  <item><title><![CDATA[Q&A: the new &quot;bin day&quot; rota]]></title><guid>c</guid></item>
</channel></rss>`,
    );
    expect(rss.title).toBe('Harbour & Town News');
    expect(rss.items.map((item) => item.title)).toEqual([
      'Ferry fares & timetables change',
      'Street reopens – finally',
      'Q&A: the new "bin day" rota',
    ]);
    const atom = parseFeed(
      BASE,
      `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Rail</title><id>urn:r</id>
  <updated>2026-12-02T00:00:00Z</updated>
  <entry><title type="html">Night trains &amp;amp; sleepers</title><id>urn:e:1</id>
    <updated>2026-12-02T00:00:00Z</updated></entry>
</feed>`,
    );
    expect(atom.items[0]?.title).toBe('Night trains & sleepers');
  });
  // A digest's subject is made from its first title: a control character in it (JSON's "\b", or a
  // reference escaped twice in RSS) made the whole digest fail ("subject: contains a control
  // character"), and the ESC of a feed's title reached the source line of every article.
  it('reads titles on one line without control characters, as a subject line shows them', () => {
    const json = jsonFeed('Harbour\u001b[31m News\u007f', {
      title: 'Bus fares\b fall\u0000 again\u0085today',
    });
    expect(json.title).toBe('Harbour [31m News');
    expect(json.items[0]?.title).toBe('Bus fares fall again today');
    const rss = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Town &amp;#x1b; News</title>
  <link>https://blog.example.com/</link><description>d</description>
  <item><title>Ferry &amp;#8;fares &amp;#x7f;rise</title><guid>a</guid></item>
</channel></rss>`,
    );
    expect(rss.title).toBe('Town News');
    expect(rss.items[0]?.title).toBe('Ferry fares rise');
  });

  it('takes a title of invisible characters alone for none, so the page titles the article', () => {
    const feed = jsonFeed('\u200b', { title: '\u2060\u200f' });
    expect(feed.title).toBe('blog.example.com');
    expect(feed.items[0]?.title).toBeNull();
  });

  it('gives an item whose link carries a user name or password no link', () => {
    const feed = jsonFeed(
      'Blog',
      { url: 'https://www.bank.com@evil.example/post' },
      { url: 'https://blog.example.com/@writer/post' },
    );
    expect(feed.items.map((item) => item.url)).toEqual([
      null,
      'https://blog.example.com/@writer/post',
    ]);
  });

  it('keeps the no-break space a French title sets before its marks', () => {
    const feed = jsonFeed('Le Journal', { title: 'Grève\u00a0: le trafic reprend' });
    expect(feed.items[0]?.title).toBe('Grève\u00a0: le trafic reprend');
  });

  it("resolves an Atom feed's relative links against its xml:base, the feed's and an entry's", () => {
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://www.example.org/blog/">
  <title>Rail</title><id>urn:r</id><updated>2026-12-02T00:00:00Z</updated>
  <entry><title>One</title><id>urn:e:1</id><link href="posts/night-trains"/>
    <updated>2026-12-02T00:00:00Z</updated></entry>
  <entry xml:base="../other/"><title>Two</title><id>urn:e:2</id><link href="bold"/>
    <updated>2026-12-01T00:00:00Z</updated></entry>
  <entry xml:base="javascript:alert(1)//"><title>Three</title><id>urn:e:3</id><link href="three"/>
    <updated>2026-12-01T00:00:00Z</updated></entry>
</feed>`,
    );
    expect(feed.items.map((item) => item.url)).toEqual([
      'https://www.example.org/blog/posts/night-trains',
      'https://www.example.org/other/bold',
      'https://www.example.org/blog/three',
    ]);
  });
  it('drops the HTML markup of a title (Atom type="html" and "xhtml", RSS), keeping a literal <T>', () => {
    const atom = parseFeed(
      BASE,
      `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">The &lt;i&gt;Rail&lt;/i&gt; Blog</title>
  <id>urn:r</id><updated>2026-12-02T00:00:00Z</updated>
  <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Night trains <em>return</em></div></title>
    <id>urn:e:1</id><updated>2026-12-02T00:00:00Z</updated></entry>
  <entry><title type="html">Fares &lt;b&gt;fall&lt;/b&gt;&lt;br/&gt; again</title><id>urn:e:2</id>
    <updated>2026-12-01T00:00:00Z</updated></entry>
  <entry><title>Using Array&lt;T&gt; in TypeScript</title><id>urn:e:3</id>
    <updated>2026-12-01T00:00:00Z</updated></entry>
</feed>`,
    );
    expect(atom.title).toBe('The Rail Blog');
    expect(atom.items.map((item) => item.title)).toEqual([
      'Night trains return',
      'Fares fall again',
      'Using Array<T> in TypeScript',
    ]);
    const rss = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0"><channel><title>News</title><link>https://blog.example.com/</link>
  <description>d</description>
  <item><title><![CDATA[<span class="x">Bridge</span> reopens]]></title><guid>a</guid></item>
</channel></rss>`,
    );
    expect(rss.items[0]?.title).toBe('Bridge reopens');
  });
  it('takes an RSS guid that is a permalink (isPermaLink not "false") as the link of an item without one', () => {
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0"><channel><title>News</title><link>https://blog.example.com/</link>
  <description>d</description>
  <item><title>Permalink</title><guid>https://blog.example.com/posts/1</guid></item>
  <item><title>Not a permalink</title><guid isPermaLink="false">https://blog.example.com/?p=2</guid></item>
  <item><title>Not a URL</title><guid>urn:post:3</guid></item>
  <item><title>A bare id</title><guid>post-4</guid></item>
</channel></rss>`,
    );
    expect(feed.items.map((item) => item.url)).toEqual([
      'https://blog.example.com/posts/1',
      null,
      null,
      null,
    ]);
  });
  it('reads RFC 822 dates with the time zone names feeds use beyond the RFC (CEST, BST, AEDT)', () => {
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0"><channel><title>News</title><link>https://blog.example.com/</link>
  <description>d</description>
  <item><title>a</title><guid>a</guid><pubDate>Mon, 30 Nov 2026 09:00:00 CEST</pubDate></item>
  <item><title>b</title><guid>b</guid><pubDate>Mon, 30 Nov 2026 09:00:00 cet</pubDate></item>
  <item><title>c</title><guid>c</guid><pubDate>Mon, 30 Nov 2026 09:00:00 BST</pubDate></item>
  <item><title>d</title><guid>d</guid><pubDate>Tue, 01 Dec 2026 09:00:00 AEDT</pubDate></item>
  <item><title>e</title><guid>e</guid><pubDate>Mon, 30 Nov 2026 09:00:00 EST</pubDate></item>
  <item><title>f</title><guid>f</guid><pubDate>Mon, 30 Nov 2026 09:00:00 IST</pubDate></item>
  <item><title>g</title><guid>g</guid><pubDate>sometime last week</pubDate></item>
</channel></rss>`,
    );
    expect(feed.items.map((item) => item.published)).toEqual([
      '2026-11-30T07:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
      '2026-11-30T22:00:00.000Z',
      '2026-11-30T14:00:00.000Z',
      // IST is India's, Ireland's or Israel's: unreadable rather than guessed.
      null,
      null,
    ]);
  });
  it('dates an RSS 1.0 (RDF) item, or an RSS 2.0 item without a pubDate, by its dc:date', () => {
    const dc = 'xmlns:dc="http://purl.org/dc/elements/1.1/"';
    const rss1 = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" ${dc}>
  <channel rdf:about="https://blog.example.com/"><title>News</title><link>https://blog.example.com/</link><description>d</description></channel>
  <item rdf:about="https://blog.example.com/1"><title>One</title><link>https://blog.example.com/1</link>
    <dc:date>2026-12-01T10:00:00+01:00</dc:date></item>
</rdf:RDF>`,
    );
    const rss2 = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0" ${dc}><channel><title>News</title><link>https://blog.example.com/</link>
  <description>d</description>
  <item><title>a</title><guid>a</guid><dc:date>2026-11-30T08:00:00Z</dc:date></item>
  <item><title>b</title><guid>b</guid><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>
    <dc:date>2026-11-30T08:00:00Z</dc:date></item>
</channel></rss>`,
    );
    expect(rss1.items.map((item) => item.published)).toEqual(['2026-12-01T09:00:00.000Z']);
    expect(rss2.items.map((item) => item.published)).toEqual([
      '2026-11-30T08:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
    ]);
  });
  it("reads a video's description (Media RSS: YouTube's channel feeds) as the text of an entry that has no other", () => {
    const media = 'xmlns:media="http://search.yahoo.com/mrss/"';
    const youtube = parseFeed(
      'https://www.youtube.com/feeds/videos.xml?channel_id=UC1',
      `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" ${media} xmlns="http://www.w3.org/2005/Atom">
  <id>yt:channel:UC1</id><title>Town Hall</title>
  <entry><id>yt:video:abc</id><yt:videoId>abc</yt:videoId><title>Council meeting, 1 December</title>
    <link rel="alternate" href="https://www.youtube.com/watch?v=abc"/>
    <published>2026-12-01T10:00:00+00:00</published>
    <media:group><media:title>Council meeting, 1 December</media:title>
      <media:description>The council approved the bridge repairs.</media:description></media:group></entry>
  <entry><id>yt:video:def</id><title>With a summary</title>
    <link rel="alternate" href="https://www.youtube.com/watch?v=def"/>
    <published>2026-11-30T10:00:00+00:00</published><summary>The summary.</summary>
    <media:group><media:description>The description.</media:description></media:group></entry>
</feed>`,
    );
    const rss = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0" ${media}><channel><title>Clips</title><link>https://blog.example.com/</link>
  <description>d</description>
  <item><title>a</title><guid>a</guid><media:description>The item's own.</media:description></item>
  <item><title>b</title><guid>b</guid>
    <media:group><media:description>The group's.</media:description></media:group></item>
  <item><title>c</title><guid>c</guid><description>The description.</description>
    <media:description>Not this.</media:description></item>
</channel></rss>`,
    );
    expect(youtube.items.map((item) => item.content)).toEqual([
      'The council approved the bridge repairs.',
      'The summary.',
    ]);
    expect(rss.items.map((item) => item.content)).toEqual([
      "The item's own.",
      "The group's.",
      'The description.',
    ]);
  });
  it("marks the link of an item to the feed's home page, or to a page items of other titles link to, as not its own page", () => {
    const rss = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour Pod</title><link>https://pod.example.com</link>
  <description>d</description>
  <item><title>Episode 3</title><link>https://pod.example.com/</link><guid isPermaLink="false">ep-3</guid></item>
  <item><title>Episode 2</title><link>https://pod.example.com/episodes</link><guid isPermaLink="false">ep-2</guid></item>
  <item><title>Episode 1</title><link>https://pod.example.com/episodes#ep-1</link><guid isPermaLink="false">ep-1</guid></item>
  <item><title>Bridge reopens</title><link>https://pod.example.com/bridge</link><guid>urn:b2</guid></item>
  <item><title>Bridge reopens</title><link>https://pod.example.com/bridge</link><guid>urn:b1</guid></item>
  <item><title>Ferry fares</title><link>https://pod.example.com/ferry</link><guid>urn:f</guid></item>
</channel></rss>`,
    );
    expect(rss.items.map((item) => [item.id, item.url, item.sharedLink ?? false])).toEqual([
      ['ep-3', 'https://pod.example.com/', true],
      ['ep-2', 'https://pod.example.com/episodes', true],
      ['ep-1', 'https://pod.example.com/episodes#ep-1', true],
      // One post listed twice under two ids: still its page, and the digest takes it once.
      ['urn:b2', 'https://pod.example.com/bridge', false],
      ['urn:b1', 'https://pod.example.com/bridge', false],
      ['urn:f', 'https://pod.example.com/ferry', false],
    ]);
    const atom = parseFeed(
      BASE,
      `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Pod</title><id>urn:p</id>
  <link rel="self" href="https://pod.example.com/feed"/><link href="https://pod.example.com/"/>
  <updated>2026-12-02T00:00:00Z</updated>
  <entry><title>One</title><id>urn:e:1</id><link href="https://pod.example.com/"/>
    <updated>2026-12-02T00:00:00Z</updated></entry>
</feed>`,
    );
    const json = parseFeed(
      BASE,
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Pod',
        home_page_url: 'https://pod.example.com/',
        items: [{ id: '1', url: 'https://pod.example.com/', content_text: 'Notes' }],
      }),
    );
    expect([atom.items[0]?.sharedLink, json.items[0]?.sharedLink]).toEqual([true, true]);
  });
  it('takes items of two titles with one link and the same text for one post re-issued under a new title, never podcast episodes with their own audio', () => {
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Blog</title><link>https://blog.example.com/</link>
  <description>d</description>
  <item><title>Night trains return to the Alps</title><link>https://blog.example.com/night-trains</link>
    <guid>urn:t2</guid><description>The first sleeper in twenty years leaves  Zurich on Sunday.</description></item>
  <item><title>Night trains are back</title><link>https://blog.example.com/night-trains</link>
    <guid>urn:t1</guid><description>The first sleeper in twenty years leaves Zurich on Sunday.
    </description></item>
  <item><title>Episode 2</title><link>https://blog.example.com/episodes</link><guid>urn:e2</guid>
    <description>A new episode of Harbour Pod.</description>
    <enclosure url="https://cdn.example.com/e2.mp3" length="1" type="audio/mpeg"/></item>
  <item><title>Episode 1</title><link>https://blog.example.com/episodes</link><guid>urn:e1</guid>
    <description>A new episode of Harbour Pod.</description>
    <enclosure url="https://cdn.example.com/e1.mp3" length="1" type="audio/mpeg"/></item>
  <item><title>v2.1</title><link>https://blog.example.com/changelog</link><guid>urn:v21</guid>
    <description>Faster exports.</description></item>
  <item><title>v2.0</title><link>https://blog.example.com/changelog</link><guid>urn:v20</guid>
    <description>Dark mode.</description></item>
  <item><title>Update</title><link>https://blog.example.com/news</link><guid>urn:n2</guid></item>
  <item><title>Notice</title><link>https://blog.example.com/news</link><guid>urn:n1</guid></item>
</channel></rss>`,
    );
    expect(feed.items.map((item) => [item.id, item.sharedLink ?? false])).toEqual([
      // One post re-issued: still its page, and the digest takes it once.
      ['urn:t2', false],
      ['urn:t1', false],
      // Episodes, releases and notices of one page: each its own, whatever their text.
      ['urn:e2', true],
      ['urn:e1', true],
      ['urn:v21', true],
      ['urn:v20', true],
      ['urn:n2', true],
      ['urn:n1', true],
    ]);
  });
  it("takes a re-issued post for one whatever enclosure it carries, when both listings carry the same (Substack's cover image)", () => {
    const listing = (title: string, guid: string, image: string) => `
  <item><title>${title}</title><link>https://x.example.com/p/rail</link><guid isPermaLink="false">${guid}</guid>
    <description>The rail strike ends on Friday.</description>
    <enclosure url="https://cdn.example.com/${image}.jpg" length="0" type="image/jpeg"/></item>`;
    const feed = (items: string) =>
      parseFeed(
        BASE,
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Stack</title><link>https://x.example.com</link>${items}</channel></rss>`,
      ).items.map((item) => item.sharedLink ?? false);
    expect(
      feed(listing('Rail strike ends', 'b', 'cover') + listing('Strike to end', 'a', 'cover')),
    ).toEqual([false, false]);
    // Their own media apart (two episodes with one blurb): two items of one page.
    expect(
      feed(listing('Rail strike ends', 'b', 'one') + listing('Strike to end', 'a', 'two')),
    ).toEqual([true, true]);
  });
  it('takes items of two titles with one link and one date for one post re-issued with a new title and text, unless their media differ', () => {
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Blog</title><link>https://blog.example.com/</link><description>d</description>
  <item><title>Ferry fares frozen</title><link>https://blog.example.com/ferry</link><guid>urn:f2</guid>
    <pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><description>Fares stay at 2025 prices, the council said.</description></item>
  <item><title>Ferry fares to stay</title><link>https://blog.example.com/ferry</link><guid>urn:f1</guid>
    <pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><description>The council froze fares.</description></item>
  <item><title>Episode 2</title><link>https://blog.example.com/episodes</link><guid>urn:e2</guid>
    <pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>
    <enclosure url="https://cdn.example.com/e2.mp3" length="1" type="audio/mpeg"/></item>
  <item><title>Episode 1</title><link>https://blog.example.com/episodes</link><guid>urn:e1</guid>
    <pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>
    <enclosure url="https://cdn.example.com/e1.mp3" length="1" type="audio/mpeg"/></item>
  <item><title>Road closed</title><link>https://blog.example.com/news</link><guid>urn:n2</guid>
    <pubDate>Wed, 02 Dec 2026 10:00:00 GMT</pubDate><description>The A9 is closed.</description></item>
  <item><title>Library hours</title><link>https://blog.example.com/news</link><guid>urn:n1</guid>
    <pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><description>The library opens later.</description></item>
</channel></rss>`,
    );
    expect(feed.items.map((item) => item.sharedLink ?? false)).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });
  it("knows the feed's home page written with or without www. and over http or https", () => {
    // A new show's one episode linking to its home page as the channel does not write it: the
    // home page was read as the episode's article.
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Pod</title><link>http://www.pod.example.com</link><description>d</description>
  <item><title>Episode 1</title><link>https://pod.example.com/</link><guid isPermaLink="false">ep-1</guid></item>
  <item><title>Show notes</title><link>https://pod.example.com/notes</link><guid isPermaLink="false">n</guid></item>
  <item><title>Sister show</title><link>https://www.pod.example.org/</link><guid isPermaLink="false">s</guid></item>
</channel></rss>`,
    );
    expect(feed.items.map((item) => item.sharedLink ?? false)).toEqual([true, false, false]);
  });
  it("reads a date without a zone as UTC, whatever the machine's time zone", () => {
    const written = [
      'Tue, 01 Dec 2026 10:00:00',
      'Tue, 01 Dec 2026 10:00',
      '2026-12-01T10:00:00',
      '2026-12-01 10:00:00.000',
      'Tue, 01 Dec 2026 10:00:00 -0500',
      '2026-12-01T10:00:00+01:00',
    ];
    const expected = [
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T15:00:00.000Z',
      '2026-12-01T09:00:00.000Z',
    ];
    expect(pubDatesOn('America/New_York', written)).toEqual(expected);
    expect(pubDatesOn('Asia/Tokyo', written)).toEqual(expected);
  });
  it('reads a date of any other shape without a zone as UTC too, and one with a zone in it', () => {
    const written = [
      'Tue, 01 Dec 2026',
      'December 1, 2026',
      'Dec 01, 2026 10:00 AM',
      '2026/12/01 22:00',
      '2026-12-01',
      'Dec 01, 2026 10:00 AM PST',
      'Tue, 01 Dec 2026 10:00:00 GMT+2',
      'Tue, 01 Dec 2026 10:00:00 +0200 (CEST)',
      'Tue, 01 Dec 2026 10:00:00 Z',
      '2026-12-01 10:00:00 -0500',
    ];
    const expected = [
      '2026-12-01T00:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T22:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
      '2026-12-01T18:00:00.000Z',
      '2026-12-01T08:00:00.000Z',
      '2026-12-01T08:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T15:00:00.000Z',
    ];
    expect(pubDatesOn('America/New_York', written)).toEqual(expected);
    expect(pubDatesOn('Asia/Tokyo', written)).toEqual(expected);
  });
  it("links an Atom entry to its HTML alternate among others, and never to the feed's own machine links", () => {
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Papers</title><id>urn:p</id>
  <updated>2026-12-02T00:00:00Z</updated>
  <entry><title>One</title><id>urn:e:1</id>
    <link rel="alternate" type="application/pdf" href="https://blog.example.com/1.pdf"/>
    <link rel="alternate" type="text/html" href="https://blog.example.com/1"/>
    <updated>2026-12-02T00:00:00Z</updated></entry>
  <entry><title>Two</title><id>urn:e:2</id>
    <link rel="replies" type="text/html" href="https://blog.example.com/2#comments"/>
    <link rel="edit" href="https://www.blogger.com/feeds/1/posts/default/2"/>
    <link rel="self" href="https://www.blogger.com/feeds/1/posts/default/2"/>
    <link rel="enclosure" type="audio/mpeg" href="https://cdn.example.com/2.mp3"/>
    <updated>2026-12-01T00:00:00Z</updated><content>Text.</content></entry>
  <entry><title>Three</title><id>urn:e:3</id>
    <link rel="self" href="https://blog.example.com/feeds/3"/>
    <link rel="related" href="https://news.example.org/3"/>
    <updated>2026-12-01T00:00:00Z</updated></entry>
  <entry><title>Four</title><id>urn:e:4</id>
    <link rel="alternate" type="application/pdf" href="https://blog.example.com/4.pdf"/>
    <updated>2026-12-01T00:00:00Z</updated></entry>
</feed>`,
    );
    expect(feed.items.map((item) => item.url)).toEqual([
      'https://blog.example.com/1',
      null,
      'https://news.example.org/3',
      'https://blog.example.com/4.pdf',
    ]);
  });
  it('identifies an item without a guid whose link other items share by its title, not by that link', () => {
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="0.92"><channel><title>Harbour Pod</title><link>https://pod.example.com/</link>
  <description>d</description>
  <item><title>Episode 2</title><link>https://pod.example.com/</link><description>Two</description></item>
  <item><title>Episode 1</title><link>https://pod.example.com/</link><description>One</description></item>
  <item><title>Ferry fares</title><link>https://pod.example.com/ferry</link></item>
</channel></rss>`,
    );
    expect(feed.items.map((item) => item.id)).toEqual([
      'Episode 2',
      'Episode 1',
      'https://pod.example.com/ferry',
    ]);
  });
  it('identifies items that share one guid but link to pages of their own by their links, and keeps a repeated guid of one page', () => {
    // A site template writing one guid for every item: by it, only the first was ever new.
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Town</title><link>https://town.example.com/</link>
  <description>d</description>
  <item><title>Bridge</title><link>https://town.example.com/bridge</link><guid isPermaLink="false">post</guid></item>
  <item><title>Library</title><link>https://town.example.com/library</link><guid isPermaLink="false">post</guid></item>
  <item><title>Ferry (corrected)</title><link>https://town.example.com/ferry#v2</link><guid>ep-7</guid></item>
  <item><title>Ferry</title><link>http://www.town.example.com/ferry/</link><guid>ep-7</guid></item>
  <item><title>Ep 9</title><link>https://town.example.com/</link><guid>ep-9</guid></item>
  <item><title>Ep 9 (re-upload)</title><link>https://town.example.com/</link><guid>ep-9</guid></item>
</channel></rss>`,
    );
    expect(feed.items.map((item) => item.id)).toEqual([
      'https://town.example.com/bridge',
      'https://town.example.com/library',
      'ep-7',
      'ep-7',
      'ep-9',
      'ep-9',
    ]);
  });
  it('reads RFC 822 dates written with month and weekday names of another language (Dez, déc., lug, mei)', () => {
    const feed = parseFeed(
      BASE,
      `<?xml version="1.0"?>
<rss version="2.0"><channel><title>News</title><link>https://blog.example.com/</link>
  <description>d</description>
  <item><title>0</title><guid>0</guid><pubDate>Di, 01 Dez 2026 10:00:00 +0100</pubDate></item>
  <item><title>1</title><guid>1</guid><pubDate>mar., 01 déc. 2026 10:00:00 +0100</pubDate></item>
  <item><title>2</title><guid>2</guid><pubDate>Mié, 04 Mar 2026 10:00:00 +0100</pubDate></item>
  <item><title>3</title><guid>3</guid><pubDate>gio, 02 lug 2026 10:00:00 +0200</pubDate></item>
  <item><title>4</title><guid>4</guid><pubDate>za, 01 mei 2027 10:00:00 +0200</pubDate></item>
  <item><title>5</title><guid>5</guid><pubDate>sáb, 01 ago 2026 10:00:00 -0300</pubDate></item>
  <item><title>6</title><guid>6</guid><pubDate>Mittwoch, 11 Februar 2026 10:00:00 +0100</pubDate></item>
  <item><title>7</title><guid>7</guid><pubDate>jeu., 02 juil. 2026 10:00:00 +0200</pubDate></item>
  <item><title>8</title><guid>8</guid><pubDate>jeu., 02 juin 2026 10:00:00 +0200</pubDate></item>
  <item><title>9</title><guid>9</guid><pubDate>Tue, 01 Dec 2026 10:00:00 +0100</pubDate></item>
  <item><title>10</title><guid>10</guid><pubDate>Di, 01 Xyz 2026 10:00:00 +0100</pubDate></item>
</channel></rss>`,
    );
    expect(feed.items.map((item) => item.published)).toEqual([
      '2026-12-01T09:00:00.000Z',
      '2026-12-01T09:00:00.000Z',
      '2026-03-04T09:00:00.000Z',
      '2026-07-02T08:00:00.000Z',
      '2027-05-01T08:00:00.000Z',
      '2026-08-01T13:00:00.000Z',
      '2026-02-11T09:00:00.000Z',
      '2026-07-02T08:00:00.000Z',
      '2026-06-02T08:00:00.000Z',
      '2026-12-01T09:00:00.000Z',
      null,
    ]);
  });
  it.each([
    ['an object', { '1': { id: '1', content_text: 'x' } }, 'an object'],
    ['a string', 'none', 'a string'],
    ['missing', undefined, 'missing'],
  ])(
    'refuses a JSON Feed whose "items" is %s, naming the feed and what it holds',
    (_, items, holds) => {
      const source = JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'T',
        items,
      });
      expect(() => parseFeed(BASE, source)).toThrow(FetchError);
      expect(() => parseFeed(BASE, source)).toThrow(
        `https://blog.example.com/feed: is a JSON Feed whose "items" is ${holds}, not a list of items; its items cannot be read`,
      );
    },
  );
  it('says a feed declaring an external entity is refused because such entities are never read', () => {
    const source = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY notes SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>T</title><item><title>&notes;</title><guid>a</guid></item></channel></rss>`;
    expect(() => parseFeed(BASE, source)).toThrow(
      'https://blog.example.com/feed: declares an external entity (<!ENTITY notes SYSTEM …>), which is never read (it would fetch a file or another address): the feed must carry its text itself',
    );
    // A hostile body of unclosed declarations is answered at once.
    expect(() => parseFeed(BASE, '<!ENTITY a SYSTEM'.repeat(60_000))).toThrow(FetchError);
  });
  it('names the feed an HTML page links to when the page is given instead of its feed', () => {
    const page = `<!doctype html><html><head><title>Blog</title>
<link rel="stylesheet" href="/style.css">
<link type="application/rss+xml" title="Blog &raquo; Feed" rel="alternate" href="/feed/">
</head><body>Not a feed</body></html>`;
    expect(() => parseFeed(BASE, page)).toThrow(
      'https://blog.example.com/feed: is not an RSS, Atom or JSON feed but an HTML page; its feed is https://blog.example.com/feed/: give that URL',
    );
    expect(() => parseFeed(BASE, '<!DOCTYPE html><html><body>Home</body></html>')).toThrow(
      'https://blog.example.com/feed: is not an RSS, Atom or JSON feed but an HTML page that names no feed; check the URL points at the feed itself',
    );
  });

  it('says a body that is empty is empty, and an XHTML page (an XML declaration first) is a page', () => {
    for (const empty of ['', '\n  \n']) {
      expect(() => parseFeed(BASE, empty)).toThrow(
        'https://blog.example.com/feed: answered with an empty body, no feed; the server sent nothing to read',
      );
    }
    const xhtml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Blog</title>
<link rel="alternate" type="application/atom+xml" href="/atom.xml" /></head><body>Blog</body></html>`;
    expect(() => parseFeed(BASE, xhtml)).toThrow(
      'is not an RSS, Atom or JSON feed but an HTML page; its feed is https://blog.example.com/atom.xml: give that URL',
    );
  });

  it("reads an HTML page's <link> tags at once when many '<link' are left without a '>'", () => {
    // Each '<link' read on to the end of the page looking for its '>': 300 KB of them took 34 s.
    const page = `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>${'<link'.repeat(60_000)}`;
    expect(() => parseFeed(BASE, page)).toThrow(
      'is not an RSS, Atom or JSON feed but an HTML page; its feed is https://blog.example.com/feed/: give that URL',
    );
  });

  it('reads a body of many comments before its text as no HTML page, and answers at once', () => {
    // Each comment ends at its first "-->": read as spanning the next ones too, the 60 comments
    // made the page test try every way to group them (2^59) before the feed error was thrown.
    const source = `${'<!-- cached -->'.repeat(60)}Service unavailable`;
    expect(() => parseFeed(BASE, source)).toThrow(
      /^https:\/\/blog\.example\.com\/feed: is not an RSS, Atom or JSON feed \(/,
    );
    expect(() =>
      parseFeed(BASE, `${'<!-- a -- b --->'.repeat(3)}\n<!doctype html><html></html>`),
    ).toThrow('is not an RSS, Atom or JSON feed but an HTML page that names no feed');
  });
});

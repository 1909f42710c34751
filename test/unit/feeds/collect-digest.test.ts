import { describe, expect, it } from 'vitest';
import { collectDigest, saveFeedStates } from '../../../lambda/core/feeds/collect-digest';
import { draftDigest } from '../../../lambda/core/feeds/digest-issue';
import type { FeedState, FeedStateStore, WebClient } from '../../../lambda/core/feeds/types';
import { createFakeClock } from '../../support/fakes';
import { articlePage, type FixtureItem, rssFeed } from '../../support/feed-fixtures';

const BASE = 'https://news.example.com';

/**
 * The web as a table of pages: the feeds' and the articles', nothing else answers. An address
 * `moved` redirects to the page it names.
 */
function fakeWeb(
  pages: Map<string, string>,
  moved = new Map<string, string>(),
): WebClient & { asked: string[] } {
  const asked: string[] = [];
  const web = async (asking: string) => {
    asked.push(asking);
    const url = moved.get(asking) ?? asking;
    const body = pages.get(url);
    if (body === undefined) throw new Error(`no page at ${url} in this test`);
    return {
      status: 'ok' as const,
      url,
      contentType: url.endsWith('.xml') ? 'application/rss+xml' : 'text/html',
      body: new TextEncoder().encode(body),
      etag: '"same"',
    };
  };
  return Object.assign(web, { asked });
}

function memoryStates(): FeedStateStore & { rows: Map<string, FeedState> } {
  const rows = new Map<string, FeedState>();
  return {
    rows,
    get: async (url) => rows.get(url),
    put: async (state) => void rows.set(state.feedUrl, state),
  };
}

const day = (n: number) => `2026-12-0${n}T09:00:00Z`;
const item = (id: string, published: string): FixtureItem => ({
  id,
  title: `Story ${id}`,
  link: `/${id}`,
  published,
});

/**
 * One site with two feeds; each item's page is an article about it, unless its link is `moved`
 * (a redirect to another item's page).
 */
function world(feeds: Record<string, FixtureItem[]>, moved = new Map<string, string>()) {
  const pages = new Map<string, string>();
  for (const [name, items] of Object.entries(feeds)) {
    pages.set(`${BASE}/${name}.xml`, rssFeed(BASE, name, items));
    for (const entry of items) {
      pages.set(new URL(entry.link, BASE).href, articlePage(entry.title, `topic ${entry.id}`));
    }
  }
  const web = fakeWeb(pages, moved);
  const states = memoryStates();
  const deps = { web, states, clock: createFakeClock(Date.parse('2026-12-10T00:00:00Z')) };
  /** One run: collect, then remember what was collected (as compose does once it is planned). */
  /** Remembers every feed as read once before, when it listed nothing: all it lists now is new. */
  const readBefore = async () => {
    for (const name of Object.keys(feeds)) {
      await states.put({ feedUrl: `${BASE}/${name}.xml`, seen: [], checkedAt: day(1) });
    }
  };
  const run = async (maxArticles: number, sent = (n: number) => n, publishedUntil?: string) => {
    const collected = await collectDigest(deps, {
      feeds: Object.keys(feeds).map((name) => `${BASE}/${name}.xml`),
      maxArticles,
      publishedUntil,
    });
    const kept = collected.entries.slice(0, sent(collected.entries.length));
    await saveFeedStates(states, collected.statesAfter(kept));
    const { leftOut, datedLater } = collected;
    return { ids: collected.entries.map((entry) => entry.item.id), leftOut, datedLater };
  };
  return { run, web, states, pages, deps, readBefore };
}

describe('collecting a digest larger than maxArticles', () => {
  it('takes the oldest new items first and lists them in feed order', async () => {
    const { run } = world({
      gazette: [item('g3', day(5)), item('g2', day(3)), item('g1', day(1))],
      herald: [item('h2', day(4)), item('h1', day(2))],
    });
    expect(await run(3)).toEqual({ ids: ['g2', 'g1', 'h1'], leftOut: 2, datedLater: 0 });
  });

  it('puts an article listed twice (two ids, one link; or in two feeds) in the digest once', async () => {
    const { run } = world({
      gazette: [{ ...item('g2', day(3)), link: '/bridge' }, item('g1', day(1))],
      herald: [{ ...item('h1', day(2)), link: '/bridge' }],
    });
    expect(await run(5)).toEqual({ ids: ['g1', 'h1'], leftOut: 0, datedLater: 0 });
    expect(await run(5)).toEqual({ ids: [], leftOut: 0, datedLater: 0 });
  });

  it("knows an article listed twice by its links' tracking parameters (utm_*), fragment or http/https, and keeps other queries apart", async () => {
    const { run } = world({
      gazette: [
        { ...item('g3', day(3)), link: '/story?id=8' },
        { ...item('g2', day(2)), link: '/bridge?utm_source=gazette&utm_medium=rss' },
        { ...item('g1', day(1)), link: '/story?id=7&utm_campaign=weekly' },
      ],
      herald: [
        { ...item('h2', day(5)), link: 'http://news.example.com/story?utm_source=herald&id=7' },
        { ...item('h1', day(4)), link: 'http://news.example.com/bridge?utm_source=herald#more' },
      ],
    });
    expect(await run(5)).toEqual({ ids: ['g3', 'g2', 'g1'], leftOut: 0, datedLater: 0 });
    expect(await run(5)).toEqual({ ids: [], leftOut: 0, datedLater: 0 });
  });

  it("knows an article two feeds tag as theirs (Medium's source=rss-…, ref=rss, Mailchimp's mc_cid) as one, and keeps a source that names a page apart", async () => {
    const { run } = world({
      author: [
        { ...item('a3', day(3)), link: '/@ana/night-trains-1a2b?source=rss-9f8e------2' },
        { ...item('a2', day(2)), link: '/report?ref=rss&id=4' },
        { ...item('a1', day(1)), link: '/list?source=archive' },
      ],
      publication: [
        { ...item('p3', day(6)), link: '/@ana/night-trains-1a2b?source=rss----7c6d---4' },
        { ...item('p2', day(5)), link: '/report?id=4&mc_cid=abc&mc_eid=def&fbclid=x' },
        { ...item('p1', day(4)), link: '/list?source=shop' },
      ],
    });
    expect(await run(5)).toEqual({ ids: ['a3', 'a2', 'a1', 'p1'], leftOut: 0, datedLater: 0 });
  });

  it('knows an article two feeds link with and without www. or a slash at the end as one, and keeps other paths apart', async () => {
    const { run } = world({
      gazette: [
        { ...item('g3', day(3)), link: '/bridge/' },
        { ...item('g2', day(2)), link: '/ferry' },
        { ...item('g1', day(1)), link: '/ferry/fares' },
      ],
      planet: [
        { ...item('p2', day(5)), link: 'https://www.news.example.com/bridge' },
        { ...item('p1', day(4)), link: 'https://www.news.example.com/ferry/' },
      ],
    });
    expect(await run(5)).toEqual({ ids: ['g3', 'g2', 'g1'], leftOut: 0, datedLater: 0 });
  });

  it("reads each episode of a podcast whose items all link to the show's home page from its own notes", async () => {
    const notes = (n: string) =>
      `In episode ${n} the harbour master explains the new ferry timetable, the winter storms and the council's plan to turn the old fish market into a covered food hall.`;
    const episode = (n: string, published: string) => ({
      ...item(n, published),
      link: '/',
      description: notes(n),
    });
    const { run, web } = world({
      pod: [episode('e3', day(3)), episode('e2', day(2)), episode('e1', day(1))],
    });
    expect(await run(5)).toEqual({ ids: ['e3', 'e2', 'e1'], leftOut: 0, datedLater: 0 });
    // The show's home page is not read for any of them: its text is no episode's.
    expect(web.asked).toEqual([`${BASE}/pod.xml`]);
  });

  it('puts a post re-issued under a new title while its first listing is still in the feed in the digest once', async () => {
    const lead = 'The council approved the bridge repairs on Monday after a year of delays.';
    const { run, web } = world({
      gazette: [
        {
          ...item('g3', day(3)),
          title: 'Bridge repairs approved',
          link: '/bridge',
          description: lead,
        },
        {
          ...item('g2', day(2)),
          title: 'Council backs bridge plan',
          link: '/bridge',
          description: lead,
        },
        item('g1', day(1)),
      ],
    });
    expect(await run(5)).toEqual({ ids: ['g2', 'g1'], leftOut: 0, datedLater: 0 });
    expect(web.asked.filter((url) => url.endsWith('/bridge'))).toHaveLength(1);
    expect(await run(5)).toEqual({ ids: [], leftOut: 0, datedLater: 0 });
  });

  it('knows an article two feeds link to, one through an address that redirects to it (a shortlink), as one', async () => {
    const { run, web, pages } = world(
      {
        gazette: [{ ...item('g1', day(1)), link: '/2026/12/bridge' }],
        herald: [{ ...item('h1', day(2)), link: '/?p=7' }],
      },
      new Map([[`${BASE}/?p=7`, `${BASE}/2026/12/bridge`]]),
    );
    expect(await run(5)).toEqual({ ids: ['g1'], leftOut: 0, datedLater: 0 });
    // A later listing of the shortlink, under a new id, is the article an earlier digest sent.
    pages.set(
      `${BASE}/herald.xml`,
      rssFeed(BASE, 'herald', [{ ...item('h2', day(3)), link: '/?p=7' }]),
    );
    expect(await run(5)).toEqual({ ids: [], leftOut: 0, datedLater: 0 });
    expect(web.asked.filter((url) => url === `${BASE}/?p=7`)).toHaveLength(2);
  });

  it("reads an item whose link now redirects to the site's home page (a deleted post) from its feed text, never from that page", async () => {
    const moved = new Map([
      [`${BASE}/2026/12/gone`, `${BASE}/`],
      [`${BASE}/2026/12/also-gone`, `${BASE}/`],
      // A post moved to a new address is read there.
      [`${BASE}/ferry`, `${BASE}/2026/12/ferry-fares`],
    ]);
    const lead =
      'The council approved the bridge repairs on Monday after a year of delays and two public meetings in the library hall.';
    const { deps, pages } = world(
      {
        gazette: [
          { ...item('g2', day(2)), link: '/2026/12/also-gone' },
          { ...item('g1', day(1)), link: '/2026/12/gone', description: lead },
          { ...item('g0', day(1)), link: '/ferry' },
        ],
      },
      moved,
    );
    pages.set(`${BASE}/`, articlePage('Gazette home', 'front page'));
    pages.set(`${BASE}/2026/12/ferry-fares`, articlePage('Ferry fares', 'ferry'));
    const collected = await collectDigest(deps, { feeds: [`${BASE}/gazette.xml`] });
    const [entry, ferry, ...others] = collected.entries;
    expect(others).toEqual([]);
    expect(ferry).toMatchObject({ from: 'page', item: { id: 'g0' } });
    expect(entry).toMatchObject({ from: 'feed', item: { id: 'g1' } });
    expect(entry?.pageProblem).toBe(
      `redirects to the site's home page (${BASE}/), not to an article`,
    );
    expect(collected.passedOver).toEqual([
      {
        url: `${BASE}/2026/12/also-gone`,
        reason: `redirects to the site's home page (${BASE}/), not to an article; has no text of its own in the feed`,
      },
    ]);
  });

  it('knows an article an earlier digest sent by the address it remembered before links were read without www. or a slash at the end', async () => {
    const { run, states } = world({ herald: [{ ...item('h1', day(4)), link: '/bridge' }] });
    // Remembered by a version that kept both.
    await states.put({
      feedUrl: `${BASE}/herald.xml`,
      seen: ['h0'],
      links: ['https://www.news.example.com/bridge/'],
      checkedAt: day(3),
    });
    expect(await run(5)).toEqual({ ids: [], leftOut: 0, datedLater: 0 });
  });

  it('passes over an article an earlier digest sent from another feed, and remembers it', async () => {
    const { run } = world({
      gazette: [{ ...item('g2', day(2)), link: '/bridge' }, item('g1', day(1))],
      herald: [
        { ...item('h2', day(5)), link: '/story?id=8' },
        { ...item('h1', day(4)), link: 'http://news.example.com/bridge?utm_source=herald' },
      ],
    });
    // The herald lists the bridge story two days after the gazette's digest sent it.
    expect(await run(5, (n) => n, day(3))).toEqual({
      ids: ['g2', 'g1'],
      leftOut: 0,
      datedLater: 2,
    });
    expect(await run(5)).toEqual({ ids: ['h2'], leftOut: 0, datedLater: 0 });
    expect(await run(5)).toEqual({ ids: [], leftOut: 0, datedLater: 0 });
  });

  it('carries the items left out to the next run, and then nothing is left', async () => {
    const { run } = world({
      gazette: [item('g3', day(5)), item('g2', day(3)), item('g1', day(1))],
      herald: [item('h2', day(4)), item('h1', day(2))],
    });
    await run(3);
    expect(await run(3)).toEqual({ ids: ['g3', 'h2'], leftOut: 0, datedLater: 0 });
    expect(await run(3)).toEqual({ ids: [], leftOut: 0, datedLater: 0 });
  });

  it('keeps the newest mark below what waits, and drops the validators until nothing waits', async () => {
    const { run, states, readBefore } = world({
      gazette: [item('g3', day(3)), item('g2', day(2)), item('g1', day(1))],
    });
    await readBefore();
    await run(2);
    expect(states.rows.get(`${BASE}/gazette.xml`)).toMatchObject({
      seen: ['g2', 'g1'],
      newest: '2026-12-02T09:00:00.000Z',
    });
    expect(states.rows.get(`${BASE}/gazette.xml`)?.etag).toBeUndefined();
    await run(2);
    expect(states.rows.get(`${BASE}/gazette.xml`)).toMatchObject({
      etag: '"same"',
      seen: ['g3', 'g2', 'g1'],
      newest: '2026-12-03T09:00:00.000Z',
    });
  });

  it('holds back items dated after publishedUntil (a retried run collects what its first attempt did); the next run takes them', async () => {
    const { run, states } = world({
      gazette: [item('g3', day(5)), item('g2', day(3)), item('g1', day(1))],
    });
    const scheduledAt = '2026-12-04T00:00:00Z';
    expect(await run(5, undefined, scheduledAt)).toEqual({
      ids: ['g2', 'g1'],
      leftOut: 0,
      datedLater: 1,
    });
    // Not remembered, and the feed is read in full next time rather than answered 304.
    expect(states.rows.get(`${BASE}/gazette.xml`)).toMatchObject({ seen: ['g2', 'g1'] });
    expect(states.rows.get(`${BASE}/gazette.xml`)?.etag).toBeUndefined();
    expect(await run(5, undefined, '2026-12-11T00:00:00Z')).toEqual({
      ids: ['g3'],
      leftOut: 0,
      datedLater: 0,
    });
  });

  it("holds back items dated after the clock's now when no publishedUntil is given (a local run), as a scheduled run does", async () => {
    // The clock reads 10 December; g3 is dated the 12th.
    const { run } = world({
      gazette: [item('g3', '2026-12-12T09:00:00Z'), item('g2', day(3)), item('g1', day(1))],
    });
    expect(await run(5)).toEqual({ ids: ['g2', 'g1'], leftOut: 0, datedLater: 1 });
  });

  it('reads no page of an item it leaves for the next run', async () => {
    const { run, web, readBefore } = world({ gazette: [item('g2', day(2)), item('g1', day(1))] });
    await readBefore();
    await run(1);
    expect(web.asked).toEqual([`${BASE}/gazette.xml`, `${BASE}/g1`]);
  });

  it('lets the entries the email could not hold (cut to fit) wait like the rest', async () => {
    const { run } = world({
      gazette: [item('g3', day(5)), item('g2', day(3)), item('g1', day(1))],
      herald: [item('h2', day(4)), item('h1', day(2))],
    });
    // The digest of g2, g1, h1 holds only its first article after fitting: g2.
    expect(await run(3, () => 1)).toEqual({ ids: ['g2', 'g1', 'h1'], leftOut: 2, datedLater: 0 });
    expect(await run(5)).toEqual({ ids: ['g3', 'g1', 'h2', 'h1'], leftOut: 0, datedLater: 0 });
  });
});

describe('a feed read for the first time', () => {
  it('sends only its newest maxArticles items and takes the older ones as read, never sending them', async () => {
    const { run, states, deps } = world({
      gazette: [item('g4', day(4)), item('g3', day(3)), item('g2', day(2)), item('g1', day(1))],
    });
    const collected = await collectDigest(deps, { feeds: [`${BASE}/gazette.xml`], maxArticles: 2 });
    expect(collected.entries.map((entry) => entry.item.id)).toEqual(['g4', 'g3']);
    expect(collected.leftOut).toBe(0);
    expect(collected.olderOnFirstRead).toEqual([{ url: `${BASE}/gazette.xml`, items: 2 }]);
    await saveFeedStates(states, collected.statesAfter(collected.entries));
    expect(states.rows.get(`${BASE}/gazette.xml`)).toMatchObject({
      seen: ['g4', 'g3', 'g2', 'g1'],
      newest: '2026-12-04T09:00:00.000Z',
    });
    expect(await run(2)).toEqual({ ids: [], leftOut: 0, datedLater: 0 });
  });

  it('lets what is dated after the run wait, and keeps the newest maxArticles of the rest', async () => {
    const { run, states } = world({
      gazette: [item('g4', day(8)), item('g3', day(3)), item('g2', day(2)), item('g1', day(1))],
    });
    expect(await run(2, undefined, day(5))).toEqual({
      ids: ['g3', 'g2'],
      leftOut: 0,
      datedLater: 1,
    });
    expect(states.rows.get(`${BASE}/gazette.xml`)?.seen).toEqual(['g3', 'g2', 'g1']);
    expect(await run(2, undefined, day(9))).toEqual({ ids: ['g4'], leftOut: 0, datedLater: 0 });
  });

  it('keeps the items listed first when they are undated (a feed lists its newest first)', async () => {
    const undated = (id: string): FixtureItem => ({ id, title: `Story ${id}`, link: `/${id}` });
    const { run } = world({ gazette: [undated('u3'), undated('u2'), undated('u1')] });
    expect(await run(2)).toEqual({ ids: ['u3', 'u2'], leftOut: 0, datedLater: 0 });
    expect(await run(2)).toEqual({ ids: [], leftOut: 0, datedLater: 0 });
  });

  it('still lets the items of a feed read before wait their turn beside it', async () => {
    const { run, states } = world({
      gazette: [item('g3', day(6)), item('g2', day(5)), item('g1', day(4))],
      herald: [item('h2', day(3)), item('h1', day(2))],
    });
    await states.put({ feedUrl: `${BASE}/herald.xml`, seen: [], checkedAt: day(1) });
    // The gazette is new: only g3 and g2 are; the herald's two are older and go first.
    expect(await run(2)).toEqual({ ids: ['h2', 'h1'], leftOut: 2, datedLater: 0 });
    expect(await run(2)).toEqual({ ids: ['g3', 'g2'], leftOut: 0, datedLater: 0 });
    expect(await run(2)).toEqual({ ids: [], leftOut: 0, datedLater: 0 });
  });
});

describe('an item with no title, on a page with none', () => {
  it('gets a digest heading a reader understands, not the query of its address', async () => {
    const feed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Gazette</title><link>${BASE}/</link><description>d</description>
  <item><link>${BASE}/?p=123</link><guid>p123</guid></item>
  <item><link>${BASE}/2026/12/night-trains-return/?utm_source=rss</link><guid>p124</guid></item>
</channel></rss>`;
    const untitled = (topic: string) =>
      articlePage('', topic).replace('<title></title>', '').replace('<h1></h1>', '');
    const web = fakeWeb(
      new Map([
        [`${BASE}/gazette.xml`, feed],
        [`${BASE}/?p=123`, untitled('bridge')],
        [`${BASE}/2026/12/night-trains-return/?utm_source=rss`, untitled('rail')],
      ]),
    );
    const deps = { web, states: memoryStates(), clock: createFakeClock(0) };
    const collected = await collectDigest(deps, { feeds: [`${BASE}/gazette.xml`] });
    const headings = draftDigest(collected.entries).articles.map((article) => article.title);
    expect(headings).toEqual([
      'The bridge project was approved on Monday after…',
      'Night trains return',
    ]);
  });
});

describe('a feed that redirects to another address', () => {
  it('reads its relative links from where the feed was found, and remembers it by the address given', async () => {
    // The address given moved to a blog host; the feed there writes links relative to itself.
    const given = 'https://example.com/feed';
    const found = `${BASE}/blog/feed.xml`;
    const feed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Gazette</title><link>./</link><description>d</description>
  <item><title>Bridge</title><link>/2026/12/bridge</link><guid>b1</guid></item>
  <item><title>Rail</title><link>rail</link><guid>r1</guid></item>
</channel></rss>`;
    const pages = new Map([
      [`${BASE}/2026/12/bridge`, articlePage('Bridge', 'bridge')],
      [`${BASE}/blog/rail`, articlePage('Rail', 'rail')],
    ]);
    const web: WebClient = async (url) => {
      const body = url === given ? feed : pages.get(url);
      if (body === undefined) throw new Error(`no page at ${url} in this test`);
      const contentType = url === given ? 'application/rss+xml' : 'text/html';
      const at = url === given ? found : url;
      return { status: 'ok', url: at, contentType, body: new TextEncoder().encode(body) };
    };
    const states = memoryStates();
    const collected = await collectDigest(
      { web, states, clock: createFakeClock(0) },
      { feeds: [given] },
    );
    expect(collected.passedOver).toEqual([]);
    expect(collected.entries.map((entry) => entry.item.url)).toEqual([
      `${BASE}/2026/12/bridge`,
      `${BASE}/blog/rail`,
    ]);
    await saveFeedStates(states, collected.statesAfter(collected.entries));
    expect([...states.rows.keys()]).toEqual([given]);
  });
});

describe('a feed with years of items', () => {
  it('is read whole up to 20 MiB, as a podcast of a thousand episodes is larger than any page', async () => {
    const asked: { url: string; maxBytes?: number }[] = [];
    const feed = rssFeed(BASE, 'Pod', [item('e1', day(1))]);
    const web: WebClient = async (url, request) => {
      asked.push({ url, maxBytes: request.maxBytes });
      const body = url.endsWith('.xml') ? feed : articlePage('Story e1', 'bridge');
      const contentType = url.endsWith('.xml') ? 'application/rss+xml' : 'text/html';
      return { status: 'ok', url, contentType, body: new TextEncoder().encode(body) };
    };
    const clock = createFakeClock(Date.parse('2026-12-10T00:00:00Z'));
    await collectDigest({ web, states: memoryStates(), clock }, { feeds: [`${BASE}/pod.xml`] });
    expect(asked).toEqual([
      { url: `${BASE}/pod.xml`, maxBytes: 20 * 1024 * 1024 },
      { url: `${BASE}/e1`, maxBytes: undefined },
    ]);
  });
});

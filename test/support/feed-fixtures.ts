/** Feeds and article pages for tests: small, readable, and long enough to be articles. */
import type { WebServer } from './web-server';

export interface FixtureItem {
  readonly id: string;
  readonly title: string;
  /** Path on the test server (or an absolute URL). */
  readonly link: string;
  /** None for an undated item (no pubDate). */
  readonly published?: string;
  readonly description?: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An RSS 2.0 feed of these items, in this order, with links on `base`. */
export function rssFeed(base: string, title: string, items: readonly FixtureItem[]): string {
  const entries = items
    .map(
      (item) => `    <item>
      <title>${escapeXml(item.title)}</title>
      <link>${escapeXml(new URL(item.link, base).href)}</link>
      <guid isPermaLink="false">${escapeXml(item.id)}</guid>
      ${item.published ? `<pubDate>${new Date(item.published).toUTCString()}</pubDate>` : ''}${
        item.description ? `\n      <description>${escapeXml(item.description)}</description>` : ''
      }
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(title)}</title>
    <link>${base}/</link>
    <description>Test feed</description>
${entries}
  </channel>
</rss>
`;
}

/**
 * An article page with navigation and a footer around it, about `topic`: four paragraphs of
 * plain sentences (about 170 words), so Readability finds it and key points can be drawn.
 */
export function articlePage(title: string, topic: string): string {
  const paragraphs = [
    `The ${topic} project was approved on Monday after months of public debate in the town. Supporters said the ${topic} plan would help families and local businesses alike. The council expects the first results before the end of the year.`,
    `Critics of the ${topic} scheme argued that the budget was too small for what it promised. They asked the council to publish a detailed timetable and regular progress reports. The mayor agreed to share figures every quarter.`,
    `Engineers working on ${topic} said the hardest part would be the first three months. Materials have already been ordered from suppliers in the region. Most of the work will happen at night to limit disruption.`,
    `Residents can follow the ${topic} work on the town website, where maps and photos will appear each week. A public meeting about ${topic} is planned for next month in the library hall. Everyone is welcome to attend and ask questions.`,
  ];
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
  <nav><a href="/">Home</a> · <a href="/news">News</a> · <a href="/about">About</a></nav>
  <article>
    <h1>${title}</h1>
${paragraphs.map((text) => `    <p>${text}</p>`).join('\n')}
  </article>
  <footer>© Example Town Gazette · <a href="/privacy">Privacy</a></footer>
</body>
</html>
`;
}

/**
 * The Town Gazette on a test server: two articles (/bridge, 3 Dec; /library, 2 Dec) in an RSS
 * feed at `route`, newest first, followed by `more` items.
 */
export function serveGazette(web: WebServer, route = '/feed.xml', more: FixtureItem[] = []) {
  web.routes.set('/bridge', { body: articlePage('Bridge repairs start', 'bridge') });
  web.routes.set('/library', { body: articlePage('Library opens late', 'library') });
  web.routes.set(route, {
    type: 'application/rss+xml',
    body: rssFeed(web.url, 'Town Gazette', [
      { id: 'b', title: 'Bridge repairs start', link: '/bridge', published: '2026-12-03T09:00Z' },
      { id: 'l', title: 'Library opens late', link: '/library', published: '2026-12-02T09:00Z' },
      ...more,
    ]),
  });
}

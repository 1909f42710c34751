/**
 * `newsletter preview --feed URL`: the digest rendered from the current items of a feed served by
 * a real HTTP server on loopback, read by the fetcher `newsletter send --feed` uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../../lambda/adapters/http/fetcher';
import { DEFAULT_TEMPLATES_DIR } from '../../../lambda/adapters/templates/compile-template';
import {
  type PreviewServer,
  startPreviewServer,
} from '../../../lambda/local/preview/preview-server';
import { renderPreview } from '../../../lambda/local/preview/render-preview';
import { rssFeed, serveGazette } from '../../support/feed-fixtures';
import { startWebServer, type WebServer } from '../../support/web-server';
import { testConfig } from '../../unit/render/fixtures';

let web: WebServer;
let preview: PreviewServer;
const fetcher = () => createFetcher({ allowLoopback: true, timeoutMs: 2_000 });

beforeAll(async () => {
  web = await startWebServer();
  const gone = { id: 'g', title: 'Gone', link: '/gone', published: '2026-12-01T09:00Z' };
  const ahead = { id: 'a', title: 'Ahead', link: '/ahead', published: '2999-01-01T09:00Z' };
  serveGazette(web, '/feed.xml', [gone, ahead]);
  web.routes.set('/empty.xml', {
    type: 'application/rss+xml',
    body: rssFeed(web.url, 'Nothing here', [gone]),
  });
  preview = await startPreviewServer({
    port: 0,
    config: testConfig,
    feeds: { urls: [`${web.url}/feed.xml`], web: fetcher() },
    log: () => {},
  });
});
afterAll(async () => {
  await preview?.close();
  await web?.close();
});

describe('the preview studio with a feed', () => {
  it('shows first the digest of the feed’s current items, in feed order', async () => {
    const response = await fetch(`${preview.url}/email.html`);
    const html = await response.text();
    expect(response.status).toBe(200);
    const titles = [...html.matchAll(/<h2[^>]*><a href="([^"]+)"[^>]*>([^<]+)<\/a><\/h2>/g)];
    expect(titles.map((match) => `${match[2]} <${match[1]}>`)).toEqual([
      `Bridge repairs start <${web.url}/bridge>`,
      `Library opens late <${web.url}/library>`,
    ]);
    expect(html).toContain('Town Gazette · 3 Dec 2026');
    const state = (await (await fetch(`${preview.url}/api/state`)).json()) as {
      templates: unknown[];
    };
    expect(state.templates).toContainEqual({ name: 'digest', rendersFrom: 'feeds' });
  });

  it('says in the checks which item it passed over, and why', async () => {
    const response = await fetch(`${preview.url}/api/checks?template=digest`);
    const { checks } = (await response.json()) as { checks: unknown[] };
    expect(checks).toContainEqual({
      group: 'Feeds',
      level: 'info',
      message: expect.stringMatching(
        new RegExp(`^Passed over ${web.url}/gone: answered HTTP 404; `),
      ),
    });
  });

  it('says in the checks that an item dated in the future is left out, as a send would hold it back', async () => {
    const response = await fetch(`${preview.url}/api/checks?template=digest`);
    const { checks } = (await response.json()) as { checks: unknown[] };
    expect(checks).toContainEqual({
      group: 'Feeds',
      level: 'info',
      message: '1 item dated in the future would be held back for a later run',
    });
  });

  it("shows a feed's newest --max-articles items, as its first run would send, and says the older are taken as read", async () => {
    const rendered = await renderPreview(
      {
        templatesDir: DEFAULT_TEMPLATES_DIR,
        config: testConfig,
        feeds: { urls: [`${web.url}/feed.xml`], web: fetcher(), maxArticles: 1 },
      },
      { template: 'digest', article: null },
    );
    expect(rendered.subject).toContain('Bridge repairs start');
    expect(rendered.feedNotes).toContain(
      `2 older items of ${web.url}/feed.xml would be taken as read, as a feed's first run sends only its newest --max-articles`,
    );
  });

  it('explains a feed that gives nothing to preview', async () => {
    await expect(
      renderPreview(
        {
          templatesDir: DEFAULT_TEMPLATES_DIR,
          config: testConfig,
          feeds: { urls: [`${web.url}/empty.xml`, `${web.url}/missing.xml`], web: fetcher() },
        },
        { template: 'digest', article: null },
      ),
    ).rejects.toThrow(
      new RegExp(
        `^--feed: gave no article to preview \\(Passed over ${web.url}/missing.xml: answered HTTP 404; Passed over ${web.url}/gone: `,
      ),
    );
  });
});

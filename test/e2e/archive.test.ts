/**
 * The public archive in a browser: the site `newsletter archive` writes (and compose publishes),
 * served from a folder by a static server on loopback, as CloudFront serves the bucket.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderArchiveWriter } from '../../lambda/adapters/files/archive-folder';
import { buildArchiveSite } from '../../lambda/core/archive/archive-site';
import { PROJECT_ROOT } from '../../lambda/local/sample';
import { previewData as digestPreview } from '../../templates/digest.preview';
import { previewData as newsletterPreview } from '../../templates/newsletter.preview';
import { preparedView } from '../unit/render/fixtures';
import { type Chromium, launchChromium } from './chromium';

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-results', 'archive');

let root: string;
let server: Server;
let base: string;
let browser: Chromium;
let page: Page;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  root = await mkdtemp(path.join(tmpdir(), 'archive-e2e-'));
  server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file = path.join(
      root,
      url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname,
    );
    try {
      const body = await readFile(file);
      const type = file.endsWith('.xml') ? 'application/atom+xml' : 'text/html; charset=utf-8';
      response.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const files = buildArchiveSite(
    [
      {
        prepared: await preparedView('newsletter', newsletterPreview),
        publishedAt: '2026-11-27T07:00:00.000Z',
      },
      {
        prepared: await preparedView('digest', digestPreview),
        publishedAt: '2026-12-04T07:00:00.000Z',
      },
    ],
    {
      listName: 'Weekly Briefing',
      listId: 'weekly.example.com',
      postalAddress: newsletterPreview.list.postalAddress,
      baseUrl: base,
      subscribeUrl: `${base}/subscribe`,
    },
    '2026-12-04T08:00:00.000Z',
  );
  const writer = createFolderArchiveWriter(root);
  for (const file of files) await writer.write(file);
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await rm(root, { recursive: true, force: true });
});

describe('the archive in Chromium', () => {
  it('lists every issue, newest first, with the sign-up link and the feed', async () => {
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto(`${base}/`);
    expect(await page.title()).toBe('Weekly Briefing: archive');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Weekly Briefing',
    );
    const issues = page.getByRole('listitem');
    expect(await issues.count()).toBe(2);
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      digestPreview.issue.title,
      newsletterPreview.issue.title,
    ]);
    expect(await page.getByRole('link', { name: 'Subscribe by email' }).getAttribute('href')).toBe(
      `${base}/subscribe`,
    );
    expect(await page.getByRole('link', { name: 'Atom feed' }).getAttribute('href')).toBe(
      'feed.xml',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'index.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 800 });
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'index-mobile.png'), fullPage: true });
  });

  it('opens an issue page from the index: the digest as sent, for no one in particular', async () => {
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: digestPreview.issue.title }).click();
    await page.waitForURL(`${base}/${digestPreview.issue.id}/index.html`);
    const text = ((await page.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
    for (const article of digestPreview.issue.articles) expect(text).toContain(article.title);
    expect(text).toContain('Here is what is new this time.');
    expect(text).not.toMatch(/Unsubscribe|Alex/);
    expect(
      await page.getByRole('link', { name: 'Subscribe', exact: true }).getAttribute('href'),
    ).toBe(`${newsletterPreview.list.publicUrl}/subscribe`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'issue.png'), fullPage: true });
    await page.getByRole('link', { name: /^All issues of / }).click();
    await page.waitForURL(`${base}/index.html`);
  });

  it('serves the feed the index links to', async () => {
    const response = await page.goto(`${base}/feed.xml`);
    expect(response?.headers()['content-type']).toBe('application/atom+xml');
    const feed = await response?.text();
    // The entry's id stays when the archive moves; its link is the page served here.
    expect(feed).toContain(
      `<id>tag:weekly.example.com,2026-12-04:issue/${digestPreview.issue.id}</id>`,
    );
    expect(feed).toContain(
      `<link rel="alternate" type="text/html" href="${base}/${digestPreview.issue.id}/index.html"/>`,
    );
  });
});

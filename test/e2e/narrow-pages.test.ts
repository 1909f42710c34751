/**
 * The pages a subscriber opens on a phone, with a list name that is one long word (German makes
 * them: "Wirtschaftsnachrichtenzusammenfassung"), in Chromium at 360 px: nothing may widen the
 * page past the screen. And the archive's link back to the index in the dark scheme.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArchiveSite } from '../../lambda/core/archive/archive-site';
import { signUpPage } from '../../lambda/core/subscription/sign-up-page';
import { previewData } from '../../templates/newsletter.preview';
import { preparedView } from '../unit/render/fixtures';
import { type Chromium, launchChromium } from './chromium';

const LONG_NAME = 'Wirtschaftsnachrichtenzusammenfassung'.repeat(3).slice(0, 100);

let browser: Chromium;
let page: Page;
let archive: Map<string, string>;

beforeAll(async () => {
  const list = { ...previewData.list, name: LONG_NAME };
  const prepared = await preparedView('newsletter', { ...previewData, list });
  const files = buildArchiveSite(
    [{ prepared, publishedAt: '2026-12-04T07:00:00.000Z' }],
    {
      listName: LONG_NAME,
      listId: 'weekly.example.com',
      postalAddress: list.postalAddress,
      baseUrl: 'https://news.example.com',
      subscribeUrl: 'https://news.example.com/subscribe',
    },
    '2026-12-04T08:00:00.000Z',
  );
  archive = new Map(files.map((file) => [file.path, file.body]));
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
});

afterAll(async () => {
  await browser?.close();
});

async function overflowOf(html: string): Promise<number> {
  await page.setContent(html);
  return page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
}

describe('pages with a list name that is one long word, 360 px wide', () => {
  it('the sign-up form, also when it comes back refused', async () => {
    expect(await overflowOf(signUpPage(LONG_NAME).body)).toBe(0);
    const refused = signUpPage(LONG_NAME, {
      field: 'email',
      message: 'is not a valid email address',
      email: `${'x'.repeat(60)}@example.com`,
      name: '',
    });
    expect(await overflowOf(refused.body)).toBe(0);
  });

  it('the archive index and an issue page', async () => {
    expect(await overflowOf(archive.get('index.html') ?? '')).toBe(0);
    expect(await overflowOf(archive.get(`${previewData.issue.id}/index.html`) ?? '')).toBe(0);
  });
});

describe("the archive issue page's link back to the index", () => {
  it('is lightened in the dark scheme, as the email lightens its links', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setContent(archive.get(`${previewData.issue.id}/index.html`) ?? '');
    const color = await page.evaluate(
      'getComputedStyle(document.querySelector(\'a[href="../index.html"]\')).color',
    );
    expect(color).toBe('rgb(147, 197, 253)');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

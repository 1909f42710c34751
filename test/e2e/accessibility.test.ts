/**
 * axe-core in Chromium on every page a subscriber meets, in the light and the dark scheme: the
 * subscription API's pages over real HTTP (the sign-up form, empty and refused; the confirm and
 * unsubscribe pages and their answers; links that do not work), the public archive and the
 * emails, and the preview studio writers and designers use. A web page may have no finding at all. An email may have none serious or critical;
 * its landmarks are those of the mail client's page around it.
 */
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate } from '../../lambda/adapters/templates/compile-template';
import { buildArchiveSite } from '../../lambda/core/archive/archive-site';
import { createMessageRenderer } from '../../lambda/core/render/message-renderer';
import type { PreparedIssue } from '../../lambda/core/render/types';
import { subscriberIdFor } from '../../lambda/core/subscribers/subscriber-id';
import { createToken } from '../../lambda/core/tokens';
import { previewData as digestPreview } from '../../templates/digest.preview';
import { previewData as newsletterPreview } from '../../templates/newsletter.preview';
import { openPreviewSandbox } from '../integration/preview/preview-sandbox';
import { preparedIssue, preparedView } from '../unit/render/fixtures';
import { type Chromium, launchChromium } from './chromium';
import { SECRET, type SubscriptionServer, startSubscriptionServer } from './subscription-server';

/** Run in every page the browser opens, before the page's own script, whatever its CSP. */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const EMAIL = 'ada@example.com';

let api: SubscriptionServer;
let browser: Chromium;
let page: Page;
let newsletter: PreparedIssue;
let digest: PreparedIssue;
let archive: Map<string, string>;

beforeAll(async () => {
  [api, browser, newsletter, digest] = await Promise.all([
    compileTemplate('confirmation').then(startSubscriptionServer),
    launchChromium(),
    // Its text marked as an article's in another language: axe checks the tag (valid-lang).
    preparedIssue({ language: 'fr-FR' }),
    preparedView('digest', digestPreview),
  ]);
  const files = buildArchiveSite(
    [
      { prepared: newsletter, publishedAt: '2026-11-27T07:00:00.000Z' },
      { prepared: digest, publishedAt: '2026-12-04T07:00:00.000Z' },
    ],
    {
      listName: 'Weekly Briefing',
      listId: 'weekly.example.com',
      postalAddress: newsletterPreview.list.postalAddress,
      baseUrl: 'https://news.example.com/issues',
      subscribeUrl: 'https://news.example.com/subscribe',
    },
    '2026-12-04T08:00:00.000Z',
  );
  archive = new Map(files.map((file) => [file.path, file.body]));
  await browser.context.addInitScript({ path: AXE });
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  await page.setViewportSize({ width: 1280, height: 800 });
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

interface Finding {
  readonly scheme: 'light' | 'dark';
  readonly rule: string;
  readonly impact: ImpactValue | null | undefined;
  readonly element: string;
}

/** The rules whose outcome depends on the colour scheme: the only ones run again in the dark. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * What axe finds on the page as it is now, one finding per element: every rule in the light
 * scheme, the colour rules in the dark.
 */
async function axe(): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [scheme, rules] of [
    ['light', {}],
    ['dark', { runOnly: COLOUR_RULES }],
  ] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Only violations are wanted: axe then spares the details of every other result.
    const options = JSON.stringify({ ...rules, resultTypes: ['violations'] });
    const { violations } = (await page.evaluate(`axe.run(document, ${options})`)) as AxeResults;
    for (const { id, impact, nodes } of violations) {
      for (const node of nodes) {
        findings.push({ scheme, rule: id, impact, element: node.target.join(' ') });
      }
    }
  }
  return findings;
}

const severe = (findings: Finding[]) =>
  findings.filter(({ impact }) => impact === 'serious' || impact === 'critical');

/** Loads a subscription page and expects it to answer `status`. */
async function open(route: string, status = 200): Promise<void> {
  const response = await page.goto(`${api.url}${route}`);
  expect(response?.status()).toBe(status);
}

/**
 * Shows a file's HTML (the archive's, an email's) in a fresh document: written into the last
 * subscription page's, it would be under that page's CSP, which refuses its style.
 */
async function show(html: string): Promise<void> {
  await page.goto('about:blank');
  await page.setContent(html);
}

const unsubscribeRoute = () =>
  `/unsubscribe?token=${createToken(
    { purpose: 'unsubscribe', subscriberId: subscriberIdFor(EMAIL, SECRET), list: api.listId },
    SECRET,
  )}`;

describe('the subscription pages, light and dark', () => {
  it('the sign-up form, empty and refused with the error at its field', async () => {
    await open('/subscribe');
    expect(await axe()).toEqual([]);
    // An address the browser takes and the API refuses.
    await page.getByLabel('Email address').fill('ada..lovelace@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForSelector('#email-error');
    expect(await axe()).toEqual([]);
  });

  it('"Check your inbox", the confirm page before its script submits it, "You are subscribed"', async () => {
    await open('/subscribe');
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForSelector('h1:has-text("Check your inbox")');
    expect(await axe()).toEqual([]);
    await api.settled();
    const { link } = await api.lastConfirmation();
    // As a browser that runs no script shows it: the heading and the button.
    const confirmPage = (url: URL) => url.href === link;
    await page.route(confirmPage, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/<script>.*?<\/script>/, '');
      await route.fulfill({ response, body });
    });
    await page.goto(link);
    await page.unroute(confirmPage);
    expect(await page.locator('h1').textContent()).toBe('Confirming your subscription…');
    expect(await axe()).toEqual([]);
    await page.goto(link);
    await page.waitForSelector('h1:has-text("You are subscribed")');
    expect(await axe()).toEqual([]);
  });

  it('the unsubscribe page and "You are unsubscribed"', async () => {
    await open(unsubscribeRoute());
    expect(await axe()).toEqual([]);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.waitForSelector('h1:has-text("You are unsubscribed")');
    expect(await axe()).toEqual([]);
  });

  it('a link that does not work (400) and a confirm link past its 48 hours (403)', async () => {
    await open('/unsubscribe?token=not-a-token', 400);
    expect(await axe()).toEqual([]);
    const expired = createToken(
      { purpose: 'confirm', subscriberId: 'someone', list: api.listId, expiresAt: 1 },
      SECRET,
    );
    await open(`/confirm?token=${expired}`, 403);
    expect(await axe()).toEqual([]);
  });
});

describe('the archive, light and dark', () => {
  it("the index, the 404 page, an issue page and a digest's page", async () => {
    await show(archive.get('index.html') ?? '');
    expect(await axe()).toEqual([]);
    await show(archive.get('404.html') ?? '');
    expect(await axe()).toEqual([]);
    await show(archive.get(`${newsletter.issueId}/index.html`) ?? '');
    expect(await axe()).toEqual([]);
    await show(archive.get(`${digest.issueId}/index.html`) ?? '');
    expect(await axe()).toEqual([]);
  });
});

describe('the emails, light and dark', () => {
  it('an issue and a digest, as their recipients get them', async () => {
    await show(createMessageRenderer(newsletter).render(newsletterPreview.recipient).html);
    expect(severe(await axe())).toEqual([]);
    await show(createMessageRenderer(digest).render(digestPreview.recipient).html);
    expect(severe(await axe())).toEqual([]);
  });

  it('the confirmation email, as sent to the sign-up above', async () => {
    await show((await api.lastConfirmation()).html);
    expect(severe(await axe())).toEqual([]);
  });
});

describe('the preview studio, light and dark', () => {
  it('the email and its checks, every view, a template error with its lines, a 320 px window', async () => {
    const sandbox = await openPreviewSandbox();
    try {
      await page.goto(sandbox.server.url);
      await page.locator('#checks .check').first().waitFor();
      expect(await axe()).toEqual([]);
      for (const view of ['Text', 'Source', 'Headers']) {
        await page.getByRole('tab', { name: view }).click();
        expect(await axe()).toEqual([]);
      }
      await page.getByRole('tab', { name: 'Desktop' }).click();
      await sandbox.edit('templates/newsletter.mjml', (s) =>
        s.replace('<mj-section>', '<mj-section bogus="yes">'),
      );
      await page.locator('#error').waitFor();
      expect(await axe()).toEqual([]);
      await sandbox.restore();
      await page.locator('#error').waitFor({ state: 'hidden' });
      await page.setViewportSize({ width: 320, height: 800 });
      expect(await axe()).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
      await sandbox.close();
    }
  });
});

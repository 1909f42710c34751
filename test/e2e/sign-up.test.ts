/**
 * The hosted sign-up form and the confirm page in Chromium, over real HTTP (the local API server)
 * with in-memory stores: a person fills the form by its labels, and opening the confirmation link
 * confirms at once because the page's script submits its form.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriberIdFor } from '../../lambda/core/subscribers/subscriber-id';
import { createToken } from '../../lambda/core/tokens';
import { PROJECT_ROOT } from '../../lambda/local/sample';
import { type Chromium, launchChromium } from './chromium';
import { SECRET, type SubscriptionServer, startSubscriptionServer } from './subscription-server';

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-results', 'sign-up');

let api: SubscriptionServer;
let browser: Chromium;
let page: Page;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  api = await startSubscriptionServer();
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('the hosted sign-up form in Chromium', () => {
  it('is filled by its labels, explains double opt-in, and answers "Check your inbox"', async () => {
    await page.goto(`${api.url}/subscribe`);
    await page.setViewportSize({ width: 480, height: 800 });
    expect(await page.title()).toBe('Subscribe – Weekly Briefing');
    await expect(
      page.getByText('you are subscribed only once you open it').isVisible(),
    ).resolves.toBe(true);
    // The honeypot is off-screen and hidden from assistive technology: two text boxes, not three.
    const honeypot = await page.locator('#homepage').boundingBox();
    expect((honeypot?.x ?? 0) + (honeypot?.width ?? 0)).toBeLessThanOrEqual(0);
    expect(await page.getByRole('textbox').count()).toBe(2);
    await page.getByLabel('Email address').fill('ada@example.com');
    await page.getByLabel('Name (optional)').fill('Ada');
    await page.screenshot({ path: path.join(ARTIFACTS, 'form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForSelector('h1');
    expect(await page.locator('h1').textContent()).toBe('Check your inbox');
    await page.screenshot({ path: path.join(ARTIFACTS, 'accepted.png'), fullPage: true });
    await api.settled();
    const stored = await api.subscribers.get(subscriberIdFor('ada@example.com', SECRET));
    expect(stored).toMatchObject({
      status: 'pending',
      name: 'Ada',
      consent: { source: 'hosted-form' },
    });
  });

  it('shows a name in Arabic right to left, as typed and when the form comes back refused', async () => {
    await page.goto(`${api.url}/subscribe`);
    const direction = () =>
      page.evaluate("getComputedStyle(document.querySelector('#name')).direction");
    expect(await direction()).toBe('ltr');
    await page.getByLabel('Name (optional)').fill('سارة أحمد');
    expect(await direction()).toBe('rtl');
    // An address the browser takes and the API refuses: the form comes back with the name.
    await page.getByLabel('Email address').fill('sara..ahmed@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForSelector('#email-error');
    expect(await page.getByLabel('Name (optional)').inputValue()).toBe('سارة أحمد');
    expect(await direction()).toBe('rtl');
  });

  it('gives the form back filled in as typed when the network is over its sign-up limit', async () => {
    // A second server whose per-client limit is already reached, so the first sign-up is a 429.
    const limited = await startSubscriptionServer(undefined, {
      perClient: { limit: 0, windowMs: 600_000 },
      perAddress: { limit: 3, windowMs: 3_600_000 },
    });
    try {
      await page.goto(`${limited.url}/subscribe`);
      await page.getByLabel('Email address').fill('grace@example.com');
      await page.getByLabel('Name (optional)').fill('Grace <Hopper>');
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.waitForSelector('#form-error');
      expect(await page.locator('#form-error').textContent()).toMatch(/^Too many sign-ups/);
      expect(await page.getByLabel('Email address').inputValue()).toBe('grace@example.com');
      expect(await page.getByLabel('Name (optional)').inputValue()).toBe('Grace <Hopper>');
      await page.screenshot({ path: path.join(ARTIFACTS, 'rate-limited.png'), fullPage: true });
      expect(limited.subscribers.rows.size).toBe(0);
    } finally {
      await limited.close();
    }
  });

  it('confirms when a person opens the link: the page submits its own form', async () => {
    const { link } = await api.lastConfirmation();
    await page.goto(link);
    // The page's CSP allows no evaluated script, so wait by selector.
    await page.waitForSelector('h1:has-text("You are subscribed")');
    await page.screenshot({ path: path.join(ARTIFACTS, 'confirmed.png'), fullPage: true });
    const stored = await api.subscribers.get(subscriberIdFor('ada@example.com', SECRET));
    expect(stored?.status).toBe('active');
    expect(stored?.consent.confirmedUserAgent).toMatch(/Chrome/);
  });

  it('confirms from a link a mail client took the ")." after it into', async () => {
    const signUp = await fetch(`${api.url}/subscribe`, {
      method: 'POST',
      body: new URLSearchParams({ email: 'grace@example.com' }),
    });
    expect(signUp.status).toBe(202);
    await api.settled();
    const { link } = await api.lastConfirmation();
    await page.goto(`${link}).`);
    await page.waitForSelector('h1:has-text("You are subscribed")');
    const stored = await api.subscribers.get(subscriberIdFor('grace@example.com', SECRET));
    expect(stored?.status).toBe('active');
  });

  it('names an address with an international domain as typed, not as the browser sends it', async () => {
    await page.goto(`${api.url}/subscribe`);
    await page.getByLabel('Email address').fill('zoe.fan@bücher.de');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForSelector('h1:has-text("Check your inbox")');
    await expect(page.locator('main').textContent()).resolves.toContain(
      'If zoe.fan@bücher.de can receive Weekly Briefing',
    );
    await api.settled();
    const stored = await api.subscribers.get(subscriberIdFor('zoe.fan@xn--bcher-kva.de', SECRET));
    expect(stored?.email).toBe('zoe.fan@xn--bcher-kva.de');
  });

  it('sends the form once when it is clicked again while the answer is slow, and again after going back', async () => {
    await page.goto(`${api.url}/subscribe`);
    await page.getByLabel('Email address').fill('lin@example.com');
    // Every POST reaches the API at once; the first answer is held until the clicks are done.
    const posts: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowAnswer = async (route: Route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts.push(route.request().postData() ?? '');
      const response = await route.fetch();
      await held;
      // A navigation the browser dropped for a newer one can no longer be answered.
      await route.fulfill({ response }).catch(() => undefined);
    };
    await page.route(`${api.url}/subscribe`, slowAnswer);
    const button = await page.getByRole('button', { name: 'Subscribe' }).boundingBox();
    const [x, y] = [(button?.x ?? 0) + 10, (button?.y ?? 0) + 10];
    for (let click = 0; click < 3; click++) await page.mouse.click(x, y);
    release();
    await page.waitForSelector('h1:has-text("Check your inbox")');
    await page.unroute(`${api.url}/subscribe`, slowAnswer);
    await api.settled();
    expect(posts).toHaveLength(1);
    expect(api.mailer.sent.filter((message) => message.to === 'lin@example.com')).toHaveLength(1);

    // Back on the form it can be sent again. Chromium loads it afresh (a no-store page stays out of
    // its back-forward cache); the script also starts over when a browser restores the page.
    await page.goBack();
    await page.getByLabel('Email address').fill('lin.wei@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForSelector('h1:has-text("Check your inbox")');
    await api.settled();
    expect(api.mailer.sent.filter((message) => message.to === 'lin.wei@example.com')).toHaveLength(
      1,
    );
  });
});

describe('the pages on a 320 px phone with JavaScript off', () => {
  it('sign up, confirm by the button, and unsubscribe by the button, none wider than the screen', async () => {
    const phone = await browser.context.newPage();
    const devtools = await browser.context.newCDPSession(phone);
    await devtools.send('Emulation.setScriptExecutionDisabled', { value: true });
    await phone.setViewportSize({ width: 320, height: 640 });
    const email = `${'m'.repeat(64)}@${'n'.repeat(60)}.example.com`;
    const shown = async (heading: string) => {
      await phone.waitForSelector(`h1:has-text("${heading}")`);
      return phone.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
    };
    try {
      await phone.goto(`${api.url}/subscribe`);
      expect(await shown('Subscribe to Weekly Briefing')).toBe(0);
      await phone.getByLabel('Email address').fill(email);
      await phone.getByRole('button', { name: 'Subscribe' }).click();
      expect(await shown('Check your inbox')).toBe(0);
      await api.settled();
      const id = subscriberIdFor(email, SECRET);

      // Without its script the confirm page waits for the person to press its button.
      await phone.goto((await api.lastConfirmation()).link);
      expect(await shown('Confirming your subscription')).toBe(0);
      expect((await api.subscribers.get(id))?.status).toBe('pending');
      await phone.getByRole('button', { name: 'Confirm my subscription' }).click();
      expect(await shown('You are subscribed')).toBe(0);
      expect((await api.subscribers.get(id))?.status).toBe('active');

      const token = createToken(
        { purpose: 'unsubscribe', subscriberId: id, list: api.listId },
        SECRET,
      );
      await phone.goto(`${api.url}/unsubscribe?token=${token}`);
      expect(await shown('Unsubscribe from Weekly Briefing?')).toBe(0);
      expect((await api.subscribers.get(id))?.status).toBe('active');
      await phone.getByRole('button', { name: 'Unsubscribe' }).click();
      expect(await shown('You are unsubscribed')).toBe(0);
      expect((await api.subscribers.get(id))?.status).toBe('unsubscribed');
    } finally {
      await phone.close();
    }
  });
});

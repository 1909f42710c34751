/**
 * The hosted sign-up form and the confirm page in Chromium, over real HTTP (the local API server)
 * with in-memory stores: a person fills the form by its labels, and opening the confirmation link
 * confirms at once because the page's script submits its form.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNewsletterConfig } from '../../lambda/core/config';
import { subscriberIdFor } from '../../lambda/core/subscribers/subscriber-id';
import { createConfirmationComposer } from '../../lambda/core/subscription/confirmation-email';
import { processSignUp } from '../../lambda/core/subscription/sign-up';
import { createSubscriptionApi } from '../../lambda/core/subscription/subscription-api';
import { type RunningApiServer, startApiServer } from '../../lambda/local/api-server';
import { PROJECT_ROOT } from '../../lambda/local/sample';
import { createInProcessSignUpQueue } from '../../lambda/local/sign-up-worker';
import {
  createMemoryRateCounter,
  createMemorySubscriberStore,
  createRecordingLogger,
  createRecordingMailer,
} from '../support/fakes';
import { type Chromium, launchChromium } from './chromium';

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-results', 'sign-up');
const SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef';

let server: RunningApiServer;
let browser: Chromium;
let page: Page;
const subscribers = createMemorySubscriberStore();
const mailer = createRecordingMailer();
let settled: () => Promise<void>;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  let api: ReturnType<typeof createSubscriptionApi> | undefined;
  server = await startApiServer(async (request) => (api as NonNullable<typeof api>)(request), {
    port: 0,
  });
  const config = parseNewsletterConfig({
    listName: 'Weekly Briefing',
    listId: 'weekly.example.com',
    fromAddress: 'news@example.com',
    postalAddress: 'Example Media Ltd, 1 Example Street, Springfield, EX 12345, USA',
    publicUrl: server.url,
    sendRateCap: 14,
  });
  const shared = {
    subscribers,
    rateCounter: createMemoryRateCounter(),
    config,
    secret: SECRET,
    clock: Date,
    logger: createRecordingLogger(),
  };
  const composer = createConfirmationComposer(
    {
      name: 'confirmation',
      version: 'e2e',
      html: '{{confirmation.url}}',
      text: '{{confirmation.url}}',
    },
    config,
  );
  const queue = createInProcessSignUpQueue(
    (request) =>
      processSignUp({ ...shared, mailer, composeConfirmation: async () => composer }, request),
    (error) => {
      throw error;
    },
  );
  settled = () => queue.settled();
  api = createSubscriptionApi({ ...shared, signUps: queue });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the hosted sign-up form in Chromium', () => {
  it('is filled by its labels, explains double opt-in, and answers "Check your inbox"', async () => {
    await page.goto(`${server.url}/subscribe`);
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
    await settled();
    const stored = await subscribers.get(subscriberIdFor('ada@example.com', SECRET));
    expect(stored).toMatchObject({
      status: 'pending',
      name: 'Ada',
      consent: { source: 'hosted-form' },
    });
  });

  it('shows a name in Arabic right to left, as typed and when the form comes back refused', async () => {
    await page.goto(`${server.url}/subscribe`);
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

  it('confirms when a person opens the link: the page submits its own form', async () => {
    const mail = await simpleParser(Buffer.from(mailer.sent.at(-1)?.raw ?? []));
    const link = /http:\/\/\S+\/confirm\?token=[\w.-]+/.exec(mail.text ?? '')?.[0];
    expect(link).toBeDefined();
    await page.goto(link as string);
    // The page's CSP allows no evaluated script, so wait by selector.
    await page.waitForSelector('h1:has-text("You are subscribed")');
    await page.screenshot({ path: path.join(ARTIFACTS, 'confirmed.png'), fullPage: true });
    const stored = await subscribers.get(subscriberIdFor('ada@example.com', SECRET));
    expect(stored?.status).toBe('active');
    expect(stored?.consent.confirmedUserAgent).toMatch(/Chrome/);
  });
});

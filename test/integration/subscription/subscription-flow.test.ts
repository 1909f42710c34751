/**
 * The whole subscriber lifecycle over real HTTP (the local API server), dynalite and the SES
 * emulator: sign-up → confirmation email → confirm; an issue sent with compose + deliver; one-click
 * unsubscribe through the List-Unsubscribe URL taken out of the sent message; the next issue.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDeliveryLedger } from '../../../lambda/adapters/dynamo/delivery-ledger';
import { createDynamoIssueStore } from '../../../lambda/adapters/dynamo/issue-store';
import { createDynamoRateCounter } from '../../../lambda/adapters/dynamo/rate-counter';
import { createDynamoSubscriberStore } from '../../../lambda/adapters/dynamo/subscriber-store';
import { readArticleFile } from '../../../lambda/adapters/files/article-file';
import { createSesMailer } from '../../../lambda/adapters/ses/ses-mailer';
import { compileTemplate } from '../../../lambda/adapters/templates/compile-template';
import { type NewsletterConfig, parseNewsletterConfig } from '../../../lambda/core/config';
import {
  DEFAULT_DEFERRAL_DELAYS,
  type DeliverDeps,
  deliverBatch,
} from '../../../lambda/core/delivery/deliver-batch';
import { createRateLimiter } from '../../../lambda/core/delivery/rate-limiter';
import { composeIssue, draftIssue } from '../../../lambda/core/issue/compose-issue';
import type { Clock, Mailer, OutgoingMessage, RecipientQueue } from '../../../lambda/core/ports';
import { createMessageContext, prepareMessage } from '../../../lambda/core/render/prepare-message';
import type { CompiledTemplate } from '../../../lambda/core/render/types';
import { DEFAULT_RETRY_POLICY } from '../../../lambda/core/retry';
import { importSubscribers } from '../../../lambda/core/subscribers/import-subscribers';
import { subscriberIdFor } from '../../../lambda/core/subscribers/subscriber-id';
import { createConfirmationComposer } from '../../../lambda/core/subscription/confirmation-email';
import { DEFAULT_SUBSCRIBE_LIMITS } from '../../../lambda/core/subscription/rate-limits';
import { processSignUp, type SignUpDeps } from '../../../lambda/core/subscription/sign-up';
import { createSubscriptionApi } from '../../../lambda/core/subscription/subscription-api';
import { createToken } from '../../../lambda/core/tokens';
import { type RunningApiServer, startApiServer } from '../../../lambda/local/api-server';
import { SAMPLE_ARTICLE } from '../../../lambda/local/sample';
import {
  createInProcessSignUpQueue,
  type InProcessSignUpQueue,
} from '../../../lambda/local/sign-up-worker';
import { useDynalite, useSesEmulator } from '../../support/emulators';
import { createMemoryArchive, createRecordingLogger } from '../../support/fakes';

const dynamo = useDynalite();
const ses = useSesEmulator();
const secret = 'flow-secret-0123456789abcdef0123456789abcdef';
const clock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

let server: RunningApiServer;
let config: NewsletterConfig;
let newsletter: CompiledTemplate;
let stores: Awaited<ReturnType<typeof openStores>>;
let mailer: Mailer;
let signUps: InProcessSignUpQueue;
/** What the confirmation sender is given: a test can run one beside the queue's. */
let signUpDeps: SignUpDeps;
/** Every message handed to SES, byte for byte: the emulator does not keep raw headers. */
const sent: OutgoingMessage[] = [];
const logger = createRecordingLogger();
const logs = logger.entries;

async function openStores() {
  const tableName = await dynamo.createTable();
  const client = dynamo.documentClient;
  return {
    subscribers: createDynamoSubscriberStore({ client, tableName }),
    issues: createDynamoIssueStore({ client, tableName }),
    ledger: createDynamoDeliveryLedger({ client, tableName }),
    rateCounter: createDynamoRateCounter({ client, tableName }),
  };
}

beforeAll(async () => {
  stores = await openStores();
  const sesMailer = createSesMailer({ client: ses.client });
  mailer = {
    async send(message) {
      const result = await sesMailer.send(message);
      sent.push(message);
      return result;
    },
  };
  let api: ReturnType<typeof createSubscriptionApi> | undefined;
  server = await startApiServer(
    async (request) => {
      if (!api) throw new Error('the API is not wired yet');
      return api(request);
    },
    { port: 0 },
  );
  config = parseNewsletterConfig({
    listName: 'Flow Weekly',
    listId: 'flow.example.com',
    fromAddress: 'news@example.com',
    postalAddress: 'Example Media Ltd, 1 Example Street, Springfield, EX 12345, USA',
    publicUrl: server.url,
    sendRateCap: 100,
  });
  const composer = createConfirmationComposer(await compileTemplate('confirmation'), config);
  signUpDeps = {
    ...stores,
    mailer,
    composeConfirmation: async () => composer,
    config,
    secret,
    clock,
    logger,
  };
  signUps = createInProcessSignUpQueue(
    (request) => processSignUp(signUpDeps, request),
    (error) => {
      throw error;
    },
  );
  api = createSubscriptionApi({
    ...stores,
    signUps,
    config,
    secret,
    clock,
    logger,
    // Every request here comes from 127.0.0.1: the per-client limit has unit tests of its own.
    limits: { ...DEFAULT_SUBSCRIBE_LIMITS, perClient: { limit: 100, windowMs: 60_000 } },
  });
  newsletter = await compileTemplate('newsletter');
});

afterAll(async () => {
  await server?.close();
});

const idOf = (email: string) => subscriberIdFor(email, secret);

async function textOf(message: OutgoingMessage | undefined): Promise<string> {
  if (!message) throw new Error('no such message');
  return (await simpleParser(Buffer.from(message.raw))).text ?? '';
}

/** Signs `email` up over HTTP and answers 202; the confirmation email is sent after that. */
async function signUp(email: string, body: Record<string, string> = {}): Promise<void> {
  const response = await fetch(`${server.url}/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, consentVersion: 'v1', ...body }),
  });
  expect(response.status).toBe(202);
  await signUps.settled();
}

/** The confirm link in the newest confirmation email. */
async function confirmLink(): Promise<string> {
  const link = /http:\/\/\S+\/confirm\?token=\S+/.exec(await textOf(sent.at(-1)))?.[0];
  if (!link) throw new Error('no confirm link in the last message');
  return link;
}

/** What a browser does with the confirm page: its script submits the form (action="?token=…"). */
async function submitConfirmPage(link: string): Promise<Response> {
  const page = await (await fetch(link)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1]?.replaceAll('&#x3D;', '=');
  if (!action) throw new Error(`no form on the confirm page:\n${page}`);
  return fetch(new URL(action, link), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'confirm=yes',
  });
}

/** Signs `email` up over HTTP and submits the confirm page of the email it is sent. */
async function signUpAndConfirm(email: string): Promise<void> {
  const before = sent.length;
  await signUp(email);
  expect(sent).toHaveLength(before + 1);
  expect((await submitConfirmPage(await confirmLink())).status).toBe(200);
}

/** Composes an issue from the sample article and delivers every batch, as `newsletter send` does. */
async function sendIssue(options: { beforeDelivery?: () => Promise<void> } = {}) {
  const batches: Parameters<RecipientQueue['enqueue']>[0][number][] = [];
  const archive = createMemoryArchive();
  const draft = draftIssue(await readArticleFile(SAMPLE_ARTICLE), {
    forceKey: String(Date.now()),
  });
  await composeIssue(
    {
      ...stores,
      queue: { enqueue: async (more) => void batches.push(...more) },
      archive,
      clock,
      config,
      template: newsletter,
    },
    draft,
  );
  await options.beforeDelivery?.();
  const prepared = await archive.loadPrepared(draft.issueId);
  if (!prepared) throw new Error('the issue was not archived');
  const context = createMessageContext({ prepared, config, secret });
  const first = sent.length;
  const deps: DeliverDeps = {
    ...stores,
    mailer,
    clock,
    limiter: createRateLimiter(1000, clock),
    retry: DEFAULT_RETRY_POLICY,
    delays: DEFAULT_DEFERRAL_DELAYS,
    leaseMs: 60_000,
    control: {
      stopped: false,
      remainingToday: Number.POSITIVE_INFINITY,
      stopAt: Number.POSITIVE_INFINITY,
    },
    prepare: async (_, subscriber) => prepareMessage(context, subscriber),
  };
  const reports = [];
  for (const batch of batches) reports.push(...(await deliverBatch(deps, batch)).reports);
  return { messages: sent.slice(first), reports };
}

function listUnsubscribeUrl(message: OutgoingMessage): string {
  const head = Buffer.from(message.raw).toString('latin1').split('\r\n\r\n')[0] ?? '';
  const url = /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(head)?.[1];
  if (!url) throw new Error('no List-Unsubscribe header');
  return url;
}

describe('the subscriber lifecycle end to end', () => {
  it('signs up and confirms through the confirmation email sent via SES', async () => {
    await signUpAndConfirm('carol@example.com');
    const accepted = await ses.emulator.messages();
    expect(accepted.at(-1)?.subject).toBe('Confirm your subscription to Flow Weekly');
    expect(accepted.at(-1)?.destination.to).toEqual(['carol@example.com']);
    const carol = await stores.subscribers.get(idOf('carol@example.com'));
    expect(carol).toMatchObject({
      status: 'active',
      consent: { source: 'api', ip: '127.0.0.1', textVersion: 'v1' },
    });
    expect(carol?.consent.confirmedAt).toBeDefined();
    expect(JSON.stringify(logs)).not.toContain('@');
  });

  it('honours one-click unsubscribes from the List-Unsubscribe URL of a sent issue in the next one, and sends it to the newly confirmed', async () => {
    await importSubscribers(
      stores.subscribers,
      ['ada', 'bob', 'eve'].map((name, n) => ({ line: n + 2, email: `${name}@example.com`, name })),
      { idKey: secret, now: new Date() },
    );

    const first = await sendIssue();
    const firstRecipients = first.messages.map((m) => m.to).sort();
    expect(firstRecipients).toEqual([
      'ada@example.com',
      'bob@example.com',
      'carol@example.com',
      'eve@example.com',
    ]);
    const to = (email: string) => first.messages.find((m) => m.to === email) as OutgoingMessage;

    // Ada's mailbox provider posts the RFC 8058 body urlencoded, Bob's as multipart/form-data.
    const adaUrl = listUnsubscribeUrl(to('ada@example.com'));
    expect(adaUrl.startsWith(`${server.url}/unsubscribe?token=`)).toBe(true);
    const urlencoded = await fetch(adaUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(urlencoded.status).toBe(200);
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const multipart = await fetch(listUnsubscribeUrl(to('bob@example.com')), {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(multipart.status).toBe(200);
    // Repeating it is harmless.
    expect(
      (
        await fetch(adaUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        })
      ).status,
    ).toBe(200);

    await signUpAndConfirm('dan@example.com');
    // Fran signs up but never confirms.
    await fetch(`${server.url}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=fran@example.com',
    });

    // Eve unsubscribes after the next issue was planned, before her batch is delivered.
    const eveUrl = listUnsubscribeUrl(to('eve@example.com'));
    const second = await sendIssue({
      beforeDelivery: async () => {
        const response = await fetch(eveUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
        expect(response.status).toBe(200);
      },
    });
    expect(second.messages.map((m) => m.to).sort()).toEqual([
      'carol@example.com',
      'dan@example.com',
    ]);
    expect(second.reports.find((r) => r.subscriberId === idOf('eve@example.com'))).toMatchObject({
      outcome: 'skipped',
      reason: 'subscriber is unsubscribed',
    });
    for (const email of ['ada@example.com', 'bob@example.com', 'eve@example.com']) {
      expect(await stores.subscribers.get(idOf(email))).toMatchObject({
        status: 'unsubscribed',
        reason: 'one-click',
      });
    }
  });

  it('shows the unsubscribe page on GET and changes nothing', async () => {
    const { messages } = await sendIssue();
    const url = listUnsubscribeUrl(messages[0] as OutgoingMessage);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(
      (await stores.subscribers.get((messages[0] as OutgoingMessage).subscriberId))?.status,
    ).toBe('active');
  });
});

describe('the local API server', () => {
  it('answers 413 to a body over 10 KB without reading it all, and keeps serving', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${server.url}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(1024 * 1024) },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.write(Buffer.alloc(64 * 1024, 'a'));
    });
    expect(status).toBe(413);
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
  });

  it('answers 400 to a request target that is no URL, with its security headers', async () => {
    const { hostname, port } = new URL(server.url);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      // Node's parser lets this absolute-form target through; URL cannot read it.
      const request = httpRequest({ hostname, port, path: 'http://[/subscribe' });
      request.on('response', (answer) => resolve(answer.resume()));
      request.on('error', reject);
      request.end();
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers an unknown method with 405 and Allow over HTTP', async () => {
    const response = await fetch(`${server.url}/subscribe`, { method: 'PUT' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('signing up over HTTP', () => {
  it('leaves the subscriber pending when the link is only fetched (as a scanner does), and makes them active when the page is submitted', async () => {
    await signUp('scanned@example.com');
    const link = await confirmLink();
    for (let n = 0; n < 3; n++) {
      const fetched = await fetch(link);
      expect(fetched.status).toBe(200);
      await fetched.text();
    }
    expect((await stores.subscribers.get(idOf('scanned@example.com')))?.status).toBe('pending');
    expect((await submitConfirmPage(link)).status).toBe(200);
    expect((await stores.subscribers.get(idOf('scanned@example.com')))?.status).toBe('active');
  });

  it('confirms a sign-up made again after unsubscribing by its own link only, as stored in the table', async () => {
    const email = 'again@example.com';
    await signUp(email);
    const earlier = await confirmLink();
    expect((await submitConfirmPage(earlier)).status).toBe(200);
    const unsubscribe = createToken(
      { purpose: 'unsubscribe', subscriberId: idOf(email), list: config.listId },
      secret,
    );
    const left = await fetch(`${server.url}/unsubscribe?token=${unsubscribe}`, { method: 'POST' });
    expect(left.status).toBe(200);
    await signUp(email);
    const latest = await confirmLink();
    expect(latest).not.toBe(earlier);

    expect((await fetch(earlier)).status).toBe(410);
    expect((await stores.subscribers.get(idOf(email)))?.status).toBe('pending');
    expect((await submitConfirmPage(latest)).status).toBe(200);
    expect((await stores.subscribers.get(idOf(email)))?.status).toBe('active');
  });

  it('sends five sign-ups for variants of one Gmail mailbox at most three confirmations', async () => {
    const before = sent.length;
    for (const email of [
      'j.doe+1@gmail.com',
      'jdoe+2@gmail.com',
      'J.Doe@gmail.com',
      'jd.oe@googlemail.com',
      'jdoe+x@gmail.com',
    ]) {
      await signUp(email);
    }
    expect(sent.length - before).toBe(3);
  });

  it('sends one confirmation to a form submitted twice at once, or sent again and again by a script', async () => {
    const before = sent.length;
    const submit = () =>
      fetch(`${server.url}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=twice%40example.com&source=my-site-footer',
      });
    const answers = await Promise.all([submit(), submit()]);
    expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
    for (let n = 0; n < 3; n++) await signUp('twice@example.com');
    await signUps.settled();
    expect(sent.length - before).toBe(1);
    expect(
      logs.filter((e) => e.message === 'sign-up' && e.subscriberId === idOf('twice@example.com')),
    ).toEqual([
      expect.objectContaining({ outcome: 'created' }),
      // Each still counts against the mailbox's three an hour.
      expect.objectContaining({ outcome: 'recently-sent' }),
      expect.objectContaining({ outcome: 'recently-sent' }),
      expect.objectContaining({ outcome: 'mailbox-rate-limited' }),
      expect.objectContaining({ outcome: 'mailbox-rate-limited' }),
    ]);
    expect((await submitConfirmPage(await confirmLink())).status).toBe(200);
    expect((await stores.subscribers.get(idOf('twice@example.com')))?.status).toBe('active');
  });

  it('sends one confirmation when two confirmation senders take the same new sign-up at once', async () => {
    const before = sent.length;
    const request = {
      email: 'raced@example.com',
      name: null,
      consent: { at: new Date().toISOString(), source: 'form', textVersion: 'v1' },
    };
    const results = await Promise.all([
      processSignUp(signUpDeps, request),
      processSignUp(signUpDeps, request),
    ]);
    expect(results.map((result) => result.sent).sort()).toEqual([false, true]);
    expect(sent.length - before).toBe(1);
  });

  it('never puts a name carrying a URL into any message', async () => {
    const before = sent.length;
    await signUp('named@example.com', { name: 'Cheap pills at https://spam.example/buy' });
    expect(sent.length - before).toBe(1);
    const raw = Buffer.from(sent.at(-1)?.raw ?? []).toString('latin1');
    expect(raw).not.toMatch(/spam\.example|pills/);
    const stored = await ses.emulator.messages();
    expect(JSON.stringify(stored.at(-1))).not.toMatch(/spam\.example|pills/);
  });

  it('refuses an address with a quoted local part before anything is written or sent', async () => {
    const before = sent.length;
    const response = await fetch(`${server.url}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: '"a@x.com,b"@evil.example' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /^email: .*no quotes, spaces or commas/,
    );
    await signUps.settled();
    expect(sent).toHaveLength(before);
  });
});

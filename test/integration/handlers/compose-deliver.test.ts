/**
 * The compose and deliver handlers end to end: DynamoDB is dynalite and SES is the SES emulator
 * (real servers on random ports); S3 and SQS, which have no emulator here, are in-memory fakes
 * behind the real adapters, and deliver receives SQS events of the real Lambda shape.
 */
import { readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSesClient } from '../../../lambda/adapters/aws-clients';
import { createDynamoComposeJournal } from '../../../lambda/adapters/dynamo/compose-journal';
import { createDynamoDeliveryLedger } from '../../../lambda/adapters/dynamo/delivery-ledger';
import { createDynamoIssueStore } from '../../../lambda/adapters/dynamo/issue-store';
import { createDynamoSubscriberStore } from '../../../lambda/adapters/dynamo/subscriber-store';
import { createS3ArticleSource } from '../../../lambda/adapters/s3/article-source';
import { createS3IssueArchive, issueArchiveKeys } from '../../../lambda/adapters/s3/issue-archive';
import { createSesMailer } from '../../../lambda/adapters/ses/ses-mailer';
import { createSqsRecipientQueue } from '../../../lambda/adapters/sqs/recipient-queue';
import { compileTemplate } from '../../../lambda/adapters/templates/compile-template';
import { parseNewsletterConfig } from '../../../lambda/core/config';
import {
  type ComposeJournal,
  type Logger,
  type Mailer,
  SendFailure,
} from '../../../lambda/core/ports';
import type { CompiledTemplate } from '../../../lambda/core/render/types';
import type { RetryPolicy } from '../../../lambda/core/retry';
import { createComposeHandler } from '../../../lambda/handlers/compose';
import { createDeliverHandler } from '../../../lambda/handlers/deliver';
import type { HandlerMetrics } from '../../../lambda/handlers/environment';
import { createFakeS3, createFakeSqs, sqsRecord } from '../../support/aws-fakes';
import { useDynalite, useSesEmulator } from '../../support/emulators';
import { subscriber } from '../../support/fakes';
import { startSesFaultProxy } from '../../support/ses-fault-proxy';

const dynamo = useDynalite();
const ses = useSesEmulator();

const BUCKET = 'newsletter-articles';
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/recipients';
const SECRET = 's'.repeat(64);
const config = parseNewsletterConfig({
  listName: 'The Example Briefing',
  listId: 'briefing.example.com',
  fromAddress: 'news@example.com',
  postalAddress: '1 Example Street, Springfield',
  publicUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com',
  sendRateCap: 1000,
});
const clock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};
const lambdaContext = { getRemainingTimeInMillis: () => 120_000 };

let template: CompiledTemplate;
let solar: Uint8Array;
let trains: Uint8Array;

beforeAll(async () => {
  [template, solar, trains] = await Promise.all([
    compileTemplate('newsletter'),
    readFile('examples/articles/community-solar.md'),
    readFile('examples/articles/night-trains.html'),
  ]);
});

function recordingLogger() {
  const lines: { level: string; message: string; extra?: unknown }[] = [];
  const record =
    (level: string) =>
    (message: string, ...extra: unknown[]) => {
      lines.push({ level, message, extra: extra[0] });
    };
  const logger: Logger = { info: record('info'), warn: record('warn'), error: record('error') };
  return { lines, logger };
}

function recordingMetrics() {
  const values = new Map<string, number>();
  const metrics = {
    addMetric: (name: string, _unit: unknown, value: number) => {
      values.set(name, (values.get(name) ?? 0) + value);
    },
    publishStoredMetrics: () => {},
  };
  return { values, metrics: metrics as unknown as HandlerMetrics };
}

/** A fresh table, bucket and queue, with three active subscribers and one who left. */
async function world(
  options: {
    mailer?: Mailer;
    stopBeforeTimeoutMs?: number;
    retry?: RetryPolicy;
    stallMs?: number;
    sendQuota?: () => Promise<undefined>;
    /** Wraps the DynamoDB journal, to place a second delivery's reads between the first's writes. */
    journal?: (journal: ComposeJournal) => ComposeJournal;
  } = {},
) {
  const tableName = await dynamo.createTable();
  const client = dynamo.documentClient;
  const subscribers = createDynamoSubscriberStore({ client, tableName });
  for (const [id, status] of [
    ['sub-ana', 'active'],
    ['sub-ben', 'active'],
    ['sub-cy', 'active'],
    ['sub-dee', 'unsubscribed'],
  ] as const) {
    await subscribers.create(subscriber(id, status, `${id}@example.org`));
  }
  const issues = createDynamoIssueStore({ client, tableName });
  const ledger = createDynamoDeliveryLedger({ client, tableName });
  const s3 = createFakeS3(BUCKET);
  s3.put('articles/community-solar.md', solar, new Date('2026-05-01'));
  s3.put('articles/night-trains.html', trains, new Date('2026-05-08'));
  const sqs = createFakeSqs(QUEUE);
  const log = recordingLogger();
  const measured = recordingMetrics();
  const archive = createS3IssueArchive({ client: s3.client, bucket: BUCKET });

  const compose = createComposeHandler({
    articles: createS3ArticleSource({ client: s3.client, bucket: BUCKET }),
    archive,
    openQueue: () => createSqsRecipientQueue({ client: sqs.client, queueUrl: QUEUE }),
    issues,
    journal: (options.journal ?? ((journal) => journal))(
      createDynamoComposeJournal({ client, tableName }),
    ),
    ledger,
    subscribers,
    clock,
    config,
    template,
    ...(options.stallMs === undefined ? {} : { stallMs: options.stallMs }),
    logger: log.logger,
    metrics: measured.metrics,
  });
  const deliver = createDeliverHandler({
    subscribers,
    ledger,
    issues,
    mailer:
      options.mailer ?? createSesMailer({ client: ses.client, configurationSetName: 'newsletter' }),
    archive,
    secret: SECRET,
    config,
    concurrency: 2,
    sendQuota: options.sendQuota ?? (async () => undefined),
    queue: createSqsRecipientQueue({ client: sqs.client, queueUrl: QUEUE, sendAtOnce: true }),
    clock,
    logger: log.logger,
    metrics: measured.metrics,
    retry: options.retry ?? { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    stopBeforeTimeoutMs: options.stopBeforeTimeoutMs,
  });
  return { compose, deliver, issues, ledger, s3, sqs, log, metrics: measured.values, tableName };
}

/** Enough text for an article: one full sentence of six words or more. */
const PROSE = 'The valley town voted to share the power of its new solar roofs.';

describe('compose, invoked by the schedule', () => {
  it('plans the oldest unsent article: archive in S3, recipient batches of ids on SQS', async () => {
    const { compose, s3, sqs, issues } = await world();

    const summary = await compose({});

    expect(summary).toMatchObject({
      status: 'planned',
      articleKey: 'articles/community-solar.md',
      recipients: 3,
      batches: 1,
      resumed: false,
      finished: false,
    });
    const issueId = summary.status === 'planned' ? summary.issueId : '';
    const keys = issueArchiveKeys(issueId);
    expect(s3.text(keys.html)).toContain('<html');
    expect(JSON.parse(s3.text(keys.prepared) ?? '{}')).toMatchObject({ issueId });
    const bodies = sqs.messages.map((m) => JSON.parse(m.body));
    expect(bodies).toEqual([{ issueId, subscriberIds: expect.any(Array) }]);
    expect(bodies[0].subscriberIds.sort()).toEqual(['sub-ana', 'sub-ben', 'sub-cy']);
    expect((await issues.get(issueId))?.status).toBe('sending');
  });

  it('takes the key given in its input, and refuses to send an issue twice unless forced', async () => {
    const { compose, deliver, sqs } = await world();
    const first = await compose({ articleKey: 'articles/night-trains.html' });
    await deliver(sqs.event(), lambdaContext);

    const again = await compose({ articleKey: 'articles/night-trains.html' });
    const forced = await compose(
      { articleKey: 'articles/night-trains.html', force: true },
      { awsRequestId: 'request-1' },
    );

    expect(first).toMatchObject({ status: 'planned', articleKey: 'articles/night-trains.html' });
    expect(again).toEqual({
      status: 'already-sent',
      issueId: first.status === 'planned' ? first.issueId : '',
      articleKey: 'articles/night-trains.html',
    });
    expect(forced).toMatchObject({ status: 'planned', recipients: 3 });
    expect(forced.status === 'planned' && forced.issueId).not.toBe(
      first.status === 'planned' && first.issueId,
    );
  });

  it('makes no second issue when the same request comes again, force included', async () => {
    const { compose, deliver, sqs, issues } = await world();
    await ses.emulator.clear();
    const request = {
      articleKey: 'articles/night-trains.html',
      force: true,
      idempotencyKey: 'cli-7',
    };
    const first = await compose(request);
    // Lambda retries the invocation (same request id); the CLI re-invokes after a timeout.
    const retried = await compose(request, { awsRequestId: 'another-request' });
    await deliver(sqs.event(), lambdaContext);
    const late = await compose(request);

    const issueId = first.status === 'planned' ? first.issueId : '';
    expect(retried).toMatchObject({ status: 'planned', issueId, resumed: true });
    expect(late).toMatchObject({ status: 'already-sent', issueId });
    expect((await issues.get(issueId))?.status).toBe('sent');
    const received = (await ses.emulator.messages()).map((m) => m.destination.to[0]);
    expect(received.sort()).toEqual([
      'sub-ana@example.org',
      'sub-ben@example.org',
      'sub-cy@example.org',
    ]);
  });

  it('plans one issue when two deliveries of a scheduled run race past the journal', async () => {
    let readBeforeFirstRecorded = false;
    const { compose, sqs } = await world({
      journal: (journal) => ({
        ...journal,
        requestIssue: async (key) =>
          readBeforeFirstRecorded ? undefined : journal.requestIssue(key),
      }),
    });
    const execution = { awsRequestId: 'schedule-execution-1' };
    const first = await compose({}, execution);
    // The second delivery read the journal before the first recorded its request, so it finds the
    // oldest article's issue on its way and picks the next article, until its own record loses.
    readBeforeFirstRecorded = true;
    const second = await compose({}, execution);

    const issueId = first.status === 'planned' ? first.issueId : '';
    expect(first).toMatchObject({ status: 'planned', articleKey: 'articles/community-solar.md' });
    expect(second).toMatchObject({
      status: 'planned',
      issueId,
      articleKey: 'articles/community-solar.md',
      resumed: true,
    });
    const enqueuedFor = new Set(sqs.messages.map((m) => JSON.parse(m.body).issueId));
    expect([...enqueuedFor]).toEqual([issueId]);
  });

  it('refuses force without an idempotency key, naming what it needs', async () => {
    const { compose } = await world();
    await expect(
      compose({ articleKey: 'articles/night-trains.html', force: true }),
    ).rejects.toThrow('compose event force: needs an idempotencyKey (the same for every retry)');
  });

  it.each([
    [
      'a misspelt field',
      { articlekey: 'articles/night-trains.html' },
      'compose event (root): Unrecognized key: "articlekey"; expected {"articleKey"',
    ],
    [
      'force without the article to send again',
      { force: true, idempotencyKey: 'k1' },
      'compose event force: needs articleKey: it sends that article again as a new issue',
    ],
  ])('refuses %s instead of running the schedule, sending nothing', async (_, event, message) => {
    const { compose, sqs, issues } = await world();

    await expect(compose(event)).rejects.toThrow(message);

    expect(sqs.messages).toEqual([]);
    expect(await issues.list()).toEqual([]);
  });

  it('reads only the articles it has not seen: a later run lists them and reads none', async () => {
    const { compose, deliver, sqs, s3 } = await world();
    await compose({});
    await deliver(sqs.event(), lambdaContext);
    await compose({});
    await deliver(sqs.event(), lambdaContext);
    s3.calls.length = 0;

    const third = await compose({});

    expect(third).toMatchObject({ status: 'nothing-to-send' });
    expect(s3.calls.filter((call) => call.startsWith('GetObject'))).toEqual([]);
  });

  it('puts a stalled older issue back on the queue and still plans the next article', async () => {
    const { compose, sqs, issues, ledger } = await world({ stallMs: 0 });
    const first = await compose({});
    const firstId = first.status === 'planned' ? first.issueId : '';
    // One recipient was sent, then the batch was lost (say, to the dead-letter queue).
    sqs.messages.length = 0;
    await ledger.claim(firstId, 'sub-ana', 1, 0);
    await ledger.markSent(firstId, 'sub-ana', 'ses-1');

    const second = await compose({});

    expect(second).toMatchObject({
      status: 'planned',
      articleKey: 'articles/night-trains.html',
      resumedIssues: [firstId],
    });
    const resumed = sqs.messages
      .map((m) => JSON.parse(m.body))
      .filter((b) => b.issueId === firstId);
    expect(resumed.flatMap((b) => b.subscriberIds).sort()).toEqual(['sub-ben', 'sub-cy']);
    expect(await issues.get(firstId)).toMatchObject({
      status: 'sending',
      counts: { recipients: 3, sent: 1 },
    });
  });

  it('moves on to the next article once the oldest was sent, then has nothing to send', async () => {
    const { compose, deliver, sqs } = await world();
    await compose({});
    await deliver(sqs.event(), lambdaContext);
    sqs.messages.length = 0;

    const second = await compose({});
    await deliver(sqs.event(), lambdaContext);
    const third = await compose({});

    expect(second).toMatchObject({ status: 'planned', articleKey: 'articles/night-trains.html' });
    expect(third).toEqual({ status: 'nothing-to-send' });
  });

  it.each([
    [
      'an empty file',
      'articles/empty.md',
      '',
      expect.stringMatching(/^Article articles\/empty\.md /),
    ],
    [
      // Read and planned, the render refused the link: every run failed on it, before the others.
      'a Markdown article whose url the email cannot link to',
      'articles/bad-url.md',
      `---\nurl: www.example.com/story\n---\n\n${PROSE}`,
      'Article articles/bad-url.md has a url in its front matter that the email cannot link to: "www.example.com/story" is not an absolute URL (https://…) — write the whole address (https://…) or remove the url line',
    ],
    [
      // The Markdown lexer recurses once per level: its stack overflow failed every run; the depth
      // is now refused at the 33rd level.
      'a Markdown article nested thousands of blockquotes deep',
      'articles/deep.md',
      `${'>'.repeat(50_000)} ${PROSE}`,
      `Article articles/deep.md could not be read as Markdown: its lists or quotes nest more than 32 levels deep, more than an article needs (at "${'>'.repeat(30)}…"); write the deepest at fewer levels`,
    ],
  ])('passes over %s, logging why, and plans the next article', async (_, key, body, reason) => {
    const { compose, s3, log, metrics } = await world();
    s3.put(key, body, new Date('2026-04-01'));

    const summary = await compose({});

    expect(summary).toMatchObject({ status: 'planned', articleKey: 'articles/community-solar.md' });
    expect(log.lines).toContainEqual({
      level: 'error',
      message: 'Passing over an article that cannot be used',
      extra: { articleKey: key, reason },
    });
    expect(metrics.get('ArticlesRejected')).toBe(1);
  });

  it.each([
    [
      'a title of control characters alone',
      'no-title.md',
      `---\ntitle: "\\x01"\n---\n\n${PROSE}`,
      'The valley town voted to share the power…',
    ],
    [
      'a canonical link that is no URL',
      'page.html',
      `<html><head><title>A page</title><link rel="canonical" href="https://[x"></head><body><p>${PROSE}</p></body></html>`,
      'A page',
    ],
  ])('sends an article with %s instead of failing the run', async (_, name, body, title) => {
    const { compose, s3 } = await world();
    s3.put(`articles/${name}`, body, new Date('2026-04-01'));

    expect(await compose({})).toMatchObject({
      status: 'planned',
      articleKey: `articles/${name}`,
      title,
    });
  });

  it('sends a Word "Web Page, Filtered" upload in the Windows-1252 its <meta> declares', async () => {
    const { compose, s3 } = await world();
    const page = await readFile('test/fixtures/articles/word-web-page.htm');
    s3.put('articles/Zürich levy.htm', page, new Date('2026-04-01'));

    expect(await compose({})).toMatchObject({
      status: 'planned',
      articleKey: 'articles/Zürich levy.htm',
      title: 'Zürich café owners call the night levy “unfair”',
    });
  });

  it('refuses an input that names no article, saying what it expects', async () => {
    const { compose } = await world();

    await expect(compose({ articleKey: 'solar.md' })).rejects.toThrow(
      'compose event articleKey: must be a key under articles/, e.g. articles/2026-05-04.md; expected {"articleKey": "articles/<file>"}, {"feeds": ["https://…"]} or {}',
    );
  });
});

describe('deliver, the SQS consumer', () => {
  it('counts what a batch put back from the dead-letter queue had finished, and finishes the issue', async () => {
    const { compose, deliver, sqs, issues, ledger } = await world();
    const summary = await compose({});
    const issueId = summary.status === 'planned' ? summary.issueId : '';
    const [planned] = sqs.messages.map((m) => JSON.parse(m.body));
    // The attempts that failed every receive had sent to sub-ana without counting it.
    await ledger.claim(issueId, 'sub-ana', Date.now() + 60_000, Date.now());
    await ledger.markSent(issueId, 'sub-ana', 'ses-1');

    // `dlq --redrive` puts it back marked, as a message received for the first time.
    const body = JSON.stringify({ ...planned, redriven: true });
    await deliver(sqs.event([{ messageId: 'redriven-1', body }]), lambdaContext);

    expect(await issues.get(issueId)).toMatchObject({
      status: 'sent',
      counts: { recipients: 3, sent: 3 },
    });
  });

  it('sends every planned recipient one message, marks the issue sent, and never sends twice', async () => {
    const { compose, deliver, sqs, issues, log, metrics } = await world();
    await ses.emulator.clear();
    const summary = await compose({});
    const issueId = summary.status === 'planned' ? summary.issueId : '';

    const first = await deliver(sqs.event(), lambdaContext);
    const redelivered = await deliver(sqs.event(), lambdaContext);

    expect(first).toEqual({ batchItemFailures: [] });
    expect(redelivered).toEqual({ batchItemFailures: [] });
    const received = await ses.emulator.messages();
    expect(received.map((m) => m.destination.to[0]).sort()).toEqual([
      'sub-ana@example.org',
      'sub-ben@example.org',
      'sub-cy@example.org',
    ]);
    expect(await issues.get(issueId)).toMatchObject({
      status: 'sent',
      counts: { recipients: 3, sent: 3, failed: 0, skipped: 0 },
    });
    expect(metrics.get('MessagesSent')).toBe(3);
    expect(metrics.get('IssuesSent')).toBe(1);
    expect(JSON.stringify(log.lines)).not.toContain('@example.org');
  });

  it('sends once more to a recipient whose sender died after SES took it, and says so', async () => {
    const { compose, deliver, sqs, issues, ledger, log, metrics } = await world();
    await ses.emulator.clear();
    const summary = await compose({});
    const issueId = summary.status === 'planned' ? summary.issueId : '';
    // An invocation killed between SendRawEmail and the `sent` mark: its claim stays, and ends.
    await ledger.claim(issueId, 'sub-ben', Date.now() - 1, Date.now() - 180_000);

    const result = await deliver(sqs.event(), lambdaContext);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(await ses.emulator.messages()).toHaveLength(3);
    expect(await issues.get(issueId)).toMatchObject({ status: 'sent', counts: { sent: 3 } });
    expect(metrics.get('ClaimsTakenOver')).toBe(1);
    expect(log.lines).toContainEqual({
      level: 'warn',
      message: expect.stringContaining('may get this issue twice'),
      extra: { issueId, subscriberId: 'sub-ben' },
    });
  });

  it('sends nothing for a batch whose issue record was deleted, and fails the record saying why', async () => {
    const { compose, deliver, sqs, ledger, log, tableName } = await world();
    await ses.emulator.clear();
    const summary = await compose({});
    const issueId = summary.status === 'planned' ? summary.issueId : '';
    await dynamo.documentClient.send(
      new DeleteCommand({ TableName: tableName, Key: { pk: `ISSUE#${issueId}`, sk: 'META' } }),
    );
    const event = sqs.event();

    const result = await deliver(event, lambdaContext);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
    expect(await ses.emulator.messages()).toEqual([]);
    expect(await ledger.countByState(issueId)).toMatchObject({ claimed: 0, sent: 0 });
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        extra: expect.objectContaining({
          issueId,
          error: expect.stringContaining('has no record in the table, so nothing is sent for it'),
        }),
      }),
    );
  });

  it('skips a subscriber who left after the issue was planned', async () => {
    const { compose, deliver, sqs, ledger } = await world();
    const summary = await compose({});
    const issueId = summary.status === 'planned' ? summary.issueId : '';
    const body = JSON.stringify({ issueId, subscriberIds: ['sub-dee'] });

    const result = await deliver(sqs.event([{ messageId: 'm-dee', body }]), lambdaContext);

    expect(result.batchItemFailures).toEqual([]);
    expect(await ledger.get(issueId, 'sub-dee')).toMatchObject({ state: 'skipped' });
  });

  it('reports a malformed record as failed, with its reason logged, and delivers the others', async () => {
    const { compose, deliver, sqs, log } = await world();
    await compose({});
    const event = sqs.event();
    event.Records.unshift(sqsRecord({ messageId: 'broken-1', body: '{"issueId":"x"}' }, QUEUE));

    const result = await deliver(event, lambdaContext);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'broken-1' }] });
    expect(log.lines).toContainEqual({
      level: 'error',
      message: 'Malformed recipient batch; after its last receive it goes to the DLQ',
      extra: {
        messageId: 'broken-1',
        receiveCount: '1',
        reason: 'subscriberIds: Invalid input: expected array, received undefined',
      },
    });
  });

  it('puts recipients whose sends keep being throttled back on the queue with a delay, and acknowledges the record', async () => {
    const throttled: Mailer = {
      async send() {
        throw new SendFailure('throttled', 'SES is throttling');
      },
    };
    const { compose, deliver, sqs, ledger, metrics } = await world({ mailer: throttled });
    const summary = await compose({});
    const issueId = summary.status === 'planned' ? summary.issueId : '';

    const result = await deliver(sqs.event(), lambdaContext);

    expect(result).toEqual({ batchItemFailures: [] });
    const again = sqs.messages.slice(1);
    expect(again).toHaveLength(1);
    expect(again[0]?.delaySeconds).toBe(30);
    expect(JSON.parse(again[0]?.body ?? '{}').subscriberIds.sort()).toEqual([
      'sub-ana',
      'sub-ben',
      'sub-cy',
    ]);
    // Released: the next receive may claim it at once.
    expect(await ledger.get(issueId, 'sub-ana')).toMatchObject({ state: 'claimed', leaseUntil: 0 });
    expect(metrics.get('SesThrottles')).toBeGreaterThan(0);
    expect(metrics.get('RecipientsDeferred')).toBe(3);
    expect(metrics.get('MessagesSent')).toBe(0);
  });

  it('pauses the issue when SES says the daily quota is spent, deferring the rest by 15 minutes', async () => {
    const spent: Mailer = {
      async send() {
        throw new SendFailure('quota', 'Daily message quota exceeded.');
      },
    };
    const { compose, deliver, sqs, issues, metrics, log } = await world({ mailer: spent });
    const summary = await compose({});
    const issueId = summary.status === 'planned' ? summary.issueId : '';

    const result = await deliver(sqs.event(), lambdaContext);

    expect(result).toEqual({ batchItemFailures: [] });
    // The age of the unfinished issue, for the stuck-issue alarm; none was sent.
    expect(metrics.get('OldestUnfinishedIssueAgeSeconds')).toBeGreaterThanOrEqual(0);
    expect(metrics.get('IssuesSent')).toBe(0);
    expect(metrics.get('ArticlesWaiting')).toBe(1);
    expect(sqs.messages.slice(1).map((m) => m.delaySeconds)).toEqual([900]);
    expect(await issues.get(issueId)).toMatchObject({
      status: 'paused',
      pausedReason: 'Daily message quota exceeded.',
    });
    // The daily quota comes back by itself: no alarm, a warning.
    expect(metrics.get('SendingRefused')).toBe(0);
    expect(log.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(log.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringContaining('daily quota') }),
    );
  });

  it('says at once, as an error and a SendingRefused count, when SES refuses the account for a cause someone must fix', async () => {
    // SES's own answer, through the SDK: the configuration set was deleted.
    const proxy = await startSesFaultProxy(ses.endpoint, {
      refuseAll: {
        code: 'ConfigurationSetDoesNotExist',
        message: 'Configuration set <newsletter> does not exist.',
      },
    });
    const client = createSesClient({ endpoint: proxy.endpoint, maxAttempts: 1 });
    try {
      const mailer = createSesMailer({ client, configurationSetName: 'newsletter' });
      const { compose, deliver, sqs, issues, metrics, log } = await world({ mailer });
      const summary = await compose({});
      const issueId = summary.status === 'planned' ? summary.issueId : '';

      const result = await deliver(sqs.event(), lambdaContext);

      expect(result).toEqual({ batchItemFailures: [] });
      expect(await issues.get(issueId)).toMatchObject({ status: 'paused' });
      expect(metrics.get('SendingRefused')).toBe(1);
      const refused = log.lines.filter((line) => line.level === 'error');
      expect(refused).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('SES refuses to send'),
          extra: expect.objectContaining({
            issueIds: [issueId],
            reason: expect.stringContaining('ConfigurationSetDoesNotExistException'),
          }),
        }),
      ]);
    } finally {
      client.destroy();
      await proxy.stop();
    }
  });

  it('sends those left waiting when the daily quota ran out mid-batch once SES sends again, and finishes the issue', async () => {
    const emulator = createSesMailer({ client: ses.client, configurationSetName: 'newsletter' });
    let quotaLeft = 1;
    const mailer: Mailer = {
      async send(message) {
        if (quotaLeft <= 0) throw new SendFailure('quota', 'Daily message quota exceeded.');
        quotaLeft--;
        return emulator.send(message);
      },
    };
    const { compose, deliver, sqs, issues } = await world({ mailer });
    await ses.emulator.clear();
    const summary = await compose({});
    const issueId = summary.status === 'planned' ? summary.issueId : '';

    await deliver(sqs.event(), lambdaContext);
    const waiting = sqs.messages.slice(1);
    expect(await issues.get(issueId)).toMatchObject({ status: 'paused', counts: { sent: 1 } });
    quotaLeft = Number.POSITIVE_INFINITY;
    // A quarter of an hour later SQS hands the deferred recipients back.
    const result = await deliver(sqs.event(waiting), lambdaContext);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(waiting.map((m) => m.delaySeconds)).toEqual([900]);
    expect(JSON.parse(waiting[0]?.body ?? '{}').subscriberIds).toHaveLength(2);
    expect(await issues.get(issueId)).toMatchObject({
      status: 'sent',
      counts: { recipients: 3, sent: 3, failed: 0, skipped: 0 },
    });
    const received = (await ses.emulator.messages()).map((m) => m.destination.to[0]);
    expect(received.sort()).toEqual([
      'sub-ana@example.org',
      'sub-ben@example.org',
      'sub-cy@example.org',
    ]);
  });

  it('sends no second copy at once when SES took a message but answered too late, and waits out the claim', async () => {
    // SES takes each message and answers after the client's request timeout.
    const taken: Promise<void>[] = [];
    const slow = createServer((req, res) => {
      taken.push(
        new Promise((resolve) => {
          const forward = request(
            ses.endpoint + (req.url ?? '/'),
            { method: req.method, headers: req.headers },
            (answer) => {
              resolve();
              setTimeout(() => {
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(res);
              }, 400);
            },
          );
          req.pipe(forward);
        }),
      );
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const client = createSesClient({
      endpoint: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
      maxAttempts: 1,
      requestTimeoutMs: 100,
    });
    try {
      const mailer = createSesMailer({ client, configurationSetName: 'newsletter' });
      const retry = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 };
      const { compose, deliver, sqs, issues, ledger, metrics } = await world({ mailer, retry });
      await ses.emulator.clear();
      const summary = await compose({});
      const issueId = summary.status === 'planned' ? summary.issueId : '';

      const result = await deliver(sqs.event(), lambdaContext);
      await Promise.all(taken);

      expect(result).toEqual({ batchItemFailures: [] });
      expect(await ses.emulator.messages()).toHaveLength(3);
      expect(metrics.get('SesTransientErrors')).toBe(3);
      expect(await ledger.get(issueId, 'sub-ana')).toMatchObject({
        state: 'claimed',
        leaseUntil: expect.any(Number),
      });
      // Back once the claims' leases (the invocation's time left and a minute) have ended.
      expect(sqs.messages.slice(1).map((m) => m.delaySeconds)).toEqual([180]);
      expect((await issues.get(issueId))?.status).toBe('sending');
    } finally {
      client.destroy();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('stops sending before the invocation times out and puts the batch back on the queue at once', async () => {
    const { compose, deliver, sqs, log } = await world({ stopBeforeTimeoutMs: 15_000 });
    await compose({});

    const result = await deliver(sqs.event(), { getRemainingTimeInMillis: () => 10_000 });

    expect(result).toEqual({ batchItemFailures: [] });
    expect(sqs.messages.slice(1)).toEqual([
      expect.objectContaining({ body: sqs.messages[0]?.body }),
    ]);
    expect(sqs.messages[1]?.delaySeconds).toBeUndefined();
    expect(log.lines.find((line) => line.message === 'Deliveries done')?.extra).toMatchObject({
      sent: 0,
      deferred: 3,
      stopped: 'the invocation is about to time out',
    });
  });

  it('counts the wait for the SES quota against the time the invocation has left', async () => {
    const { compose, deliver, sqs, log } = await world({
      stopBeforeTimeoutMs: 15_000,
      sendQuota: () => new Promise((resolve) => setTimeout(() => resolve(undefined), 300)),
    });
    await compose({});

    // 200 ms before the stop margin when the invocation starts; the quota call takes 300 ms.
    await deliver(sqs.event(), { getRemainingTimeInMillis: () => 15_200 });

    expect(log.lines.find((line) => line.message === 'Deliveries done')?.extra).toMatchObject({
      sent: 0,
      stopped: 'the invocation is about to time out',
    });
  });

  it('fails only the record that cannot be delivered, so SQS retries it alone', async () => {
    const { compose, deliver, sqs, issues, log } = await world();
    const summary = await compose({});
    const issueId = summary.status === 'planned' ? summary.issueId : '';
    const body = JSON.stringify({ issueId: 'ghost-0123456789', subscriberIds: ['sub-ana'] });
    const event = sqs.event();
    event.Records.unshift(sqsRecord({ messageId: 'ghost', body }, QUEUE));

    const result = await deliver(event, lambdaContext);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'ghost' }] });
    expect((await issues.get(issueId))?.status).toBe('sent');
    expect(log.lines).toContainEqual({
      level: 'error',
      message: 'Recipient batch failed; SQS delivers it again',
      extra: expect.objectContaining({
        messageId: 'ghost',
        error: expect.stringMatching(
          /^Issue ghost-0123456789 has no record in the table, so nothing is sent for it/,
        ),
      }),
    });
  });
});

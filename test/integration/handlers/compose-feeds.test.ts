/**
 * compose with feeds, as the schedule invokes it when the `feeds` context key is set: a real
 * HTTP server on loopback serves the feed and pages, DynamoDB is dynalite, S3 and SQS are
 * in-memory fakes behind the real adapters. The fetcher allows loopback here only because the
 * test server is on it; the deployed function never does (see address-guard.test.ts).
 */
import { readFile } from 'node:fs/promises';
import { parseAtomFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoArchiveIndex } from '../../../lambda/adapters/dynamo/archive-index';
import { createDynamoComposeJournal } from '../../../lambda/adapters/dynamo/compose-journal';
import { createDynamoDeliveryLedger } from '../../../lambda/adapters/dynamo/delivery-ledger';
import { createDynamoFeedStateStore } from '../../../lambda/adapters/dynamo/feed-state-store';
import { createDynamoIssueStore } from '../../../lambda/adapters/dynamo/issue-store';
import { createDynamoSubscriberStore } from '../../../lambda/adapters/dynamo/subscriber-store';
import { createFetcher } from '../../../lambda/adapters/http/fetcher';
import { createS3ArchiveWriter } from '../../../lambda/adapters/s3/archive-writer';
import { createS3ArticleSource } from '../../../lambda/adapters/s3/article-source';
import { createS3IssueArchive } from '../../../lambda/adapters/s3/issue-archive';
import { createSqsRecipientQueue } from '../../../lambda/adapters/sqs/recipient-queue';
import { compileTemplate } from '../../../lambda/adapters/templates/compile-template';
import { archiveSiteOf, publishArchivedIssue } from '../../../lambda/core/archive/archive-site';
import type { FeedStateStore } from '../../../lambda/core/feeds/types';
import type { Logger } from '../../../lambda/core/ports';
import type { CompiledTemplate } from '../../../lambda/core/render/types';
import { type ComposeSummary, createComposeHandler } from '../../../lambda/handlers/compose';
import type { HandlerMetrics } from '../../../lambda/handlers/environment';
import { createFakeS3, createFakeSqs } from '../../support/aws-fakes';
import { useDynalite } from '../../support/emulators';
import { subscriber } from '../../support/fakes';
import { articlePage, serveGazette } from '../../support/feed-fixtures';
import { startWebServer, type WebServer } from '../../support/web-server';
import { testConfig } from '../../unit/render/fixtures';

const dynamo = useDynalite();
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/recipients';
/** Its archiveUrl is where the archive bucket is served (the distribution, in AWS). */
const config = testConfig;
const ARCHIVE_URL = testConfig.archiveUrl ?? '';

let web: WebServer;
let templates: { newsletter: CompiledTemplate; digest: CompiledTemplate };
beforeAll(async () => {
  const [newsletter, digest] = await Promise.all([
    compileTemplate('newsletter'),
    compileTemplate('digest'),
  ]);
  templates = { newsletter, digest };
  web = await startWebServer();
  serveGazette(web);
});
afterAll(async () => {
  await web?.close();
});

/** With `crashBeforeFeedStates`, compose dies once where it would remember what the feeds held. */
async function world({
  crashBeforeFeedStates = false,
  subscriberIds = ['sub-ana', 'sub-ben'],
} = {}) {
  const tableName = await dynamo.createTable();
  const client = dynamo.documentClient;
  const subscribers = createDynamoSubscriberStore({ client, tableName });
  for (const id of subscriberIds) await subscribers.create(subscriber(id));
  const s3 = createFakeS3('newsletter-articles');
  const site = createFakeS3('newsletter-archive');
  const sqs = createFakeSqs(QUEUE);
  const lines: string[] = [];
  const logger: Logger = {
    info: (message) => void lines.push(`info ${message}`),
    warn: (message, fields) => void lines.push(`warn ${message} ${JSON.stringify(fields)}`),
    error: (message) => void lines.push(`error ${message}`),
  };
  const measured = new Map<string, number>();
  const metrics = {
    addMetric: (name: string, _unit: unknown, value: number) =>
      measured.set(name, (measured.get(name) ?? 0) + value),
    publishStoredMetrics: () => {},
  } as unknown as HandlerMetrics;
  const archive = createS3IssueArchive({ client: s3.client, bucket: 'newsletter-articles' });
  const feedStates = createDynamoFeedStateStore({ client, tableName });
  const compose = createComposeHandler({
    articles: createS3ArticleSource({ client: s3.client, bucket: 'newsletter-articles' }),
    archive,
    openQueue: () => createSqsRecipientQueue({ client: sqs.client, queueUrl: QUEUE }),
    issues: createDynamoIssueStore({ client, tableName }),
    journal: createDynamoComposeJournal({ client, tableName }),
    ledger: createDynamoDeliveryLedger({ client, tableName }),
    subscribers,
    clock: { now: () => Date.now(), sleep: async () => {} },
    config,
    template: templates.newsletter,
    logger,
    metrics,
    feeds: {
      web: createFetcher({ allowLoopback: true, timeoutMs: 2_000 }),
      states: crashOnce(feedStates, crashBeforeFeedStates),
      template: async () => templates.digest,
    },
    publish: async (issueId, publishedAt) => {
      await publishArchivedIssue(
        {
          archive,
          index: createDynamoArchiveIndex({ client, tableName }),
          writer: createS3ArchiveWriter({ client: site.client, bucket: 'newsletter-archive' }),
          site: archiveSiteOf(config, ARCHIVE_URL),
        },
        issueId,
        publishedAt,
      );
    },
  });
  /** Uploads an article under articles/, as an operator does. */
  const upload = async (name: string) => {
    s3.put(`articles/${name}`, await readFile(`examples/articles/${name}`), new Date());
  };
  /** Remembers a feed as read once before, when it listed nothing: all it lists now is new. */
  const readBefore = (feedUrl: string) =>
    feedStates.put({ feedUrl, seen: [], checkedAt: '2026-12-01T00:00:00Z' });
  return { compose, upload, site, sqs, lines, measured, subscribers, readBefore };
}

function crashOnce(states: FeedStateStore, crash: boolean): FeedStateStore {
  let crashes = crash ? 1 : 0;
  return {
    get: (feedUrl) => states.get(feedUrl),
    put: async (state) => {
      if (crashes-- > 0) throw new Error('compose was killed before the feeds were remembered');
      await states.put(state);
    },
  };
}

/** The digest part of a scheduled run's summary. */
function digestOf(summary: ComposeSummary) {
  if (summary.status !== 'scheduled') throw new Error(`not a scheduled run: ${summary.status}`);
  return summary.digest;
}

describe('compose with feeds', () => {
  it('plans one digest of the new items and publishes it to the archive before sending', async () => {
    const { compose, site, sqs } = await world();
    const summary = digestOf(await compose({ feeds: [`${web.url}/feed.xml`], maxArticles: 5 }));

    expect(summary).toMatchObject({
      status: 'planned',
      articleKey: 'feeds: 2 articles',
      title: 'Bridge repairs start and 1 more',
      recipients: 2,
    });
    const issueId = summary.status === 'planned' ? summary.issueId : '';
    expect(sqs.messages.map((m) => JSON.parse(m.body).issueId)).toEqual([issueId]);

    const page = site.text(`${issueId}/index.html`) ?? '';
    expect(page).toContain('Bridge repairs start');
    expect(page).toContain('Library opens late');
    expect(page).not.toMatch(/token=|Unsubscribe/);
    expect(page).toContain(`${config.publicUrl}/subscribe`);
    expect(site.objects.get('feed.xml')?.contentType).toBe('application/atom+xml; charset=utf-8');
    const feed = parseAtomFeed(site.text('feed.xml') ?? '');
    expect(feed.entries?.map((e) => e.links?.[0]?.href)).toEqual([
      `${ARCHIVE_URL}/${issueId}/index.html`,
    ]);
    expect(site.text('index.html')).toContain(`href="${issueId}/index.html"`);
  });

  it('makes no issue when nothing is new: a log line and the NothingNew metric', async () => {
    const { compose, sqs, lines, measured } = await world();
    await compose({ feeds: [`${web.url}/feed.xml`] });
    const sent = sqs.messages.length;

    const again = await compose({ feeds: [`${web.url}/feed.xml`] });

    expect(again).toEqual({
      status: 'scheduled',
      upload: { status: 'nothing-to-send' },
      digest: { status: 'nothing-new', feeds: 1 },
    });
    expect(sqs.messages.length).toBe(sent);
    expect(lines).toContain('info Nothing new in the feeds: no issue, no email');
    expect(measured.get('NothingNew')).toBe(1);
  });

  it('makes no digest while nobody is subscribed, and keeps the new items for when someone is', async () => {
    const { compose, sqs, lines, subscribers } = await world({ subscriberIds: [] });
    const waiting = digestOf(await compose({ feeds: [`${web.url}/feed.xml`] }));
    expect(waiting).toEqual({ status: 'waiting-for-subscribers', articleKey: 'feeds: 2 articles' });
    expect(sqs.messages).toEqual([]);
    expect(
      lines.some((line) =>
        line.startsWith(
          "warn No active subscriber: nothing was composed or sent; the feeds' new items wait",
        ),
      ),
    ).toBe(true);

    await subscribers.create(subscriber('sub-cai'));
    const planned = digestOf(await compose({ feeds: [`${web.url}/feed.xml`] }));
    expect(planned).toMatchObject({
      status: 'planned',
      articleKey: 'feeds: 2 articles',
      recipients: 1,
    });
  });

  it('carries the items beyond maxArticles to the next run, oldest first', async () => {
    const { compose, lines, readBefore } = await world();
    await readBefore(`${web.url}/feed.xml`);
    const first = digestOf(await compose({ feeds: [`${web.url}/feed.xml`], maxArticles: 1 }));
    expect(first).toMatchObject({ status: 'planned', title: 'Library opens late' });
    expect(lines).toContain('info The digest is full: newer items wait for the next run');

    const next = digestOf(await compose({ feeds: [`${web.url}/feed.xml`], maxArticles: 1 }));
    expect(next).toMatchObject({ status: 'planned', title: 'Bridge repairs start' });
    const last = digestOf(await compose({ feeds: [`${web.url}/feed.xml`], maxArticles: 1 }));
    expect(last).toEqual({ status: 'nothing-new', feeds: 1 });
  });

  it('sends only the newest maxArticles items of a feed read for the first time, and never its older ones', async () => {
    const { compose, lines } = await world();
    const first = digestOf(await compose({ feeds: [`${web.url}/feed.xml`], maxArticles: 1 }));
    expect(first).toMatchObject({ status: 'planned', title: 'Bridge repairs start' });
    expect(lines).toContain(
      'info A feed read for the first time: its older items are taken as read, not sent',
    );
    const next = await compose({ feeds: [`${web.url}/feed.xml`], maxArticles: 1 });
    expect(digestOf(next)).toEqual({ status: 'nothing-new', feeds: 1 });
  });

  it('logs each feed it passes over, and still makes the digest of the others', async () => {
    const { compose, lines } = await world();
    const summary = digestOf(
      await compose({ feeds: [`${web.url}/missing.xml`, `${web.url}/feed.xml`] }),
    );
    expect(summary).toMatchObject({ status: 'planned', articleKey: 'feeds: 2 articles' });
    expect(lines).toContain(
      `warn Passing over a feed or an item {"url":"${web.url}/missing.xml","reason":"answered HTTP 404"}`,
    );
  });

  it('refuses an event with a feed that is not an http(s) URL, changing nothing', async () => {
    const { compose, sqs } = await world();
    await expect(compose({ feeds: ['file:///etc/passwd'] })).rejects.toThrow(
      /^compose event feeds\.0: /,
    );
    expect(sqs.messages).toEqual([]);
  });

  it('refuses an event whose scheduledTime is not a date and time, changing nothing', async () => {
    const { compose, sqs } = await world();
    await expect(
      compose({ feeds: [`${web.url}/feed.xml`], scheduledTime: 'next tuesday' }),
    ).rejects.toThrow(/^compose event scheduledTime: .*; expected \{"articleKey"/);
    expect(sqs.messages).toEqual([]);
  });

  it('refuses an event with both feeds and an articleKey, changing nothing', async () => {
    const { compose, upload, sqs } = await world();
    await upload('night-trains.html');
    await expect(
      compose({ feeds: [`${web.url}/feed.xml`], articleKey: 'articles/night-trains.html' }),
    ).rejects.toThrow(/^compose event feeds: cannot be given with articleKey or force/);
    expect(sqs.messages).toEqual([]);
  });
});

describe('a retried scheduled run with feeds', () => {
  it('makes the same digest again after a crash before the feeds were remembered, even if a feed published in between', async () => {
    const route = '/feed-retried.xml';
    serveGazette(web, route);
    const { compose, sqs, lines } = await world({ crashBeforeFeedStates: true });
    const firing = {
      feeds: [`${web.url}${route}`],
      idempotencyKey: 'execution-7',
      scheduledTime: '2026-12-04T06:00:00Z',
    };
    await expect(compose(firing)).rejects.toThrow('killed before the feeds were remembered');
    const planned = [...new Set(sqs.messages.map((m) => JSON.parse(m.body).issueId))];
    expect(planned).toHaveLength(1);

    web.routes.set('/ferry', { body: articlePage('Ferry returns', 'ferry') });
    const ferry = {
      id: 'f',
      title: 'Ferry returns',
      link: '/ferry',
      published: '2026-12-04T07:00Z',
    };
    serveGazette(web, route, [ferry]);
    const retry = digestOf(await compose(firing));
    expect(retry).toMatchObject({ status: 'planned', issueId: planned[0], resumed: true });
    expect(new Set(sqs.messages.map((m) => JSON.parse(m.body).issueId)).size).toBe(1);
    expect(lines).toContain(
      "info Items dated after this run's scheduled time wait for the next run",
    );
    expect(lines).not.toContain('info The digest is full: newer items wait for the next run');

    const next = digestOf(
      await compose({
        ...firing,
        idempotencyKey: 'execution-8',
        scheduledTime: '2026-12-11T06:00:00Z',
      }),
    );
    expect(next).toMatchObject({ status: 'planned', title: 'Ferry returns', recipients: 2 });
  });
});

describe('a scheduled run with feeds and uploads', () => {
  const FEEDS = () => [`${web.url}/feed.xml`];

  it('sends the oldest unsent upload as its own issue, then the digest', async () => {
    const { compose, upload, sqs, measured } = await world();
    await upload('community-solar.md');
    await upload('night-trains.html');

    const run = await compose({ feeds: FEEDS(), idempotencyKey: 'execution-1' });

    expect(run).toMatchObject({
      status: 'scheduled',
      upload: { status: 'planned', articleKey: 'articles/community-solar.md', recipients: 2 },
      digest: { status: 'planned', articleKey: 'feeds: 2 articles', recipients: 2 },
    });
    if (run.status !== 'scheduled') return;
    const ids = [run.upload, run.digest].map((part) => ('issueId' in part ? part.issueId : ''));
    expect(new Set(ids).size).toBe(2);
    // The upload's recipients are queued before the digest's.
    expect([...new Set(sqs.messages.map((m) => JSON.parse(m.body).issueId))]).toEqual(ids);
    expect(measured.get('IssuesPlanned')).toBe(2);
    expect(measured.get('RecipientsEnqueued')).toBe(4);
    expect(measured.get('ArticlesWaiting')).toBe(2);
  });

  it('finds both issues again on a retry of the same firing; the next firing takes the next upload', async () => {
    const { compose, upload, sqs, readBefore } = await world();
    await upload('community-solar.md');
    await readBefore(`${web.url}/feed.xml`);
    // One item per digest: the first leaves items waiting for the next firing.
    const firing = { feeds: FEEDS(), maxArticles: 1, idempotencyKey: 'execution-1' };
    const first = await compose(firing);
    const uploadId =
      first.status === 'scheduled' && 'issueId' in first.upload ? first.upload.issueId : '';
    const digestId =
      first.status === 'scheduled' && 'issueId' in first.digest ? first.digest.issueId : '';
    expect(uploadId).not.toBe('');
    expect(digestId).not.toBe('');

    const retry = await compose(firing);
    expect(retry).toMatchObject({
      status: 'scheduled',
      upload: { status: 'planned', issueId: uploadId, resumed: true },
      digest: { status: 'planned', issueId: digestId, resumed: true },
    });
    expect(new Set(sqs.messages.map((m) => JSON.parse(m.body).issueId)).size).toBe(2);

    await upload('night-trains.html');
    const next = await compose({ feeds: FEEDS(), idempotencyKey: 'execution-2' });
    expect(next).toMatchObject({
      status: 'scheduled',
      upload: { status: 'planned', articleKey: 'articles/night-trains.html', resumed: false },
      digest: { status: 'planned', resumed: false },
    });
    expect(new Set(sqs.messages.map((m) => JSON.parse(m.body).issueId)).size).toBe(4);
  });
});

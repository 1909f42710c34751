/**
 * runCompose choosing the next article (the scheduled run): what it does with nobody to send to,
 * an article deleted while it runs, an edit of an article already sent and a copy of one. The
 * articles are the S3 adapter over an in-memory bucket; every other port is an in-memory fake.
 */
import { describe, expect, it } from 'vitest';
import { createS3ArticleSource } from '../../../lambda/adapters/s3/article-source';
import { type ComposeRunDeps, runCompose } from '../../../lambda/core/issue/compose-run';
import type { RecipientBatch } from '../../../lambda/core/model';
import { createFakeS3 } from '../../support/aws-fakes';
import {
  createFakeClock,
  createMemoryArchive,
  createMemoryComposeJournal,
  createMemoryIssueStore,
  createMemoryLedger,
  createMemorySubscriberStore,
  createRecordingLogger,
  subscriber,
} from '../../support/fakes';
import { riverArticle, testListConfig, tinyTemplate } from '../../support/issue-fixtures';

const river = riverArticle.bytes;
const riverEdited = new TextEncoder().encode(
  `${new TextDecoder().decode(river)}\nThe bridge reopened on Friday.\n`,
);
const trains = new TextEncoder().encode(
  '---\ntitle: Night trains return\n---\nSleeper trains run again between the capitals, ' +
    'three nights a week.\n\nTickets go on sale on Monday, and the first train leaves in May.\n',
);

function setup(activeSubscribers: number) {
  const s3 = createFakeS3('bucket');
  const queued: RecipientBatch[] = [];
  const logger = createRecordingLogger();
  const deps = {
    articles: createS3ArticleSource({ client: s3.client, bucket: 'bucket' }),
    journal: createMemoryComposeJournal(),
    issues: createMemoryIssueStore(),
    subscribers: createMemorySubscriberStore(
      Array.from({ length: activeSubscribers }, (_, i) => subscriber(`s${i}`)),
    ),
    ledger: createMemoryLedger(),
    openQueue: () => ({
      enqueue: async (batches: readonly RecipientBatch[]) => void queued.push(...batches),
      flush: async () => {},
    }),
    archive: createMemoryArchive(),
    clock: createFakeClock(),
    config: testListConfig,
    template: tinyTemplate,
    logger,
  } satisfies ComposeRunDeps;
  /** What deliver does once every recipient has an outcome. */
  const markSent = (issueId: string) =>
    deps.issues.changeStatus(issueId, { from: ['sending'], to: 'sent' });
  return { deps, s3, queued, logger, markSent };
}

describe('runCompose with no active subscriber', () => {
  it('stores and records nothing, warns, and sends the article once someone is active', async () => {
    const { deps, s3, queued, logger } = setup(0);
    s3.put('articles/river.md', river);

    const first = await runCompose(deps, { idempotencyKey: 'run-1' });
    // Scheduler delivers the same run again: the same answer, still nothing stored.
    const again = await runCompose(deps, { idempotencyKey: 'run-1' });
    const named = await runCompose(deps, { articleKey: 'articles/river.md' });

    for (const summary of [first, again, named]) {
      expect(summary).toEqual({
        status: 'waiting-for-subscribers',
        articleKey: 'articles/river.md',
      });
    }
    expect(deps.issues.rows.size).toBe(0);
    expect(deps.journal.articles.size).toBe(0);
    expect(await deps.journal.requestIssue('run-1')).toBeUndefined();
    expect(queued).toEqual([]);
    expect(logger.entries).toContainEqual({
      level: 'warn',
      message:
        'No active subscriber: nothing was composed or sent; the article waits until there are active subscribers',
      articleKey: 'articles/river.md',
    });

    await deps.subscribers.create(subscriber('s1'));
    const next = await runCompose(deps, { idempotencyKey: 'run-2' });

    expect(next).toMatchObject({
      status: 'planned',
      articleKey: 'articles/river.md',
      recipients: 1,
      finished: false,
    });
    expect(queued.flatMap((batch) => batch.subscriberIds)).toEqual(['s1']);
  });
});

describe('runCompose picking the next article', () => {
  it('passes over an article deleted since the listing without recording it, and sends it when uploaded again', async () => {
    const { deps, s3, logger } = setup(2);
    s3.put('articles/river.md', river);
    const listThenDelete = {
      ...deps.articles,
      async listArticles() {
        const listed = await deps.articles.listArticles();
        s3.objects.delete('articles/river.md');
        return listed;
      },
    };

    const during = await runCompose({ ...deps, articles: listThenDelete }, {});

    expect(during).toEqual({ status: 'nothing-to-send' });
    expect(deps.journal.articles.size).toBe(0);
    expect(logger.entries).toContainEqual({
      level: 'info',
      message: 'Passing over an article deleted since it was listed',
      articleKey: 'articles/river.md',
    });

    // The same bytes again: the same ETag as the version listed above.
    s3.put('articles/river.md', river);
    expect(await runCompose(deps, {})).toMatchObject({
      status: 'planned',
      articleKey: 'articles/river.md',
      recipients: 2,
    });
  });

  it('holds a changed copy under a key already sent, warning once, and sends the next article', async () => {
    const { deps, s3, logger, markSent } = setup(2);
    s3.put('articles/river.md', river);
    const sent = await runCompose(deps, {});
    const sentId = sent.status === 'planned' ? sent.issueId : '';
    await markSent(sentId);
    s3.put('articles/river.md', riverEdited);
    s3.put('articles/trains.md', trains);

    const next = await runCompose(deps, {});
    const later = await runCompose(deps, {});

    expect(next).toMatchObject({
      status: 'planned',
      articleKey: 'articles/trains.md',
      rejectedArticles: 1,
    });
    expect(later).toEqual({ status: 'nothing-to-send' });
    const held = logger.entries.filter((entry) => entry.level === 'warn');
    expect(held).toEqual([
      {
        level: 'warn',
        message: 'Holding back a changed copy of an article already sent',
        articleKey: 'articles/river.md',
        issueId: sentId,
        reason:
          `articles/river.md was already sent as issue ${sentId}; a changed copy under the same ` +
          'key is not sent again — upload it under a new key to send it as a new issue',
      },
    ]);
    expect(deps.issues.rows.size).toBe(2);
    // Listed for `status --stack` with the reason, stamped by compose's clock.
    expect(await deps.journal.passedOver(deps.clock.now())).toEqual([
      {
        key: 'articles/river.md',
        etag: expect.any(String),
        reason: held[0]?.reason,
        at: new Date(deps.clock.now()).toISOString(),
      },
    ]);
  });

  it('says once that a copy under a new key has the same content as an issue sent, and sends nothing', async () => {
    const { deps, s3, logger, markSent } = setup(2);
    s3.put('articles/river.md', river);
    const sent = await runCompose(deps, {});
    const sentId = sent.status === 'planned' ? sent.issueId : '';
    await markSent(sentId);
    s3.put('articles/river-copy.md', river);

    expect(await runCompose(deps, {})).toEqual({ status: 'nothing-to-send' });
    expect(await runCompose(deps, {})).toEqual({ status: 'nothing-to-send' });

    expect(logger.entries.filter((entry) => entry.message.startsWith('Same content'))).toEqual([
      {
        level: 'info',
        message: 'Same content as an issue made before: not sent again',
        articleKey: 'articles/river-copy.md',
        issueId: sentId,
        issueArticleKey: 'articles/river.md',
      },
    ]);
  });
});

describe('runCompose retrying a request', () => {
  it.each([
    ['deleted', (s3: ReturnType<typeof setup>['s3']) => s3.objects.delete('articles/river.md')],
    [
      'replaced by a file that is no article',
      (s3: ReturnType<typeof setup>['s3']) => s3.put('articles/river.md', new Uint8Array([0, 1])),
    ],
  ])('finds the issue it made even when the article was %s since', async (_, change) => {
    const { deps, s3, queued, markSent } = setup(2);
    s3.put('articles/river.md', river);
    const first = await runCompose(deps, { idempotencyKey: 'run-1' });
    const issueId = first.status === 'planned' ? first.issueId : '';
    change(s3);

    // Scheduler delivers the same run again while the issue is still on its way…
    const resumed = await runCompose(deps, { idempotencyKey: 'run-1' });
    await markSent(issueId);
    // …and once more after it was sent.
    const late = await runCompose(deps, { idempotencyKey: 'run-1' });

    expect(resumed).toMatchObject({ status: 'planned', issueId, resumed: true, recipients: 2 });
    expect(late).toEqual({ status: 'already-sent', issueId, articleKey: 'articles/river.md' });
    expect(new Set(queued.map((batch) => batch.issueId))).toEqual(new Set([issueId]));
  });
});

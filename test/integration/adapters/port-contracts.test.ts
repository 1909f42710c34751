/**
 * The in-memory fakes that unit tests use (test/support/fakes.ts) and the DynamoDB adapters they
 * stand for answer the same cases the same way: each contract below runs against both, the
 * adapter on a fresh dynalite table.
 */
import { describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoClient } from '../../../lambda/adapters/aws-clients';
import { createDynamoComposeJournal } from '../../../lambda/adapters/dynamo/compose-journal';
import { createDynamoDeliveryLedger } from '../../../lambda/adapters/dynamo/delivery-ledger';
import { createDynamoIssueStore } from '../../../lambda/adapters/dynamo/issue-store';
import { createDynamoRateCounter } from '../../../lambda/adapters/dynamo/rate-counter';
import type { Issue, Subscriber } from '../../../lambda/core/model';
import type {
  ComposeJournal,
  DeliveryLedger,
  IssueStore,
  RateCounter,
  SubscriberStore,
} from '../../../lambda/core/ports';
import { useDynalite } from '../../support/emulators';
import {
  createMemoryComposeJournal,
  createMemoryIssueStore,
  createMemoryLedger,
  createMemoryRateCounter,
  createMemorySubscriberStore,
  subscriber,
} from '../../support/fakes';

const dynamo = useDynalite();

type Implementations<Port> = Record<string, () => Promise<Port>>;

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

const subscriberStores: Implementations<SubscriberStore> = {
  'in-memory fake': async () => createMemorySubscriberStore(),
  'DynamoDB adapter': async () => (await dynamo.createSubscriberStore()).store,
};

for (const [name, make] of Object.entries(subscriberStores)) {
  describe(`SubscriberStore contract: ${name}`, () => {
    it('creates a subscriber once, reads it back as written, and leaves out unknown ids', async () => {
      const store = await make();
      const ada = { ...subscriber('ada'), name: 'Ada', reason: 'import', reasonAt: '2026-11-01' };
      expect(await store.create(ada)).toBe(true);
      expect(await store.create({ ...ada, name: 'Other' })).toBe(false);
      expect(await store.get('ada')).toEqual(ada);
      expect(await store.get('nobody')).toBeUndefined();
      expect(await store.getMany(['nobody', 'ada'])).toEqual([ada]);
    });

    it('replaces a record only while it is as it was read', async () => {
      const store = await make();
      const read = subscriber('bo');
      await store.create(read);
      const left: Subscriber = {
        ...read,
        status: 'unsubscribed',
        updatedAt: '2026-11-02T00:00:00.000Z',
      };
      expect(await store.replace(left, read)).toBe(true);
      const bounced: Subscriber = { ...read, bounces: 1, updatedAt: '2026-11-03T00:00:00.000Z' };
      expect(await store.replace(bounced, read)).toBe(false);
      expect(await store.get('bo')).toEqual(left);
      expect(await store.replace(subscriber('gone'), subscriber('gone'))).toBe(false);
      await expect(store.replace(subscriber('cy'), left)).rejects.toThrow(/cannot be replaced/);
      await store.put({ ...left, name: 'Bo' });
      expect((await store.get('bo'))?.name).toBe('Bo');
    });

    it('erases to a tombstone that hides the subscriber and blocks creating it again', async () => {
      const store = await make();
      await store.create(subscriber('cy'));
      expect(await store.erase('cy', '2026-11-04T00:00:00.000Z')).toBe(true);
      expect(await store.erase('cy', '2026-11-05T00:00:00.000Z')).toBe(false);
      expect(await store.erase('never', '2026-11-05T00:00:00.000Z')).toBe(false);
      expect(await store.get('cy')).toBeUndefined();
      expect(await store.getMany(['cy'])).toEqual([]);
      expect(await store.erasedAt('cy')).toBe('2026-11-04T00:00:00.000Z');
      expect(await store.erasedAt('never')).toBeUndefined();
      expect(await store.create(subscriber('cy'))).toBe(false);
      expect((await collect(store.all())).flat()).toEqual([]);
    });

    it('pages active ids no larger than asked, and lists everyone in all()', async () => {
      const store = await make();
      const everyone = [
        ...Array.from({ length: 7 }, (_, i) => subscriber(`a${i}`)),
        subscriber('p', 'pending'),
        subscriber('u', 'unsubscribed'),
        subscriber('s', 'suppressed'),
      ];
      for (const one of everyone) await store.create(one);
      const pages = await collect(store.activeIds(3));
      expect(pages.every((page) => page.length <= 3)).toBe(true);
      expect(pages.flat().sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
      expect((await collect(store.all())).flat().sort(byId)).toEqual([...everyone].sort(byId));
    });
  });
}

const rateCounters: Implementations<RateCounter> = {
  'in-memory fake': async () => createMemoryRateCounter(),
  'DynamoDB adapter': async () =>
    createDynamoRateCounter({
      client: dynamo.documentClient,
      tableName: await dynamo.createTable(),
    }),
};

for (const [name, make] of Object.entries(rateCounters)) {
  describe(`RateCounter contract: ${name}`, () => {
    it('allows the limit per window and key, then says when the window ends', async () => {
      const counter = await make();
      const start = 1_000_000;
      expect(await counter.take('k', 2, 1000, start + 100)).toEqual({
        allowed: true,
        retryAfterMs: 900,
      });
      expect(await counter.take('k', 2, 1000, start + 200)).toEqual({
        allowed: true,
        retryAfterMs: 800,
      });
      expect(await counter.take('k', 2, 1000, start + 300)).toEqual({
        allowed: false,
        retryAfterMs: 700,
      });
      expect((await counter.take('other', 2, 1000, start + 300)).allowed).toBe(true);
      expect(await counter.take('k', 2, 1000, start + 1000)).toEqual({
        allowed: true,
        retryAfterMs: 1000,
      });
    });

    it('gives back a hit in the window it was taken in, never below zero', async () => {
      const counter = await make();
      const start = 1_000_000;
      await counter.take('k', 1, 1000, start + 100);
      await counter.giveBack('k', 1000, start + 100);
      expect((await counter.take('k', 1, 1000, start + 200)).allowed).toBe(true);
      expect((await counter.take('k', 1, 1000, start + 300)).allowed).toBe(false);
      // Another window's give-back, and one for a window with no hits, change nothing here.
      await counter.giveBack('k', 1000, start + 1100);
      await counter.giveBack('never-taken', 1000, start + 100);
      expect((await counter.take('k', 1, 1000, start + 400)).allowed).toBe(false);
      await counter.giveBack('k', 1000, start + 500);
      await counter.giveBack('k', 1000, start + 500);
      expect((await counter.take('k', 1, 1000, start + 600)).allowed).toBe(true);
      expect((await counter.take('k', 1, 1000, start + 700)).allowed).toBe(false);
    });
  });
}

describe('DeliveryLedger: the DynamoDB adapter', () => {
  // dynalite is always consistent, so only the requests can show it: a count that missed the
  // last `sent` mark a moment ago would leave the issue unfinished, with no one to look again.
  it('reads the ledger strongly consistently, counts included', async () => {
    const client = createDocumentClient(createDynamoClient({ endpoint: dynamo.endpoint }));
    const reads: { command: string; consistent: unknown }[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ConsistentRead?: unknown; RequestItems?: object };
        const batched = Object.values(input.RequestItems ?? {})[0] as { ConsistentRead?: unknown };
        reads.push({
          command: String(context.commandName),
          consistent: input.ConsistentRead ?? batched?.ConsistentRead,
        });
        return next(args);
      },
      { step: 'initialize' },
    );
    const ledger = createDynamoDeliveryLedger({ client, tableName: await dynamo.createTable() });
    await ledger.claim('i', 's', 2000, 1000);
    reads.length = 0;
    await ledger.get('i', 's');
    await ledger.getMany?.('i', ['s', 't']);
    await ledger.countByState('i');
    client.destroy();

    expect(reads.map((read) => read.command)).toEqual([
      'GetItemCommand',
      'BatchGetItemCommand',
      'QueryCommand',
    ]);
    expect(reads.filter((read) => read.consistent !== true)).toEqual([]);
  });
});

const issue: Issue = {
  id: 'issue-1',
  articleKey: 'articles/a.md',
  title: 'A title',
  lead: 'A lead.',
  keyPoints: [{ heading: 'One', summary: 'The first point.' }],
  status: 'composing',
  counts: { recipients: 0, sent: 0, failed: 0, skipped: 0 },
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

const issueStores: Implementations<IssueStore> = {
  'in-memory fake': async () => createMemoryIssueStore(),
  'DynamoDB adapter': async () =>
    createDynamoIssueStore({
      client: dynamo.documentClient,
      tableName: await dynamo.createTable(),
    }),
};

for (const [name, make] of Object.entries(issueStores)) {
  describe(`IssueStore contract: ${name}`, () => {
    it('creates an issue once and reads it back as written', async () => {
      const store = await make();
      expect(await store.create(issue)).toBe(true);
      expect(await store.create({ ...issue, title: 'Other' })).toBe(false);
      expect(await store.get(issue.id)).toEqual(issue);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('sets the status with some counts, and adds to the counts', async () => {
      const store = await make();
      await store.create(issue);
      await store.changeStatus(issue.id, {
        from: ['composing'],
        to: 'sending',
        counts: { recipients: 5 },
      });
      expect((await store.addCounts(issue.id, { sent: 2, skipped: 1 })).counts).toEqual({
        recipients: 5,
        sent: 2,
        failed: 0,
        skipped: 1,
      });
      expect(await store.addCounts(issue.id, {})).toMatchObject({
        status: 'sending',
        counts: { recipients: 5, sent: 2, failed: 0, skipped: 1 },
      });
      expect(await store.get(issue.id)).toMatchObject({
        status: 'sending',
        counts: { recipients: 5, sent: 2, failed: 0, skipped: 1 },
      });
    });

    it('leaves the counts of a sent issue as they are', async () => {
      const store = await make();
      await store.create(issue);
      await store.changeStatus(issue.id, {
        from: ['composing'],
        to: 'sent',
        counts: { recipients: 2, sent: 2 },
      });
      expect((await store.addCounts(issue.id, { sent: 1 })).counts.sent).toBe(2);
      expect((await store.get(issue.id))?.counts.sent).toBe(2);
    });

    it('changes the status only from the statuses it is given, with a reason for a pause', async () => {
      const store = await make();
      await store.create({ ...issue, status: 'sending' });
      expect(
        await store.changeStatus(issue.id, {
          from: ['sending'],
          to: 'paused',
          pausedReason: 'quota',
        }),
      ).toBe(true);
      expect(await store.get(issue.id)).toMatchObject({ status: 'paused', pausedReason: 'quota' });
      expect(await store.changeStatus(issue.id, { from: ['sending'], to: 'sent' })).toBe(false);
      expect(
        await store.changeStatus(issue.id, {
          from: ['sending', 'paused'],
          to: 'sent',
          counts: { sent: 4 },
        }),
      ).toBe(true);
      const sent = await store.get(issue.id);
      expect(sent).toMatchObject({ status: 'sent', counts: { sent: 4 } });
      expect(sent?.pausedReason).toBeUndefined();
      expect(await store.changeStatus('nope', { from: ['sending'], to: 'sent' })).toBe(false);
    });

    it('raises the planned recipients, never lowers them, and leaves a sent issue as it is', async () => {
      const store = await make();
      await store.create({ ...issue, status: 'sending' });
      await store.raiseRecipients(issue.id, 3);
      await store.raiseRecipients(issue.id, 2);
      expect((await store.get(issue.id))?.counts.recipients).toBe(3);
      await store.changeStatus(issue.id, { from: ['sending'], to: 'sent' });
      await store.raiseRecipients(issue.id, 5);
      expect(await store.get(issue.id)).toMatchObject({
        status: 'sent',
        counts: { recipients: 3 },
      });
      await store.raiseRecipients('nope', 1);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('refuses to change an issue that does not exist, creating nothing', async () => {
      const store = await make();
      await expect(store.addCounts('nope', { sent: 1 })).rejects.toThrow(/nope does not exist/);
      expect(await store.get('nope')).toBeUndefined();
    });
  });
}

const ledgers: Implementations<DeliveryLedger> = {
  'in-memory fake': async () => createMemoryLedger(),
  'DynamoDB adapter': async () =>
    createDynamoDeliveryLedger({
      client: dynamo.documentClient,
      tableName: await dynamo.createTable(),
    }),
};

for (const [name, make] of Object.entries(ledgers)) {
  describe(`DeliveryLedger contract: ${name}`, () => {
    it('lets one claimant hold a delivery until its lease ends, counting attempts', async () => {
      const ledger = await make();
      expect(await ledger.claim('i', 's', 2000, 1000)).toEqual({
        outcome: 'claimed',
        attempts: 1,
        tookOver: false,
      });
      expect(await ledger.claim('i', 's', 3000, 2000)).toMatchObject({
        outcome: 'busy',
        delivery: { state: 'claimed', leaseUntil: 2000 },
      });
      // Its holder never finished nor gave it back: it stopped, perhaps after SES took the message.
      expect(await ledger.claim('i', 's', 4000, 2001)).toEqual({
        outcome: 'claimed',
        attempts: 2,
        tookOver: true,
      });
    });

    it('finishes a claim for good, and a released claim can be taken at once', async () => {
      const ledger = await make();
      await ledger.claim('i', 'sent', 5000, 1000);
      await ledger.markSent('i', 'sent', 'msg-1');
      await ledger.claim('i', 'failed', 5000, 1000);
      await ledger.markFailed('i', 'failed', 'rejected');
      await ledger.claim('i', 'skipped', 5000, 1000);
      await ledger.markSkipped('i', 'skipped', 'unsubscribed');
      await ledger.claim('i', 'released', 5000, 1000);
      await ledger.release('i', 'released');
      await ledger.release('i', 'sent');

      const done = await ledger.claim('i', 'sent', 9000, 2000);
      expect(done).toMatchObject({
        outcome: 'done',
        delivery: { state: 'sent', messageId: 'msg-1' },
      });
      expect((await ledger.get('i', 'sent'))?.leaseUntil).toBeUndefined();
      expect(await ledger.get('i', 'failed')).toMatchObject({
        state: 'failed',
        reason: 'rejected',
      });
      expect(await ledger.claim('i', 'released', 9000, 2000)).toEqual({
        outcome: 'claimed',
        attempts: 2,
        tookOver: false,
      });
      expect(await ledger.countByState('i')).toEqual({
        claimed: 1,
        sent: 1,
        failed: 1,
        skipped: 1,
      });
      expect(await ledger.countByState('other')).toEqual({
        claimed: 0,
        sent: 0,
        failed: 0,
        skipped: 0,
      });
    });

    it('refuses to finish a delivery nobody claimed, writing nothing', async () => {
      const ledger = await make();
      await expect(ledger.markSent('i', 'nobody', 'msg')).rejects.toThrow(/never claimed/);
      expect(await ledger.get('i', 'nobody')).toBeUndefined();
    });

    it('reads many entries of one issue at once, leaving out those it has none for', async () => {
      const ledger = await make();
      await ledger.claim('i', 'a', 5000, 1000);
      await ledger.claim('i', 'b', 5000, 1000);
      await ledger.markSent('i', 'b', 'msg-b');
      await ledger.claim('other', 'a', 5000, 1000);
      const entries = (await ledger.getMany?.('i', ['a', 'b', 'c'])) ?? [];
      expect(entries.map((entry) => [entry.subscriberId, entry.state]).sort()).toEqual([
        ['a', 'claimed'],
        ['b', 'sent'],
      ]);
    });

    // A hand-made or edited recipient batch may name someone twice: DynamoDB refuses a
    // BatchGetItem with a key twice, and the batch failed every receive into the DLQ.
    it('reads an id asked for twice once', async () => {
      const ledger = await make();
      await ledger.claim('i', 'a', 5000, 1000);
      await ledger.markSent('i', 'a', 'msg-a');
      const entries = (await ledger.getMany?.('i', ['a', 'b', 'a'])) ?? [];
      expect(entries.map((entry) => [entry.subscriberId, entry.state])).toEqual([['a', 'sent']]);
    });
  });
}

const journals: Implementations<ComposeJournal> = {
  'in-memory fake': async () => createMemoryComposeJournal(),
  'DynamoDB adapter': async () =>
    createDynamoComposeJournal({
      client: dynamo.documentClient,
      tableName: await dynamo.createTable(),
    }),
};

for (const [name, make] of Object.entries(journals)) {
  describe(`ComposeJournal contract: ${name}`, () => {
    it('keeps the first issue a request made, whoever records later', async () => {
      const journal = await make();
      const first = { issueId: 'issue-1', articleKey: 'articles/a.md' };
      expect(await journal.requestIssue('req-1')).toBeUndefined();
      expect(await journal.recordRequest('req-1', first)).toEqual(first);
      expect(
        await journal.recordRequest('req-1', { issueId: 'issue-2', articleKey: 'articles/b.md' }),
      ).toEqual(first);
      expect(await journal.requestIssue('req-1')).toEqual(first);
    });

    it('remembers each article version apart, and forgets nothing it was told', async () => {
      const journal = await make();
      const v1 = { key: 'articles/a.md', etag: 'e1' };
      const v2 = { key: 'articles/a.md', etag: 'e2' };
      const bad = { key: 'articles/b.md', etag: 'e3' };
      await journal.recordArticle(v1, { issueId: 'issue-1', sent: false });
      const rejected = {
        rejected: 'Article articles/b.md is empty',
        at: '2026-12-06T09:00:00.000Z',
      };
      await journal.recordArticle(bad, rejected);
      await journal.recordArticle(v1, { issueId: 'issue-1', sent: true });

      const records = await journal.articleRecords([v1, bad, { key: 'articles/c.md', etag: 'x' }]);
      expect(records).toEqual(
        new Map<string, unknown>([
          ['articles/a.md', { issueId: 'issue-1', sent: true }],
          ['articles/b.md', rejected],
        ]),
      );
      expect(await journal.articleRecords([v2])).toEqual(new Map());
    });

    it("finds the issue any version of a key made, not a rejected version's or another key's", async () => {
      const journal = await make();
      await journal.recordArticle(
        { key: 'articles/a.md', etag: 'e1' },
        { rejected: 'is empty', at: '2026-12-06T09:00:00.000Z' },
      );
      await journal.recordArticle(
        { key: 'articles/a.md.bak', etag: 'e2' },
        { issueId: 'bak', sent: true },
      );
      expect(await journal.issueOfKey('articles/a.md')).toBeUndefined();

      await journal.recordArticle(
        { key: 'articles/a.md', etag: 'e3' },
        { issueId: 'issue-1', sent: false },
      );

      expect(await journal.issueOfKey('articles/a.md')).toBe('issue-1');
      expect(await journal.issueOfKey('articles/b.md')).toBeUndefined();
    });

    it('lists the versions passed over in the last 30 days, newest first, each once', async () => {
      const journal = await make();
      const day = 24 * 60 * 60 * 1000;
      const now = Date.parse('2026-12-06T12:00:00.000Z');
      const daysAgo = (days: number) => new Date(now - days * day).toISOString();
      const empty = { key: 'articles/empty.md', etag: 'e1' };
      await journal.recordArticle(empty, { rejected: 'is empty', at: daysAgo(2) });
      // The same version rejected again (a run that crashed after listing it) is listed once.
      await journal.recordArticle(empty, { rejected: 'is empty', at: daysAgo(1) });
      await journal.recordArticle(
        { key: 'articles/scan.pdf', etag: 'e2' },
        { rejected: 'is a PDF', at: daysAgo(3) },
      );
      await journal.recordArticle(
        { key: 'articles/old.md', etag: 'e3' },
        { rejected: 'is empty', at: daysAgo(31) },
      );
      await journal.recordArticle(
        { key: 'articles/good.md', etag: 'e4' },
        { issueId: 'issue-1', sent: true },
      );

      expect(await journal.passedOver(now)).toEqual([
        { key: 'articles/empty.md', etag: 'e1', reason: 'is empty', at: daysAgo(1) },
        { key: 'articles/scan.pdf', etag: 'e2', reason: 'is a PDF', at: daysAgo(3) },
      ]);
    });

    it('records and lists a version passed over under the longest key S3 allows (1,024 bytes)', async () => {
      const journal = await make();
      const version = { key: `articles/${'x'.repeat(1015)}`, etag: 'c0ffee-2' };
      const at = '2026-12-06T09:00:00.000Z';

      await journal.recordArticle(version, { rejected: 'is empty', at });

      expect(await journal.articleRecords([version])).toEqual(
        new Map([[version.key, { rejected: 'is empty', at }]]),
      );
      expect(await journal.passedOver(Date.parse(at))).toEqual([
        { ...version, reason: 'is empty', at },
      ]);
    });
  });
}

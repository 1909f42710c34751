import { describe, expect, it } from 'vitest';
import { createDynamoIssueStore } from '../../../lambda/adapters/dynamo/issue-store';
import { NewsletterError } from '../../../lambda/core/errors';
import type { Issue } from '../../../lambda/core/model';
import { useDynalite } from '../../support/emulators';

const dynamo = useDynalite();
const NOW = Date.UTC(2026, 10, 26, 12);

async function createStore() {
  const tableName = await dynamo.createTable();
  return createDynamoIssueStore({ client: dynamo.documentClient, tableName, now: () => NOW });
}

function issue(id: string): Issue {
  return {
    id,
    articleKey: 'articles/2026-11-26.md',
    title: 'Why queues beat cron',
    lead: '',
    keyPoints: [
      { heading: null, summary: 'Queues absorb bursts.' },
      { heading: 'Retries', summary: 'Failed sends are retried with backoff.' },
    ],
    status: 'composing',
    counts: { recipients: 0, sent: 0, failed: 0, skipped: 0 },
    createdAt: '2026-11-26T11:00:00.000Z',
    updatedAt: '2026-11-26T11:00:00.000Z',
  };
}

describe('the DynamoDB issue store', () => {
  it('creates an issue once, reads it back whole and reports a second create as a conflict', async () => {
    const store = await createStore();
    expect(await store.create(issue('2026-11-26'))).toBe(true);
    expect(await store.create({ ...issue('2026-11-26'), title: 'Other' })).toBe(false);
    expect(await store.get('2026-11-26')).toEqual(issue('2026-11-26'));
    expect(await store.get('2026-11-27')).toBeUndefined();
  });

  it('changes the status and only the counts it is given', async () => {
    const store = await createStore();
    await store.create(issue('i1'));
    await store.addCounts('i1', { sent: 3 });

    expect(
      await store.changeStatus('i1', {
        from: ['composing'],
        to: 'sending',
        counts: { recipients: 250 },
      }),
    ).toBe(true);

    expect(await store.get('i1')).toMatchObject({
      status: 'sending',
      counts: { recipients: 250, sent: 3, failed: 0, skipped: 0 },
      updatedAt: new Date(NOW).toISOString(),
    });
  });

  it('adds to the counters atomically under concurrent updates and returns the counts after', async () => {
    const store = await createStore();
    await store.create(issue('i1'));

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.addCounts('i1', i % 4 === 0 ? { failed: 1 } : { sent: 1 }),
      ),
    );

    const final = { recipients: 0, sent: 15, failed: 5, skipped: 0 };
    expect((await store.get('i1'))?.counts).toEqual(final);
    expect(results.map(({ counts }) => counts.sent + counts.failed).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect((await store.addCounts('i1', {})).counts).toEqual(final);
  });

  it('refuses to update an issue that does not exist instead of creating a stub', async () => {
    const store = await createStore();
    await expect(store.addCounts('ghost', { sent: 1 })).rejects.toThrow(
      /Issue ghost does not exist/,
    );
    await expect(store.addCounts('ghost', {})).rejects.toBeInstanceOf(NewsletterError);
    expect(await store.get('ghost')).toBeUndefined();
  });
});

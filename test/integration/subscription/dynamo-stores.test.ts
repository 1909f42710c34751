import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoRateCounter } from '../../../lambda/adapters/dynamo/rate-counter';
import { subscriberKey } from '../../../lambda/adapters/dynamo/schema';
import type { Subscriber } from '../../../lambda/core/model';
import { importSubscribers } from '../../../lambda/core/subscribers/import-subscribers';
import { subscriberIdFor } from '../../../lambda/core/subscribers/subscriber-id';
import { useDynalite } from '../../support/emulators';
import { subscriber } from '../../support/fakes';

const dynamo = useDynalite();

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

describe('the DynamoDB subscriber store, for the subscription lifecycle', () => {
  it('replaces a record only while it is as it was read', async () => {
    const { store } = await dynamo.createSubscriberStore();
    const ada = subscriber('ada', 'active');
    await store.create(ada);
    const bounced: Subscriber = { ...ada, bounces: 1, updatedAt: '2026-11-26T10:00:00.000Z' };
    expect(await store.replace(bounced, ada)).toBe(true);
    // A second writer that read the old record loses, instead of undoing the first change.
    const unsubscribed: Subscriber = { ...ada, status: 'unsubscribed', updatedAt: 'later' };
    expect(await store.replace(unsubscribed, ada)).toBe(false);
    expect(await store.get('ada')).toEqual(bounced);
    expect(await store.replace(subscriber('ghost'), subscriber('ghost'))).toBe(false);
  });

  it('keeps the reason and its time', async () => {
    const { store } = await dynamo.createSubscriberStore();
    const left: Subscriber = {
      ...subscriber('ada', 'suppressed'),
      reason: 'bounce:Permanent:General',
      reasonAt: '2026-11-26T10:00:00.000Z',
    };
    await store.create(left);
    expect(await store.get('ada')).toEqual(left);
  });

  it('erases a subscriber down to a tombstone holding only the id', async () => {
    const { store, tableName } = await dynamo.createSubscriberStore();
    await store.create({ ...subscriber('ada', 'active'), name: 'Ada' });
    await store.create(subscriber('grace', 'active'));
    expect(await store.erase('ada', '2026-11-26T12:00:00.000Z')).toBe(true);

    const { Item } = await dynamo.documentClient.send(
      new GetCommand({ TableName: tableName, Key: subscriberKey('ada') }),
    );
    expect(Item).toEqual({
      ...subscriberKey('ada'),
      id: 'ada',
      status: 'erased',
      erasedAt: '2026-11-26T12:00:00.000Z',
    });
    expect(await store.get('ada')).toBeUndefined();
    expect(await store.getMany(['ada', 'grace'])).toHaveLength(1);
    expect((await collect(store.all())).map((s) => s.id)).toEqual(['grace']);
    expect(await collect(store.activeIds())).toEqual(['grace']);
    expect(await store.countByStatus?.()).toEqual({
      pending: 0,
      active: 1,
      unsubscribed: 0,
      suppressed: 0,
    });
    expect(await store.erasedAt('ada')).toBe('2026-11-26T12:00:00.000Z');
    expect(await store.erasedAt('grace')).toBeUndefined();
  });

  it('never writes an erased address again', async () => {
    const { store } = await dynamo.createSubscriberStore();
    await store.create(subscriber('ada', 'active'));
    await store.erase('ada', '2026-11-26T12:00:00.000Z');
    expect(await store.erase('ada', 'again')).toBe(false);
    expect(await store.create(subscriber('ada', 'pending'))).toBe(false);
    await expect(store.put(subscriber('ada', 'active'))).rejects.toThrow(
      'Subscriber ada was erased; an erased subscriber is never written again',
    );
    expect(await store.erase('never-there', 'now')).toBe(false);
  });

  it('reports erased rows of an import apart from rows already on the list', async () => {
    const { store } = await dynamo.createSubscriberStore();
    const key = 'import-key';
    const rows = [
      { line: 2, email: 'ada@example.com', name: null },
      { line: 3, email: 'grace@example.com', name: null },
      { line: 4, email: 'linus@example.com', name: null },
    ];
    expect((await importSubscribers(store, rows, { idKey: key, now: new Date() })).imported).toBe(
      3,
    );
    await store.erase(subscriberIdFor('ada@example.com', key), 'now');
    const again = await importSubscribers(store, rows, { idKey: key, now: new Date() });
    expect(again.imported).toBe(0);
    expect(again.erased.map((row) => row.line)).toEqual([2]);
    expect(again.alreadyListed.map((row) => row.line)).toEqual([3, 4]);
  });
});

describe('the DynamoDB rate counter', () => {
  it('allows `limit` hits per window across separate counters on one table (Lambda containers)', async () => {
    const { tableName } = await dynamo.createSubscriberStore();
    const containers = [1, 2, 3].map(() =>
      createDynamoRateCounter({ client: dynamo.documentClient, tableName }),
    );
    const now = Date.UTC(2026, 10, 26, 12, 0, 30);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => containers[n % 3]?.take('client:x', 5, 60_000, now)),
    );
    expect(results.filter((r) => r?.allowed)).toHaveLength(5);
    expect(results.every((r) => r?.retryAfterMs === 30_000)).toBe(true);
    // A new window starts from zero; another key has its own count.
    expect((await containers[0]?.take('client:x', 5, 60_000, now + 30_000))?.allowed).toBe(true);
    expect((await containers[0]?.take('client:y', 5, 60_000, now))?.allowed).toBe(true);
  });

  it('refuses a limit or window that is not a whole number', async () => {
    const { tableName } = await dynamo.createSubscriberStore();
    const counter = createDynamoRateCounter({ client: dynamo.documentClient, tableName });
    await expect(counter.take('k', 0, 1000, 0)).rejects.toThrow('rate limit');
  });
});

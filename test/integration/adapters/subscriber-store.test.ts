import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  ACTIVE_SHARD_COUNT,
  activeShardOf,
  deliveryKey,
  issueKey,
  subscriberKey,
} from '../../../lambda/adapters/dynamo/schema';
import { ValidationError } from '../../../lambda/core/errors';
import type { Subscriber, SubscriberStatus } from '../../../lambda/core/model';
import { useDynalite } from '../../support/emulators';

const dynamo = useDynalite();

function subscriber(id: string, status: SubscriberStatus = 'active'): Subscriber {
  return {
    id,
    email: `${id}@example.com`,
    name: null,
    status,
    consent: { at: '2026-11-01T10:00:00.000Z', source: 'import' },
    bounces: 0,
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
  };
}

/**
 * Stored ten at a time: hundreds of requests at once open as many connections to the emulator in
 * this process, and on a loaded 2-core machine some wait past the client's 2 s connection timeout.
 */
async function createAll(
  store: { create(subscriber: Subscriber): Promise<unknown> },
  subscribers: readonly Subscriber[],
): Promise<void> {
  for (let start = 0; start < subscribers.length; start += 10) {
    await Promise.all(subscribers.slice(start, start + 10).map((s) => store.create(s)));
  }
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('the DynamoDB subscriber store', () => {
  it('creates a subscriber once and reports a second sign-up with the same id as a conflict', async () => {
    const { store } = await dynamo.createSubscriberStore();
    expect(await store.create(subscriber('ada'))).toBe(true);
    expect(await store.create({ ...subscriber('ada'), name: 'Someone else' })).toBe(false);
    expect((await store.get('ada'))?.name).toBeNull();
  });

  it('reads back every field it stored, optional ones included', async () => {
    const { store } = await dynamo.createSubscriberStore();
    const full: Subscriber = {
      ...subscriber('grace', 'unsubscribed'),
      name: 'Grace Hopper',
      consent: {
        at: '2026-11-01T10:00:00.000Z',
        source: 'form',
        ip: '203.0.113.7',
        userAgent: 'Mozilla/5.0',
        textVersion: 'v2',
        confirmedAt: '2026-11-01T10:05:00.000Z',
      },
      bounces: 2,
      bounceFeedbackIds: ['0100019a-feedback-1', '0100019a-feedback-2'],
      bounceCountAt: '2026-11-03T08:00:00.000Z',
      lastReset: { messageId: '0100019a-message-3', bounces: 2 },
      reason: 'one-click',
    };
    await store.create(full);
    expect(await store.get('grace')).toEqual(full);
    expect(await store.get('nobody')).toBeUndefined();
  });

  it('gets many subscribers in chunks, leaving out missing and repeated ids', async () => {
    const { store } = await dynamo.createSubscriberStore();
    const ids = Array.from({ length: 110 }, (_, i) => `many-${i}`);
    await createAll(
      store,
      ids.map((id) => subscriber(id)),
    );
    const found = await store.getMany([...ids, ...ids.slice(0, 5), 'missing-1', 'missing-2']);
    expect(found.map((s) => s.id).sort()).toEqual([...ids].sort());
  });

  it('lets DynamoDB delete a sign-up at its expiry (kept when it is suppressed), and keeps a confirmed one', async () => {
    const { store, tableName } = await dynamo.createSubscriberStore();
    const rawItem = async () =>
      (
        await dynamo.documentClient.send(
          new GetCommand({ TableName: tableName, Key: subscriberKey('pia') }),
        )
      ).Item;
    const pending = { ...subscriber('pia', 'pending'), expiresAt: '2026-11-03T10:00:00.000Z' };

    await store.create(pending);
    expect((await rawItem())?.expiresAt).toBe(Date.parse('2026-11-03T10:00:00.000Z') / 1000);
    expect(await store.get('pia')).toEqual(pending);

    const suppressed = { ...pending, status: 'suppressed' as const, updatedAt: 'later' };
    expect(await store.replace(suppressed, pending)).toBe(true);
    expect((await rawItem())?.expiresAt).toBe(Date.parse('2026-11-03T10:00:00.000Z') / 1000);

    const { expiresAt: _, ...active } = { ...pending, status: 'active' as const };
    expect(await store.replace(active, suppressed)).toBe(true);
    expect(await rawItem()).not.toHaveProperty('expiresAt');
  });

  it('moves a subscriber into the active index when active and out of it otherwise', async () => {
    const { store, tableName } = await dynamo.createSubscriberStore();
    const rawItem = async () =>
      (
        await dynamo.documentClient.send(
          new GetCommand({ TableName: tableName, Key: subscriberKey('lin') }),
        )
      ).Item;
    const activeIds = async () => (await collect(store.activeIds())).flat();

    await store.create(subscriber('lin', 'pending'));
    expect(await activeIds()).toEqual([]);
    expect(await rawItem()).not.toHaveProperty('activeShard');

    await store.put(subscriber('lin', 'active'));
    expect(await activeIds()).toEqual(['lin']);
    expect((await rawItem())?.activeShard).toBe(activeShardOf('lin'));

    await store.put({ ...subscriber('lin', 'unsubscribed'), reason: 'one-click' });
    expect(await activeIds()).toEqual([]);
    expect(await rawItem()).not.toHaveProperty('activeShard');
  });

  it('enumerates exactly the active subscribers across shards in full pages', async () => {
    const { store } = await dynamo.createSubscriberStore();
    const statuses: SubscriberStatus[] = [
      'active',
      'active',
      'pending',
      'unsubscribed',
      'suppressed',
    ];
    const everyone = Array.from({ length: 250 }, (_, i) =>
      subscriber(`s${i}`, statuses[i % statuses.length]),
    );
    await createAll(store, everyone);
    const active = everyone.filter((s) => s.status === 'active').map((s) => s.id);

    const pages = await collect(store.activeIds(40));

    expect(pages.map((page) => page.length)).toEqual([40, 40, 20]);
    const ids = pages.flat();
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...active].sort());
    expect(new Set(active.map(activeShardOf)).size).toBe(ACTIVE_SHARD_COUNT);
  });

  it('refuses a page size below one', async () => {
    const { store } = await dynamo.createSubscriberStore();
    await expect(collect(store.activeIds(0))).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists every subscriber whatever the status, and nothing else, and counts them by status', async () => {
    const { store, tableName } = await dynamo.createSubscriberStore();
    for (const key of [issueKey('i1'), deliveryKey('i1', 'a')]) {
      await dynamo.documentClient.send(new PutCommand({ TableName: tableName, Item: key }));
    }
    await store.create(subscriber('a', 'active'));
    await store.create(subscriber('b', 'pending'));
    await store.create(subscriber('c', 'suppressed'));

    const everyone = (await collect(store.all())).flat();

    expect(everyone.map((s) => s.id).sort()).toEqual(['a', 'b', 'c']);
    expect(await store.countByStatus?.()).toEqual({
      active: 1,
      pending: 1,
      unsubscribed: 0,
      suppressed: 1,
    });
  });
});

/**
 * Fills a fresh table with many subscribers quickly, for fault tests and benchmarks. The
 * subscriber store's own `create` builds every item (so the format is always the store's); the
 * items are caught instead of sent, then written 25 at a time with BatchWriteItem, which is far
 * cheaper than one conditional PutItem each. BatchWriteItem has no conditions: fresh tables only.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo/subscriber-store';
import type { Subscriber } from '../../lambda/core/model';

/** BatchWriteItem's limit on items per request. */
const BATCH_WRITE_LIMIT = 25;

export async function seedSubscribers(
  client: DynamoDBDocumentClient,
  tableName: string,
  subscribers: Iterable<Subscriber>,
  options: { readonly parallel?: number } = {},
): Promise<number> {
  const caught: Record<string, unknown>[] = [];
  const catcher = {
    async send(command: { input: { Item?: Record<string, unknown> } }) {
      if (command.input.Item) caught.push(command.input.Item);
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  const store = createDynamoSubscriberStore({ client: catcher, tableName });

  const writeBatch = async (items: Record<string, unknown>[]) => {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  };
  const chunk = BATCH_WRITE_LIMIT * (options.parallel ?? 4);
  let written = 0;
  const flush = async () => {
    const items = caught.splice(0);
    const batches: Promise<void>[] = [];
    for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
      batches.push(writeBatch(items.slice(i, i + BATCH_WRITE_LIMIT)));
    }
    await Promise.all(batches);
    written += items.length;
  };
  for (const subscriber of subscribers) {
    await store.create(subscriber);
    if (caught.length >= chunk) await flush();
  }
  await flush();
  return written;
}

/** `count` subscribers: ids `<prefix>0…`, addresses `<prefix>0@example.org…`, one status. */
export function* makeSubscribers(
  prefix: string,
  count: number,
  status: Subscriber['status'] = 'active',
): Generator<Subscriber> {
  const at = '2026-11-01T00:00:00.000Z';
  for (let i = 0; i < count; i++) {
    yield {
      id: `${prefix}${i}`,
      email: `${prefix}${i}@example.org`,
      name: i % 3 === 0 ? null : `Reader ${i}`,
      status,
      consent: { at, source: 'import' },
      bounces: 0,
      createdAt: at,
      updatedAt: at,
    };
  }
}

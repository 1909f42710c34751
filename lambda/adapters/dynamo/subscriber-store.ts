/**
 * Subscribers in the single table (`SUB#<id>` / `PROFILE`). Every write keeps the sparse index in
 * step: an item carries `activeShard` exactly when its status is `active`, so the index holds the
 * active subscribers and nobody else.
 */

import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import { NewsletterError, ValidationError } from '../../core/errors';
import type { Consent, Subscriber, SubscriberStatus } from '../../core/model';
import type { SubscriberStore } from '../../core/ports';
import { batchGetItems } from './batch-get';
import { type Item, isConditionalCheckFailed, optional, writeIf } from './item';
import {
  ACTIVE_INDEX,
  activeShardNames,
  activeShardOf,
  PROFILE_SORT_KEY,
  subscriberIdFromKey,
  subscriberKey,
  TTL_ATTRIBUTE,
} from './schema';

export interface DynamoStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * What an erased subscriber's item keeps: its key, id, this status and when. The status is not a
 * SubscriberStatus, so the item never reads back as a subscriber.
 */
const ERASED = 'erased';

/**
 * Keys per Query of the active index. Each request costs a round trip (and, locally, a good part
 * of a millisecond of CPU on each side) whatever its size, so enumerating in requests of a thousand
 * instead of a page at a time makes planning a large list several times faster; a thousand ids
 * (~50 KB) is still nothing to hold, and far below a Query's 1 MB page.
 */
const INDEX_QUERY_LIMIT = 1_000;

export function createDynamoSubscriberStore({
  client,
  tableName,
}: DynamoStoreOptions): SubscriberStore {
  return {
    async get(id) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: subscriberKey(id), ConsistentRead: true }),
      );
      return Item && !isTombstone(Item) ? fromItem(Item) : undefined;
    },

    async getMany(ids) {
      const items = await batchGetItems(
        { client, tableName, what: 'subscriber reads' },
        ids.map((id): Item => ({ ...subscriberKey(id) })),
      );
      return items.filter((item) => !isTombstone(item)).map(fromItem);
    },

    async create(subscriber) {
      return writeIf(
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(subscriber),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    },

    async put(subscriber) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(subscriber),
            ConditionExpression: 'attribute_not_exists(pk) OR #status <> :erased',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':erased': ERASED },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        throw new NewsletterError(
          `Subscriber ${subscriber.id} was erased; an erased subscriber is never written again`,
        );
      }
    },

    async replace(next, previous) {
      if (next.id !== previous.id) {
        throw new NewsletterError(
          `Subscriber ${previous.id} cannot be replaced by subscriber ${next.id}`,
        );
      }
      return writeIf(
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(next),
            ConditionExpression:
              '#status = :status AND #bounces = :bounces AND #updatedAt = :updatedAt',
            ExpressionAttributeNames: {
              '#status': 'status',
              '#bounces': 'bounces',
              '#updatedAt': 'updatedAt',
            },
            ExpressionAttributeValues: {
              ':status': previous.status,
              ':bounces': previous.bounces,
              ':updatedAt': previous.updatedAt,
            },
          }),
        ),
      );
    },

    async erase(id, at) {
      // A Put replaces every attribute: address, name and consent are gone, and without
      // activeShard the item leaves the active index.
      return writeIf(
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...subscriberKey(id), id, status: ERASED, erasedAt: at },
            ConditionExpression: 'attribute_exists(pk) AND #status <> :erased',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':erased': ERASED },
          }),
        ),
      );
    },

    async erasedAt(id) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: subscriberKey(id), ConsistentRead: true }),
      );
      return Item && isTombstone(Item) ? String(Item.erasedAt) : undefined;
    },

    async *activeIds(pageSize = 100) {
      if (!Number.isInteger(pageSize) || pageSize < 1) {
        throw new ValidationError(
          'pageSize',
          `must be a whole number of at least 1, got ${pageSize}`,
        );
      }
      // Shards are read one after another, INDEX_QUERY_LIMIT keys per request, and re-cut into
      // pages of exactly pageSize, so at most one request's keys plus one page are held at once,
      // however long the list. The index is eventually consistent: someone who confirmed a moment
      // ago may miss this issue and get the next.
      let pending: string[] = [];
      for (const shard of activeShardNames()) {
        const pages = paginateQuery(
          { client, pageSize: Math.max(pageSize, INDEX_QUERY_LIMIT) },
          {
            TableName: tableName,
            IndexName: ACTIVE_INDEX.name,
            KeyConditionExpression: '#shard = :shard',
            ExpressionAttributeNames: { '#shard': ACTIVE_INDEX.partitionKey },
            ExpressionAttributeValues: { ':shard': shard },
          },
        );
        for await (const page of pages) {
          for (const item of page.Items ?? []) pending.push(subscriberIdFromKey(String(item.pk)));
          let start = 0;
          for (; pending.length - start >= pageSize; start += pageSize) {
            yield pending.slice(start, start + pageSize);
          }
          pending = pending.slice(start);
        }
      }
      if (pending.length > 0) yield pending;
    },

    async *all() {
      for await (const page of scanProfiles(client, tableName)) {
        const subscribers = (page.Items ?? []).map(fromItem);
        if (subscribers.length > 0) yield subscribers;
      }
    },

    async countByStatus() {
      const counts: Record<SubscriberStatus, number> = {
        pending: 0,
        active: 0,
        unsubscribed: 0,
        suppressed: 0,
      };
      const pages = scanProfiles(client, tableName, {
        ProjectionExpression: '#status',
        ExpressionAttributeNames: { '#status': 'status' },
      });
      for await (const page of pages) {
        for (const item of page.Items ?? []) counts[item.status as SubscriberStatus]++;
      }
      return counts;
    },
  };
}

/**
 * Subscriber profiles are a minority of the table's items (deliveries outnumber them), so this
 * is for rare list/export runs, never for the send path, which uses the active index. Tombstones
 * of erased subscribers are left out.
 */
function scanProfiles(
  client: DynamoDBDocumentClient,
  tableName: string,
  projection?: { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> },
) {
  return paginateScan(
    { client },
    {
      TableName: tableName,
      FilterExpression: '#sk = :profile AND #status <> :erased',
      ...projection,
      ExpressionAttributeNames: {
        '#sk': 'sk',
        '#status': 'status',
        ...projection?.ExpressionAttributeNames,
      },
      ExpressionAttributeValues: { ':profile': PROFILE_SORT_KEY, ':erased': ERASED },
    },
  );
}

function isTombstone(item: Item): boolean {
  return item.status === ERASED;
}

/**
 * A sign-up never confirmed can no longer be confirmed 48 h after its consent, so DynamoDB may
 * delete it then (the lifecycle sets `expiresAt`, and keeps it when such a sign-up bounces or
 * leaves): nobody's address and IP stay behind for a sign-up that never happened.
 */
function expiryOf(subscriber: Subscriber): number | undefined {
  return subscriber.expiresAt === undefined
    ? undefined
    : Math.ceil(Date.parse(subscriber.expiresAt) / 1000);
}

function toItem(subscriber: Subscriber): Item {
  return {
    ...subscriberKey(subscriber.id),
    [TTL_ATTRIBUTE]: expiryOf(subscriber),
    // Present iff active: this is what puts the subscriber into (and takes them out of) the index.
    activeShard: subscriber.status === 'active' ? activeShardOf(subscriber.id) : undefined,
    id: subscriber.id,
    email: subscriber.email,
    name: subscriber.name,
    status: subscriber.status,
    consent: subscriber.consent,
    bounces: subscriber.bounces,
    bounceFeedbackIds: subscriber.bounceFeedbackIds,
    bounceCountAt: subscriber.bounceCountAt,
    lastReset: subscriber.lastReset,
    reason: subscriber.reason,
    reasonAt: subscriber.reasonAt,
    confirmationQueuedAt: subscriber.confirmationQueuedAt,
    confirmationSentAt: subscriber.confirmationSentAt,
    createdAt: subscriber.createdAt,
    updatedAt: subscriber.updatedAt,
  };
}

function fromItem(item: Item): Subscriber {
  const consent = item.consent as Consent;
  return {
    id: String(item.id),
    email: String(item.email),
    name: typeof item.name === 'string' ? item.name : null,
    status: item.status as SubscriberStatus,
    consent: {
      at: consent.at,
      source: consent.source,
      ...optional('ip', consent.ip),
      ...optional('userAgent', consent.userAgent),
      ...optional('textVersion', consent.textVersion),
      ...optional('confirmedAt', consent.confirmedAt),
      ...optional('confirmedIp', consent.confirmedIp),
      ...optional('confirmedUserAgent', consent.confirmedUserAgent),
    },
    bounces: Number(item.bounces ?? 0),
    ...optional('bounceFeedbackIds', item.bounceFeedbackIds as string[] | undefined),
    ...optional('bounceCountAt', item.bounceCountAt as string | undefined),
    ...optional('lastReset', item.lastReset as Subscriber['lastReset']),
    ...optional(
      'expiresAt',
      typeof item[TTL_ATTRIBUTE] === 'number'
        ? new Date(item[TTL_ATTRIBUTE] * 1000).toISOString()
        : undefined,
    ),
    ...optional('reason', item.reason as string | undefined),
    ...optional('reasonAt', item.reasonAt as string | undefined),
    ...optional('confirmationQueuedAt', item.confirmationQueuedAt as string | undefined),
    ...optional('confirmationSentAt', item.confirmationSentAt as string | undefined),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}

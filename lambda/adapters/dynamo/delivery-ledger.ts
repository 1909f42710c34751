/**
 * The delivery ledger (`ISSUE#<id>` / `DLV#<subscriberId>`): one item per (issue, subscriber),
 * changed only by single-item conditional writes, so two deliverers can never both own a send.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NewsletterError } from '../../core/errors';
import type { Delivery, DeliveryState } from '../../core/model';
import type { ClaimResult, DeliveryLedger } from '../../core/ports';
import { batchGetItems } from './batch-get';
import { type Item, isConditionalCheckFailed, optional } from './item';
import { DELIVERY_SORT_KEY_PREFIX, deliveryKey, issueKey } from './schema';

export interface DynamoLedgerOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Epoch milliseconds, for each entry's `at`. @default Date.now */
  readonly now?: () => number;
}

export function createDynamoDeliveryLedger({
  client,
  tableName,
  now = Date.now,
}: DynamoLedgerOptions): DeliveryLedger {
  async function get(issueId: string, subscriberId: string): Promise<Delivery | undefined> {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: deliveryKey(issueId, subscriberId),
        ConsistentRead: true,
      }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  /** Closes a claimed entry; an entry nobody claimed is a bug in the caller, not a new row. */
  async function finish(
    issueId: string,
    subscriberId: string,
    state: Exclude<DeliveryState, 'claimed'>,
    field: 'messageId' | 'reason',
    value: string,
  ) {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: deliveryKey(issueId, subscriberId),
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: 'SET #state = :state, #field = :value, #at = :at REMOVE #leaseUntil',
          ExpressionAttributeNames: {
            '#state': 'state',
            '#field': field,
            '#at': 'at',
            '#leaseUntil': 'leaseUntil',
          },
          ExpressionAttributeValues: {
            ':state': state,
            ':value': value,
            ':at': new Date(now()).toISOString(),
          },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw new NewsletterError(
        `Delivery of issue ${issueId} to subscriber ${subscriberId} cannot be marked ${state}: it was never claimed`,
      );
    }
  }

  return {
    async claim(issueId, subscriberId, leaseUntil, claimedAt): Promise<ClaimResult> {
      try {
        // UpdateItem rather than PutItem so `attempts` carries over when an expired lease is taken.
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deliveryKey(issueId, subscriberId),
            ConditionExpression:
              'attribute_not_exists(pk) OR (#state = :claimed AND #leaseUntil < :now)',
            UpdateExpression:
              'SET #state = :claimed, #leaseUntil = :leaseUntil, #at = :at, #issueId = :issueId, #subscriberId = :subscriberId ADD #attempts :one',
            ExpressionAttributeNames: {
              '#state': 'state',
              '#leaseUntil': 'leaseUntil',
              '#at': 'at',
              '#issueId': 'issueId',
              '#subscriberId': 'subscriberId',
              '#attempts': 'attempts',
            },
            ExpressionAttributeValues: {
              ':claimed': 'claimed',
              ':now': claimedAt,
              ':leaseUntil': leaseUntil,
              ':at': new Date(claimedAt).toISOString(),
              ':issueId': issueId,
              ':subscriberId': subscriberId,
              ':one': 1,
            },
            // The old lease tells a claim taken over (a sender that stopped) from a new or
            // released one (lease 0).
            ReturnValues: 'UPDATED_OLD',
          }),
        );
        return {
          outcome: 'claimed',
          attempts: Number(Attributes?.attempts ?? 0) + 1,
          tookOver: Number(Attributes?.leaseUntil ?? 0) > 0,
        };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
      const delivery = await get(issueId, subscriberId);
      if (!delivery) {
        throw new NewsletterError(
          `Delivery of issue ${issueId} to subscriber ${subscriberId} vanished while being claimed`,
        );
      }
      return delivery.state === 'claimed'
        ? { outcome: 'busy', delivery }
        : { outcome: 'done', delivery };
    },

    async markSent(issueId, subscriberId, messageId) {
      await finish(issueId, subscriberId, 'sent', 'messageId', messageId);
    },

    async markFailed(issueId, subscriberId, reason) {
      await finish(issueId, subscriberId, 'failed', 'reason', reason);
    },

    async markSkipped(issueId, subscriberId, reason) {
      await finish(issueId, subscriberId, 'skipped', 'reason', reason);
    },

    async release(issueId, subscriberId) {
      try {
        // Only a live claim is given back: a finished entry must stay finished.
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deliveryKey(issueId, subscriberId),
            ConditionExpression: '#state = :claimed',
            UpdateExpression: 'SET #leaseUntil = :zero, #at = :at',
            ExpressionAttributeNames: {
              '#state': 'state',
              '#leaseUntil': 'leaseUntil',
              '#at': 'at',
            },
            ExpressionAttributeValues: {
              ':claimed': 'claimed',
              ':zero': 0,
              ':at': new Date(now()).toISOString(),
            },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },

    get,

    async getMany(issueId, subscriberIds) {
      // Consistent reads: a delivery finished a moment ago must not look unfinished.
      const items = await batchGetItems(
        { client, tableName, consistent: true, what: 'delivery reads' },
        subscriberIds.map((subscriberId): Item => ({ ...deliveryKey(issueId, subscriberId) })),
      );
      return items.map(fromItem);
    },

    async countByState(issueId) {
      const counts: Record<DeliveryState, number> = { claimed: 0, sent: 0, failed: 0, skipped: 0 };
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          // The finish check counts right after the last `sent` mark: a count that missed it
          // would leave the issue unfinished, with nobody left to look again.
          ConsistentRead: true,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ProjectionExpression: '#state',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#state': 'state' },
          ExpressionAttributeValues: {
            ':pk': issueKey(issueId).pk,
            ':prefix': DELIVERY_SORT_KEY_PREFIX,
          },
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) counts[item.state as DeliveryState]++;
      }
      return counts;
    },
  };
}

function fromItem(item: Item): Delivery {
  return {
    issueId: String(item.issueId),
    subscriberId: String(item.subscriberId),
    state: item.state as DeliveryState,
    ...optional('messageId', item.messageId as string | undefined),
    attempts: Number(item.attempts ?? 0),
    ...optional('reason', item.reason as string | undefined),
    ...optional('leaseUntil', item.leaseUntil as number | undefined),
    at: String(item.at),
  };
}

/**
 * Rate-limit counters in the single table (`RATE#<key>` / `W#<window start>`): one item per key
 * and fixed window, incremented by a conditional update, so every Lambda container and the local
 * server share one count without a transaction. Items carry the TTL attribute and expire in AWS.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../core/errors';
import type { RateCounter } from '../../core/ports';
import { isConditionalCheckFailed } from './item';
import { rateCounterKey, TTL_ATTRIBUTE } from './schema';

export interface DynamoRateCounterOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export function createDynamoRateCounter({
  client,
  tableName,
}: DynamoRateCounterOptions): RateCounter {
  return {
    async take(key, limit, windowMs, now) {
      if (!(Number.isInteger(limit) && limit >= 1 && Number.isInteger(windowMs) && windowMs >= 1)) {
        throw new ValidationError(
          'rate limit',
          `needs whole numbers ≥ 1, got ${limit}/${windowMs} ms`,
        );
      }
      const windowStart = now - (now % windowMs);
      const retryAfterMs = windowStart + windowMs - now;
      try {
        // ADD is applied by DynamoDB itself; the condition stops counting at the limit, so a
        // flood costs one refused write per request and never grows the item.
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: rateCounterKey(key, windowStart),
            ConditionExpression: 'attribute_not_exists(#hits) OR #hits < :limit',
            UpdateExpression: 'ADD #hits :one SET #ttl = :ttl',
            ExpressionAttributeNames: { '#hits': 'hits', '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: {
              ':one': 1,
              ':limit': limit,
              ':ttl': Math.ceil((windowStart + windowMs) / 1000) + 60,
            },
          }),
        );
        return { allowed: true, retryAfterMs };
      } catch (error) {
        if (isConditionalCheckFailed(error)) return { allowed: false, retryAfterMs };
        throw error;
      }
    },

    async giveBack(key, windowMs, takenAt) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: rateCounterKey(key, takenAt - (takenAt % windowMs)),
            ConditionExpression: '#hits > :zero',
            UpdateExpression: 'ADD #hits :minusOne',
            ExpressionAttributeNames: { '#hits': 'hits' },
            ExpressionAttributeValues: { ':zero': 0, ':minusOne': -1 },
          }),
        );
      } catch (error) {
        // Nothing counted in that window (it expired, or was given back already): nothing to do.
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },
  };
}

/**
 * The hits already counted against `key` in the window that holds `now`, and when that window
 * ends: what is left of a limit before anything is sent (an import reads the list-wide
 * confirmation cap this way before it queues confirmations).
 */
export async function readRateHits(
  { client, tableName }: DynamoRateCounterOptions,
  key: string,
  windowMs: number,
  now: number,
): Promise<{ readonly hits: number; readonly windowEndsAt: number }> {
  const windowStart = now - (now % windowMs);
  const { Item } = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: rateCounterKey(key, windowStart),
      ConsistentRead: true,
    }),
  );
  return { hits: Number(Item?.hits ?? 0), windowEndsAt: windowStart + windowMs };
}

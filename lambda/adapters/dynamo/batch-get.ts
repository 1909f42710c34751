/**
 * BatchGetItem for any number of keys: a hundred keys per request (its limit), a few requests in
 * parallel, and the keys DynamoDB leaves unprocessed (throttling) read again with the shared
 * backoff (lambda/core/retry.ts) until none is left or the attempts run out.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NewsletterError } from '../../core/errors';
import { retryWithBackoff } from '../../core/retry';
import { systemClock } from '../system-clock';
import type { Item } from './item';

/** BatchGetItem's limit on keys per request. */
const BATCH_GET_LIMIT = 100;
/** Attempts at the keys left unprocessed, the first read included. */
const BATCH_GET_ATTEMPTS = 8;
/**
 * Requests in flight at once. A large read (the 20,000 recipients a stopped send set aside) sent
 * all at once kept the embedded table so busy that requests could not connect within the
 * client's 2 s, and only invites throttling from DynamoDB.
 */
const BATCH_GET_PARALLEL = 8;

/** Some keys were left unprocessed: read them again after a backoff. */
class Unprocessed extends Error {}

export interface BatchGetOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Consistent reads: an item written a moment ago is seen. */
  readonly consistent?: boolean;
  /** What is being read, for the error: "subscriber reads". */
  readonly what: string;
}

/**
 * The items found for `given`, in no particular order (missing ones are left out). Each key is
 * asked for once: DynamoDB refuses a BatchGetItem that names a key twice, and a hand-made
 * recipient batch, or a list of ids, may.
 */
export async function batchGetItems(
  options: BatchGetOptions,
  given: readonly Item[],
): Promise<Item[]> {
  const keys = [...new Map(given.map((key) => [JSON.stringify(key), key])).values()];
  const found: Item[] = [];
  let next = 0;
  const readChunks = async () => {
    for (let start = next; start < keys.length; start = next) {
      next += BATCH_GET_LIMIT;
      found.push(...(await readChunk(options, keys.slice(start, start + BATCH_GET_LIMIT))));
    }
  };
  const chunks = Math.ceil(keys.length / BATCH_GET_LIMIT);
  await Promise.all(Array.from({ length: Math.min(BATCH_GET_PARALLEL, chunks) }, readChunks));
  return found;
}

async function readChunk(options: BatchGetOptions, chunk: Item[]): Promise<Item[]> {
  const { client, tableName } = options;
  const found: Item[] = [];
  let keys = chunk;
  try {
    await retryWithBackoff(
      async () => {
        const response = await client.send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: keys, ConsistentRead: options.consistent } },
          }),
        );
        found.push(...(response.Responses?.[tableName] ?? []));
        keys = response.UnprocessedKeys?.[tableName]?.Keys ?? [];
        if (keys.length > 0) throw new Unprocessed();
      },
      {
        policy: { maxAttempts: BATCH_GET_ATTEMPTS, baseDelayMs: 50, maxDelayMs: 3_200 },
        clock: systemClock,
        retryable: (error) => error instanceof Unprocessed,
      },
    );
  } catch (error) {
    if (!(error instanceof NewsletterError && error.cause instanceof Unprocessed)) throw error;
    throw new NewsletterError(
      `DynamoDB table ${tableName} kept ${keys.length} ${options.what} unprocessed after ${BATCH_GET_ATTEMPTS} attempts; the table is throttled, try again later`,
    );
  }
  return found;
}

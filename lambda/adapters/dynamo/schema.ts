/**
 * The one DynamoDB table: key names, item keys and the sparse index of active subscribers.
 * Pure data, no SDK import, so the CDK stack builds the real table from the same constants the
 * adapters query.
 */
import { createHash } from 'node:crypto';

const PARTITION_KEY = 'pk';
const SORT_KEY = 'sk';

/**
 * Sparse GSI of active subscribers: only items with `activeShard` appear in it, and only active
 * subscribers carry that attribute. Its sort key is the table's own `pk` (`SUB#<id>`), so the
 * index needs no extra attribute and a KEYS_ONLY projection is enough to enumerate ids.
 */
export const ACTIVE_INDEX = {
  name: 'active-by-shard',
  partitionKey: 'activeShard',
  sortKey: PARTITION_KEY,
} as const;

/**
 * Why 16: one index partition key takes about 1,000 writes/s, so a bulk import or a wave of
 * confirmations on a single key would throttle the index (and, through it, the table). Sixteen keys
 * spread those writes over 16,000 writes/s of headroom and let a sender read shards in parallel,
 * while enumerating a small list still costs only 16 queries.
 */
export const ACTIVE_SHARD_COUNT = 16;

/**
 * Epoch seconds after which an item may be deleted: the table's TTL attribute. Rate-limit
 * counters and pending sign-ups carry it (dynalite ignores it; in AWS the stack enables TTL on
 * this attribute).
 */
export const TTL_ATTRIBUTE = 'expiresAt';

/** Partition-key prefixes: IAM grants name them (dynamodb:LeadingKeys). */
export const SUBSCRIBER_PREFIX = 'SUB#';
export const RATE_PREFIX = 'RATE#';
const ISSUE_PREFIX = 'ISSUE#';
const DELIVERY_PREFIX = 'DLV#';
const REQUEST_PREFIX = 'COMPOSE#';
const ARTICLE_PREFIX = 'ARTICLE#';
export const PROFILE_SORT_KEY = 'PROFILE';
export const ISSUE_SORT_KEY = 'META';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export function subscriberKey(id: string): ItemKey {
  return { pk: `${SUBSCRIBER_PREFIX}${id}`, sk: PROFILE_SORT_KEY };
}

export function issueKey(id: string): ItemKey {
  return { pk: `${ISSUE_PREFIX}${id}`, sk: ISSUE_SORT_KEY };
}

export function deliveryKey(issueId: string, subscriberId: string): ItemKey {
  return { pk: `${ISSUE_PREFIX}${issueId}`, sk: `${DELIVERY_PREFIX}${subscriberId}` };
}

/** The issue one compose request (its idempotency key) made. */
export function composeRequestKey(idempotencyKey: string): ItemKey {
  return { pk: `${REQUEST_PREFIX}${idempotencyKey}`, sk: 'ISSUE' };
}

/** The partition of every version of one uploaded article (one object key). */
export function articlePartition(articleKey: string): string {
  return `${ARTICLE_PREFIX}${articleKey}`;
}

/** What compose learnt about one version (ETag) of an uploaded article. */
export function articleVersionKey(articleKey: string, etag: string): ItemKey {
  return { pk: articlePartition(articleKey), sk: `V#${etag}` };
}

/**
 * The uploads compose passed over, in one partition sorted by when (`status --stack` lists them);
 * each also stays in its article's partition, which is what compose reads.
 */
export const PASSED_OVER_PARTITION = 'PASSED-OVER';

/**
 * Sorted by time; the version is hashed, as an object key may take all the 1,024 bytes a sort
 * key has (the item keeps the key and ETag as attributes, which is what `passedOver` reads).
 */
export function passedOverKey(at: string, articleKey: string, etag: string): ItemKey {
  const version = createHash('sha256').update(`${articleKey}\0${etag}`).digest('hex');
  return { pk: PASSED_OVER_PARTITION, sk: `${at}#${version.slice(0, 32)}` };
}

/** One fixed window of a rate-limit counter: the key is already a hash, never an address or IP. */
export function rateCounterKey(key: string, windowStart: number): ItemKey {
  return { pk: `${RATE_PREFIX}${key}`, sk: `W#${windowStart.toString(36)}` };
}

/** What is remembered about one feed; the URL is hashed to keep the key short and plain. */
export function feedStateKey(feedUrl: string): ItemKey {
  return {
    pk: `FEED#${createHash('sha256').update(feedUrl).digest('hex').slice(0, 32)}`,
    sk: 'STATE',
  };
}

/** The archive's list of published issues: one partition, sorted by publication time. */
export const ARCHIVE_PARTITION = 'ARCHIVE';

export function archiveEntryKey(publishedAt: string, issueId: string): ItemKey {
  return { pk: ARCHIVE_PARTITION, sk: `${publishedAt}#${issueId}` };
}

/** The sort-key prefix shared by every delivery of one issue (for queries). */
export const DELIVERY_SORT_KEY_PREFIX = DELIVERY_PREFIX;

/** The subscriber id inside a `SUB#<id>` partition key. */
export function subscriberIdFromKey(pk: string): string {
  return pk.slice(SUBSCRIBER_PREFIX.length);
}

/** A stable shard for a subscriber id: the same id always lands in the same shard. */
export function activeShardOf(subscriberId: string): string {
  const firstByte = createHash('sha256').update(subscriberId).digest()[0] ?? 0;
  return activeShardName(firstByte % ACTIVE_SHARD_COUNT);
}

/** `A#00` … `A#15`. */
function activeShardName(shard: number): string {
  return `A#${String(shard).padStart(2, '0')}`;
}

/** Every shard name, in order. */
export function activeShardNames(): string[] {
  return Array.from({ length: ACTIVE_SHARD_COUNT }, (_, shard) => activeShardName(shard));
}

/**
 * The table as a CreateTable input (on-demand billing). The local runtime and the tests create
 * it with this; the CDK stack mirrors the same names.
 */
export function tableDefinition(tableName: string) {
  const string = 'S' as const;
  const hash = 'HASH' as const;
  const range = 'RANGE' as const;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: PARTITION_KEY, AttributeType: string },
      { AttributeName: SORT_KEY, AttributeType: string },
      { AttributeName: ACTIVE_INDEX.partitionKey, AttributeType: string },
    ],
    KeySchema: [
      { AttributeName: PARTITION_KEY, KeyType: hash },
      { AttributeName: SORT_KEY, KeyType: range },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: ACTIVE_INDEX.name,
        KeySchema: [
          { AttributeName: ACTIVE_INDEX.partitionKey, KeyType: hash },
          { AttributeName: ACTIVE_INDEX.sortKey, KeyType: range },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' as const },
      },
    ],
  };
}

/**
 * The compose journal in the single table: `COMPOSE#<idempotency key>` / `ISSUE` records the
 * issue a compose request made, `ARTICLE#<object key>` / `V#<ETag>` what compose learnt about
 * one upload of an article, and `PASSED-OVER` / `<at>#<hash of key and ETag>` each upload passed
 * over, for `status --stack`, deleted by the table's TTL after PASSED_OVER_RETENTION_DAYS.
 * Written with single-item puts (dynalite has no transactions), read a hundred at a time.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import {
  type ArticleRecord,
  type ComposedIssue,
  type ComposeJournal,
  PASSED_OVER_RETENTION_DAYS,
  type PassedOverArticle,
} from '../../core/ports';
import { batchGetItems } from './batch-get';
import { type Item, writeIf } from './item';
import {
  articlePartition,
  articleVersionKey,
  composeRequestKey,
  PASSED_OVER_PARTITION,
  passedOverKey,
  TTL_ATTRIBUTE,
} from './schema';

const RETENTION_MS = PASSED_OVER_RETENTION_DAYS * 24 * 60 * 60 * 1000;

export interface DynamoComposeJournalOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export function createDynamoComposeJournal({
  client,
  tableName,
}: DynamoComposeJournalOptions): ComposeJournal {
  async function requestIssue(key: string): Promise<ComposedIssue | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: composeRequestKey(key), ConsistentRead: true }),
    );
    return Item
      ? { issueId: String(Item.issueId), articleKey: String(Item.articleKey) }
      : undefined;
  }

  return {
    requestIssue,

    async recordRequest(key, made) {
      const created = await writeIf(
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...composeRequestKey(key), issueId: made.issueId, articleKey: made.articleKey },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return created ? made : ((await requestIssue(key)) ?? made);
    },

    async articleRecords(versions) {
      const items = await batchGetItems(
        { client, tableName, what: 'article records' },
        versions.map((version): Item => ({ ...articleVersionKey(version.key, version.etag) })),
      );
      const records = new Map<string, ArticleRecord>();
      for (const item of items) {
        const record: ArticleRecord =
          typeof item.rejected === 'string'
            ? { rejected: item.rejected, at: String(item.at) }
            : { issueId: String(item.issueId), sent: item.sent === true };
        records.set(String(item.articleKey), record);
      }
      return records;
    },

    async issueOfKey(key) {
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'attribute_exists(issueId)',
          ExpressionAttributeValues: { ':pk': articlePartition(key) },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) {
        const made = page.Items?.[0];
        if (made) return String(made.issueId);
      }
      return undefined;
    },

    async recordArticle(version, record) {
      // The listing first: when the second put is lost, compose rejects the version again on its
      // next run and lists it again, which passedOver reads as one.
      if ('rejected' in record) {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...passedOverKey(record.at, version.key, version.etag),
              articleKey: version.key,
              etag: version.etag,
              reason: record.rejected,
              at: record.at,
              [TTL_ATTRIBUTE]: Math.ceil((Date.parse(record.at) + RETENTION_MS) / 1000),
            },
          }),
        );
      }
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...articleVersionKey(version.key, version.etag),
            articleKey: version.key,
            etag: version.etag,
            ...record,
          },
        }),
      );
    },

    async passedOver(now) {
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk >= :since',
          ExpressionAttributeValues: {
            ':pk': PASSED_OVER_PARTITION,
            ':since': new Date(now - RETENTION_MS).toISOString(),
          },
          ScanIndexForward: false,
        },
      );
      const newestFirst = new Map<string, PassedOverArticle>();
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const article = {
            key: String(item.articleKey),
            etag: String(item.etag),
            reason: String(item.reason),
            at: String(item.at),
          };
          const version = `${article.key}#${article.etag}`;
          if (!newestFirst.has(version)) newestFirst.set(version, article);
        }
      }
      return [...newestFirst.values()];
    },
  };
}

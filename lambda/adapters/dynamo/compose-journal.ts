/**
 * The compose journal in the single table: `COMPOSE#<idempotency key>` / `ISSUE` records the
 * issue a compose request made, `ARTICLE#<object key>` / `V#<ETag>` what compose learnt about
 * one upload of an article. Written with single-item conditional puts (dynalite has no
 * transactions), read a hundred at a time.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { ArticleRecord, ComposedIssue, ComposeJournal } from '../../core/ports';
import { batchGetItems } from './batch-get';
import { type Item, writeIf } from './item';
import { articlePartition, articleVersionKey, composeRequestKey } from './schema';

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
            ? { rejected: item.rejected }
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
  };
}

/**
 * The archive's list of published issues: one item per issue under `ARCHIVE`, sorted by
 * publication time (`<publishedAt>#<issue id>`). A newsletter publishes a few issues a week, so
 * one partition holds its whole history.
 */
import { type DynamoDBDocumentClient, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { ArchiveEntry, ArchiveIndex } from '../../core/archive/archive-site';
import { type Item, writeIf } from './item';
import { ARCHIVE_PARTITION, archiveEntryKey } from './schema';

export interface DynamoArchiveIndexOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

function fromItem(item: Item): ArchiveEntry {
  return {
    issueId: String(item.issueId),
    title: String(item.title),
    summary: String(item.summary),
    publishedAt: String(item.publishedAt),
    ...(typeof item.language === 'string' ? { language: item.language } : {}),
    ...(typeof item.id === 'string' ? { id: item.id } : {}),
  };
}

export function createDynamoArchiveIndex({
  client,
  tableName,
}: DynamoArchiveIndexOptions): ArchiveIndex {
  return {
    async add(entry) {
      // An issue is listed once: a resumed send publishes again under its first date.
      const existing = (await this.list()).some((listed) => listed.issueId === entry.issueId);
      if (existing) return;
      await writeIf(
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...archiveEntryKey(entry.publishedAt, entry.issueId), ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    },
    async list() {
      const entries: ArchiveEntry[] = [];
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': ARCHIVE_PARTITION },
          ScanIndexForward: false,
          ConsistentRead: true,
        },
      );
      for await (const page of pages) entries.push(...(page.Items ?? []).map(fromItem));
      return entries;
    },
  };
}

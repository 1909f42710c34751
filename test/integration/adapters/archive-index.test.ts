import { describe, expect, it } from 'vitest';
import { createDynamoArchiveIndex } from '../../../lambda/adapters/dynamo/archive-index';
import { useDynalite } from '../../support/emulators';

const dynamo = useDynalite();

const entry = (issueId: string, publishedAt: string) => ({
  issueId,
  title: `Title of ${issueId}`,
  summary: `Summary of ${issueId}`,
  publishedAt,
});

describe('the DynamoDB archive index', () => {
  it('lists each issue once, newest first, with the language its article declared', async () => {
    const index = createDynamoArchiveIndex({
      client: dynamo.documentClient,
      tableName: await dynamo.createTable(),
    });
    const french = { ...entry('venise', '2026-12-04T07:00:00.000Z'), language: 'fr' };
    await index.add(entry('first', '2026-11-27T07:00:00.000Z'));
    await index.add(french);
    // A resumed send publishes again: the first listing stands.
    await index.add({ ...french, publishedAt: '2026-12-05T07:00:00.000Z' });
    expect(await index.list()).toEqual([french, entry('first', '2026-11-27T07:00:00.000Z')]);
  });

  it('keeps the feed id an issue was published under', async () => {
    const index = createDynamoArchiveIndex({
      client: dynamo.documentClient,
      tableName: await dynamo.createTable(),
    });
    const published = {
      ...entry('kept', '2026-12-04T07:00:00.000Z'),
      id: 'tag:weekly.example.com,2026-12-04:issue/kept',
    };
    await index.add(published);
    expect(await index.list()).toEqual([published]);
  });
});

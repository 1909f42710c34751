/** What each feed's last run read (`FEED#<hash of URL>` / `STATE`): validators, ids seen, newest date. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FeedState, FeedStateStore } from '../../core/feeds/types';
import { feedStateKey } from './schema';

export interface DynamoFeedStateStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export function createDynamoFeedStateStore({
  client,
  tableName,
}: DynamoFeedStateStoreOptions): FeedStateStore {
  return {
    async get(feedUrl) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: feedStateKey(feedUrl), ConsistentRead: true }),
      );
      if (!Item) return undefined;
      const { pk: _pk, sk: _sk, ...state } = Item;
      return state as unknown as FeedState;
    },
    async put(state) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...feedStateKey(state.feedUrl), ...state },
        }),
      );
    },
  };
}

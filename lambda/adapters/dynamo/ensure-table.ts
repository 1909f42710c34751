/**
 * Creates the table when it is missing and waits until it is ACTIVE. For the local runtime and
 * tests only: in AWS the CDK stack owns the table.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { NewsletterError } from '../../core/errors';
import { tableDefinition } from './schema';

export interface EnsureTableOptions {
  /** Longest to wait for the table to become ACTIVE. @default 10000 */
  readonly timeoutMs?: number;
  /** Called when the table is missing, before it is created: throwing leaves it uncreated. */
  readonly beforeCreate?: () => Promise<void>;
}

/** Returns whether the table had to be created. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  { timeoutMs = 10_000, beforeCreate }: EnsureTableOptions = {},
): Promise<'created' | 'existed'> {
  let outcome: 'created' | 'existed' = 'existed';
  if ((await describeStatus(client, tableName)) === undefined) {
    await beforeCreate?.();
    try {
      await client.send(new CreateTableCommand(tableDefinition(tableName)));
      outcome = 'created';
    } catch (error) {
      // Another process created it between our look and our create: that is fine.
      if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
    }
  }
  const deadline = Date.now() + timeoutMs;
  while ((await describeStatus(client, tableName)) !== 'ACTIVE') {
    if (Date.now() > deadline) {
      throw new NewsletterError(
        `DynamoDB table ${tableName} did not become ACTIVE within ${timeoutMs} ms; check the endpoint in AWS_ENDPOINT_URL_DYNAMODB`,
      );
    }
    await sleep(50);
  }
  return outcome;
}

async function describeStatus(client: DynamoDBClient, tableName: string) {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

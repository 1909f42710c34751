/**
 * Creates the table when it is missing and waits until it is ACTIVE. For the local runtime and
 * tests only: in AWS the CDK stack owns the table.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
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
  const existing = await describeTable(client, tableName);
  if (existing) refuseOtherShape(tableName, existing);
  if (existing === undefined) {
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

async function describeTable(client: DynamoDBClient, tableName: string) {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function describeStatus(client: DynamoDBClient, tableName: string) {
  return (await describeTable(client, tableName))?.TableStatus;
}

/**
 * A table of this name made by something else (another program, a data folder of another
 * version) would fail on the first query of a missing index, deep in a send, as an SDK stack
 * trace: it is refused here, in one line.
 */
function refuseOtherShape(tableName: string, table: TableDescription): void {
  const wanted = tableDefinition(tableName);
  const keys = (schema: readonly { AttributeName?: string }[] | undefined) =>
    (schema ?? []).map((key) => key.AttributeName).join(',');
  const indexes = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = wanted.GlobalSecondaryIndexes.find((index) => !indexes.has(index.IndexName));
  const problem =
    keys(table.KeySchema) !== keys(wanted.KeySchema)
      ? `its key is ${keys(table.KeySchema) || 'unknown'}, not ${keys(wanted.KeySchema)}`
      : missing
        ? `it has no index ${missing.IndexName}`
        : undefined;
  if (problem === undefined) return;
  throw new NewsletterError(
    `DynamoDB table ${tableName} was not made by this version of newsletter (${problem}), so subscribers cannot be found in it: ` +
      'use another --data-dir (or NEWSLETTER_TABLE), or point AWS_ENDPOINT_URL_DYNAMODB at the right DynamoDB',
  );
}

import type { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchGetItems } from '../../../lambda/adapters/dynamo/batch-get';

/** A table that answers every key it is asked for, counting the requests it holds at once. */
function countingTable() {
  const seen = { requests: 0, inFlight: 0, most: 0 };
  const client = {
    async send(command: BatchGetCommand) {
      seen.requests++;
      seen.inFlight++;
      seen.most = Math.max(seen.most, seen.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.inFlight--;
      return { Responses: { table: command.input.RequestItems?.table?.Keys ?? [] } };
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, seen };
}

describe('batchGetItems', () => {
  it('reads thousands of keys a few requests at a time, not all at once', async () => {
    // A stopped send reads every recipient it set aside: 200 requests at once left the embedded
    // table unable to accept a connection within the client's 2 s.
    const { client, seen } = countingTable();
    const keys = Array.from({ length: 20_000 }, (_, i) => ({ pk: `key${i}` }));
    const items = await batchGetItems({ client, tableName: 'table', what: 'test reads' }, keys);
    expect(items).toHaveLength(20_000);
    expect(new Set(items.map((item) => item.pk)).size).toBe(20_000);
    expect(seen.requests).toBe(200);
    expect(seen.most).toBeLessThanOrEqual(8);
    expect(seen.most).toBeGreaterThan(1);
  });

  it('asks for a key given twice once, as DynamoDB refuses a request that names one twice', async () => {
    const asked: unknown[][] = [];
    const client = {
      async send(command: BatchGetCommand) {
        const keys = command.input.RequestItems?.table?.Keys ?? [];
        asked.push(keys);
        return { Responses: { table: keys } };
      },
    } as unknown as DynamoDBDocumentClient;
    const keys = [
      { pk: 'A', sk: '1' },
      { pk: 'A', sk: '2' },
      { pk: 'A', sk: '1' },
    ];
    const items = await batchGetItems({ client, tableName: 'table', what: 'test reads' }, keys);
    expect(asked).toEqual([
      [
        { pk: 'A', sk: '1' },
        { pk: 'A', sk: '2' },
      ],
    ]);
    expect(items).toHaveLength(2);
  });

  it('reads nothing for no keys', async () => {
    const { client, seen } = countingTable();
    expect(await batchGetItems({ client, tableName: 'table', what: 'test reads' }, [])).toEqual([]);
    expect(seen.requests).toBe(0);
  });
});

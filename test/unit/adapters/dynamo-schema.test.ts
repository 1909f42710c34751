import { describe, expect, it } from 'vitest';
import {
  ACTIVE_INDEX,
  ACTIVE_SHARD_COUNT,
  activeShardNames,
  activeShardOf,
  deliveryKey,
  issueKey,
  subscriberKey,
  tableDefinition,
} from '../../../lambda/adapters/dynamo/schema';

describe('the table schema', () => {
  it('builds the item keys of the data model', () => {
    expect(subscriberKey('abc')).toEqual({ pk: 'SUB#abc', sk: 'PROFILE' });
    expect(issueKey('2026-11-26')).toEqual({ pk: 'ISSUE#2026-11-26', sk: 'META' });
    expect(deliveryKey('2026-11-26', 'abc')).toEqual({ pk: 'ISSUE#2026-11-26', sk: 'DLV#abc' });
  });

  it('puts a subscriber in the same shard every time, and spreads subscribers over every shard', () => {
    expect(activeShardOf('abc')).toBe(activeShardOf('abc'));
    const counts = new Map<string, number>();
    for (let i = 0; i < 1_600; i++) {
      const shard = activeShardOf(`subscriber-${i}`);
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(activeShardNames());
    expect(Math.min(...counts.values())).toBeGreaterThan(50);
  });

  it('names shards A#00 to A#15', () => {
    expect(activeShardNames()).toHaveLength(ACTIVE_SHARD_COUNT);
    expect(activeShardNames()[0]).toBe('A#00');
    expect(activeShardNames().at(-1)).toBe('A#15');
  });

  it('defines an on-demand table with the sparse, keys-only active index', () => {
    const table = tableDefinition('newsletter');
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: ACTIVE_INDEX.name,
        KeySchema: [
          { AttributeName: 'activeShard', KeyType: 'HASH' },
          { AttributeName: 'pk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ]);
  });
});

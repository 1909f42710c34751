import { describe, expect, it } from 'vitest';
import { createDynamoDeliveryLedger } from '../../../lambda/adapters/dynamo/delivery-ledger';
import { useDynalite } from '../../support/emulators';

const dynamo = useDynalite();
const T0 = Date.UTC(2026, 10, 26, 12);

async function createLedger() {
  const tableName = await dynamo.createTable();
  return createDynamoDeliveryLedger({ client: dynamo.documentClient, tableName, now: () => T0 });
}

describe('the DynamoDB delivery ledger, read many at a time', () => {
  it('reads the entries of many recipients of one issue, leaving out those it has none for', async () => {
    const ledger = await createLedger();
    const ids = Array.from({ length: 130 }, (_, i) => `sub-${i}`);
    for (const id of ids.slice(0, 120)) await ledger.claim('i1', id, T0 + 60_000, T0);
    await ledger.markSent('i1', 'sub-7', 'ses-7');
    await ledger.claim('i2', 'sub-125', T0 + 60_000, T0);

    const entries = await ledger.getMany?.('i1', ids);

    expect(entries).toHaveLength(120);
    expect(entries?.find((d) => d.subscriberId === 'sub-7')).toMatchObject({
      state: 'sent',
      messageId: 'ses-7',
    });
    expect(entries?.filter((d) => d.state === 'claimed')).toHaveLength(119);
  });
});

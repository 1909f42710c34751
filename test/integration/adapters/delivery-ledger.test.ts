import { describe, expect, it } from 'vitest';
import { createDynamoDeliveryLedger } from '../../../lambda/adapters/dynamo/delivery-ledger';
import { NewsletterError } from '../../../lambda/core/errors';
import { useDynalite } from '../../support/emulators';

const dynamo = useDynalite();
const T0 = Date.UTC(2026, 10, 26, 12);
const LEASE = 60_000;

async function createLedger() {
  const tableName = await dynamo.createTable();
  return createDynamoDeliveryLedger({ client: dynamo.documentClient, tableName, now: () => T0 });
}

describe('the DynamoDB delivery ledger', () => {
  it('lets one claimant own a delivery, keeps others out, and is done once sent', async () => {
    const ledger = await createLedger();

    expect(await ledger.claim('i1', 'sub', T0 + LEASE, T0)).toEqual({
      outcome: 'claimed',
      attempts: 1,
      tookOver: false,
    });
    const second = await ledger.claim('i1', 'sub', T0 + 1_000 + LEASE, T0 + 1_000);
    expect(second).toMatchObject({
      outcome: 'busy',
      delivery: { state: 'claimed', leaseUntil: T0 + LEASE },
    });

    await ledger.markSent('i1', 'sub', 'ses-message-1');
    const after = await ledger.claim('i1', 'sub', T0 + 2 * LEASE, T0 + 2 * LEASE);

    expect(after).toEqual({
      outcome: 'done',
      delivery: {
        issueId: 'i1',
        subscriberId: 'sub',
        state: 'sent',
        messageId: 'ses-message-1',
        attempts: 1,
        at: new Date(T0).toISOString(),
      },
    });
  });

  it('gives exactly one of many simultaneous claimants the delivery', async () => {
    const ledger = await createLedger();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => ledger.claim('i1', 'sub', T0 + LEASE, T0)),
    );
    expect(results.filter((result) => result.outcome === 'claimed')).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'busy')).toHaveLength(9);
  });

  it('lets a new claimant take over an expired lease, counting the attempt', async () => {
    const ledger = await createLedger();
    await ledger.claim('i1', 'sub', T0 + LEASE, T0);

    const later = T0 + LEASE + 1;
    expect(await ledger.claim('i1', 'sub', later + LEASE, later)).toEqual({
      outcome: 'claimed',
      attempts: 2,
      tookOver: true,
    });
    expect(await ledger.get('i1', 'sub')).toMatchObject({
      state: 'claimed',
      attempts: 2,
      leaseUntil: later + LEASE,
      at: new Date(later).toISOString(),
    });
  });

  it('makes a released claim claimable again at once', async () => {
    const ledger = await createLedger();
    await ledger.claim('i1', 'sub', T0 + LEASE, T0);

    await ledger.release('i1', 'sub');

    expect(await ledger.claim('i1', 'sub', T0 + 1 + LEASE, T0 + 1)).toEqual({
      outcome: 'claimed',
      attempts: 2,
      tookOver: false,
    });
  });

  it('treats failed and skipped deliveries as done, and release does not reopen them', async () => {
    const ledger = await createLedger();
    await ledger.claim('i1', 'bad', T0 + LEASE, T0);
    await ledger.markFailed('i1', 'bad', 'rejected: MessageRejected');
    await ledger.claim('i1', 'gone', T0 + LEASE, T0);
    await ledger.markSkipped('i1', 'gone', 'unsubscribed');

    await ledger.release('i1', 'bad');
    const later = T0 + 2 * LEASE;

    expect(await ledger.claim('i1', 'bad', later + LEASE, later)).toMatchObject({
      outcome: 'done',
      delivery: { state: 'failed', reason: 'rejected: MessageRejected' },
    });
    expect(await ledger.claim('i1', 'gone', later + LEASE, later)).toMatchObject({
      outcome: 'done',
      delivery: { state: 'skipped', reason: 'unsubscribed' },
    });
    expect(await ledger.get('i1', 'bad')).not.toHaveProperty('leaseUntil');
  });

  it('refuses to finish a delivery nobody claimed and leaves no entry behind', async () => {
    const ledger = await createLedger();
    await expect(ledger.markSent('i1', 'ghost', 'm')).rejects.toBeInstanceOf(NewsletterError);
    await ledger.release('i1', 'ghost');
    expect(await ledger.get('i1', 'ghost')).toBeUndefined();
  });

  it('counts the deliveries of one issue by state', async () => {
    const ledger = await createLedger();
    for (const id of ['a', 'b', 'c', 'd', 'e']) await ledger.claim('i1', id, T0 + LEASE, T0);
    await ledger.claim('i2', 'a', T0 + LEASE, T0);
    await ledger.markSent('i1', 'a', 'm-a');
    await ledger.markSent('i1', 'b', 'm-b');
    await ledger.markFailed('i1', 'c', 'rejected');
    await ledger.markSkipped('i1', 'd', 'unsubscribed');

    expect(await ledger.countByState('i1')).toEqual({ claimed: 1, sent: 2, failed: 1, skipped: 1 });
  });
});

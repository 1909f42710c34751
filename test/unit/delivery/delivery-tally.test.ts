import { describe, expect, it } from 'vitest';
import type { DeliveryReport } from '../../../lambda/core/delivery/deliver-batch';
import { addToTally, createDeliveryTally } from '../../../lambda/core/delivery/delivery-tally';

function report(outcome: DeliveryReport['outcome'], throttles = 0, transientErrors = 0) {
  return { subscriberId: 's', outcome, attempts: 1, throttles, transientErrors };
}

describe('the delivery tally', () => {
  it('counts every outcome and every retried attempt', () => {
    const tally = createDeliveryTally();
    for (const r of [
      report('sent', 2, 1),
      report('sent'),
      report('failed'),
      report('skipped'),
      report('already-done'),
      report('pending', 3, 5),
      { ...report('sent'), tookOver: true as const },
    ]) {
      addToTally(tally, r);
    }
    expect(tally).toEqual({
      sent: 3,
      failed: 1,
      skipped: 1,
      alreadyDone: 1,
      deferred: 1,
      throttles: 5,
      transientErrors: 6,
      takenOver: 1,
    });
  });

  it('keeps why the last recipient handed back was, for the line of a run that ends unfinished', () => {
    const tally = createDeliveryTally();
    addToTally(tally, { ...report('pending'), reason: 'gave up after 8 attempts: 503' });
    addToTally(tally, report('sent'));
    addToTally(tally, {
      ...report('pending'),
      reason: 'gave up after 8 attempts: connect ECONNREFUSED 127.0.0.1:1',
    });
    expect(tally.lastDeferral).toBe('gave up after 8 attempts: connect ECONNREFUSED 127.0.0.1:1');
  });
});

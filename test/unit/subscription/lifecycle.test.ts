import { describe, expect, it } from 'vitest';
import type { Subscriber } from '../../../lambda/core/model';
import {
  confirm,
  PENDING_TTL_MS,
  recordMailEvent,
  subscribe,
  unsubscribe,
} from '../../../lambda/core/subscription/lifecycle';
import { updateSubscriber } from '../../../lambda/core/subscription/update-subscriber';
import { createMemorySubscriberStore, subscriber } from '../../support/fakes';

const now = Date.UTC(2026, 10, 26, 12);
const signUp = {
  id: 'ada',
  email: 'ada@example.com',
  name: 'Ada',
  consent: { at: new Date(now).toISOString(), source: 'form', ip: '203.0.113.7' },
};
const pendingSince = (at: number): Subscriber => ({
  ...subscriber('ada', 'pending'),
  consent: { at: new Date(at).toISOString(), source: 'form' },
});

describe('the subscriber lifecycle', () => {
  it('creates a pending subscriber for a new address', () => {
    const { next, outcome } = subscribe(undefined, signUp, now);
    expect(outcome).toBe('created');
    expect(next).toMatchObject({
      id: 'ada',
      status: 'pending',
      consent: signUp.consent,
      bounces: 0,
    });
  });

  it('keeps the creation time and the bounce count when someone signs up again', () => {
    const left = { ...subscriber('ada', 'unsubscribed'), bounces: 1, reason: 'one-click' };
    const { next, outcome } = subscribe(left, signUp, now);
    expect(outcome).toBe('resubscribed');
    expect(next).toMatchObject({ createdAt: left.createdAt, bounces: 1, status: 'pending' });
    expect(next?.reason).toBeUndefined();
  });

  it('keeps an unsubscribe made after the sign-up was sent, while the sign-up waited in the queue', () => {
    const leftAt = (at: number): Subscriber => ({
      ...subscriber('ada', 'unsubscribed'),
      reason: 'one-click',
      reasonAt: new Date(at).toISOString(),
    });
    expect(subscribe(leftAt(now + 1_000), signUp, now + 5_000)).toEqual({
      outcome: 'unsubscribed-since',
    });
    expect(subscribe(leftAt(now - 1_000), signUp, now + 5_000).outcome).toBe('resubscribed');
  });

  it('confirms a pending sign-up until 48 hours have passed, and not after', () => {
    const client = { ip: '198.51.100.1' };
    const link = now + PENDING_TTL_MS;
    expect(confirm(pendingSince(now), link - 1, client, link).outcome).toBe('confirmed');
    expect(confirm(pendingSince(now), link, client, link).outcome).toBe('expired');
    expect(confirm(pendingSince(now), link, client, link).next).toBeUndefined();
  });

  it('confirms a pending sign-up only by the link sent for it, not by one of an earlier sign-up', () => {
    const client = { ip: '198.51.100.1' };
    const earlier = now - 60_000 + PENDING_TTL_MS;
    expect(confirm(pendingSince(now), now, client, earlier)).toEqual({
      outcome: 'earlier-sign-up',
    });
    expect(confirm(pendingSince(now), now, client, undefined)).toEqual({
      outcome: 'earlier-sign-up',
    });
  });

  it('never confirms someone who is not pending', () => {
    const client = { ip: '198.51.100.1' };
    for (const status of ['unsubscribed', 'suppressed'] as const) {
      expect(confirm(subscriber('ada', status), now, client, undefined)).toEqual({
        outcome: 'not-pending',
      });
    }
    expect(confirm(undefined, now, client, undefined)).toEqual({ outcome: 'not-pending' });
    expect(confirm(subscriber('ada', 'active'), now, client, undefined)).toEqual({
      outcome: 'already-active',
    });
  });

  it('unsubscribes active and pending subscribers only', () => {
    expect(unsubscribe(subscriber('a', 'pending'), now, 'one-click').next?.status).toBe(
      'unsubscribed',
    );
    expect(unsubscribe(subscriber('a', 'suppressed'), now, 'one-click')).toEqual({
      outcome: 'already-unsubscribed',
    });
  });

  it('counts a transient bounce once even when SNS delivers it again after a delivery', () => {
    const bounce = {
      kind: 'transient-bounce',
      detail: 'Transient:MailboxFull',
      at: 'x',
      feedbackId: 'feedback-1',
    } as const;
    const counted = recordMailEvent(subscriber('a'), bounce, now).next;
    const reset = recordMailEvent(counted, { kind: 'delivery', at: 'y' }, now).next;
    expect(reset?.bounces).toBe(0);
    expect(recordMailEvent(reset, bounce, now)).toEqual({ outcome: 'duplicate' });
  });

  it('does not count transient bounces of someone who unsubscribed', () => {
    const left = subscriber('a', 'unsubscribed');
    const event = { kind: 'transient-bounce', detail: 'Transient:General', at: 'x' } as const;
    expect(recordMailEvent(left, event, now)).toEqual({ outcome: 'unchanged' });
  });
});

describe('updateSubscriber', () => {
  it('decides again from the fresh record when another writer got there first', async () => {
    const store = createMemorySubscriberStore([subscriber('ada', 'active')]);
    const original = store.replace.bind(store);
    let raced = false;
    store.replace = async (next, previous) => {
      if (!raced) {
        raced = true;
        // An unsubscribe lands between our read and our write.
        await store.put({ ...previous, status: 'unsubscribed', updatedAt: 'later' });
      }
      return original(next, previous);
    };
    const event = { kind: 'transient-bounce', detail: 'Transient:General', at: 'x' } as const;
    const result = await updateSubscriber(store, 'ada', (current) =>
      recordMailEvent(current, event, now),
    );
    expect(result.outcome).toBe('unchanged');
    expect(await store.get('ada')).toMatchObject({ status: 'unsubscribed', bounces: 0 });
  });

  it('gives up with a clear error when the record keeps changing', async () => {
    const store = createMemorySubscriberStore([subscriber('ada', 'active')]);
    store.replace = async () => false;
    await expect(
      updateSubscriber(store, 'ada', (current) => unsubscribe(current, now, 'one-click')),
    ).rejects.toThrow('Subscriber ada changed 5 times while being updated; try again');
  });
});

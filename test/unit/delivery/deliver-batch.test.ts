import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEFERRAL_DELAYS,
  type DeliverDeps,
  deliverBatch,
  type RunControl,
} from '../../../lambda/core/delivery/deliver-batch';
import type { Mailer } from '../../../lambda/core/ports';
import { SendFailure } from '../../../lambda/core/ports';
import { DEFAULT_RETRY_POLICY } from '../../../lambda/core/retry';
import {
  createFakeClock,
  createMemoryLedger,
  createMemorySubscriberStore,
  createRecordingMailer,
  subscriber,
} from '../../support/fakes';

const ISSUE = 'issue-1';

async function setup(
  options: {
    mailer?: Mailer;
    subscribers?: ReturnType<typeof subscriber>[];
    remainingToday?: number;
    stopAt?: number;
  } = {},
) {
  const clock = createFakeClock();
  const subscribers = createMemorySubscriberStore(
    options.subscribers ?? [subscriber('a'), subscriber('b'), subscriber('c')],
  );
  const ledger = createMemoryLedger();
  const mailer = options.mailer ?? createRecordingMailer();
  const control: RunControl = {
    stopped: false,
    remainingToday: options.remainingToday ?? Number.POSITIVE_INFINITY,
    stopAt: options.stopAt ?? Number.POSITIVE_INFINITY,
  };
  const deps: DeliverDeps = {
    subscribers,
    ledger,
    mailer,
    clock,
    limiter: { ratePerSecond: 1000, take: async () => {} },
    retry: DEFAULT_RETRY_POLICY,
    delays: DEFAULT_DEFERRAL_DELAYS,
    leaseMs: 60_000,
    control,
    random: () => 0.5,
    prepare: async (_issueId, s) => ({
      raw: new TextEncoder().encode(`to ${s.id}`),
      to: s.email,
      subscriberId: s.id,
      issueId: ISSUE,
    }),
  };
  return { deps, clock, subscribers, ledger, control };
}

describe('deliverBatch', () => {
  it('sends each active recipient once and records the message id in the ledger', async () => {
    const mailer = createRecordingMailer();
    const { deps, ledger } = await setup({ mailer });
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b', 'c'] });
    expect(result.pendingIds).toEqual([]);
    expect(mailer.sent.map((m) => m.subscriberId)).toEqual(['a', 'b', 'c']);
    expect((await ledger.get(ISSUE, 'b'))?.state).toBe('sent');
    expect((await ledger.get(ISSUE, 'b'))?.messageId).toBe('msg-2');
  });

  it('does nothing for recipients a previous run already finished, and says how they ended', async () => {
    const mailer = createRecordingMailer();
    const { deps } = await setup({ mailer });
    await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b'] });
    const again = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b', 'c'] });
    expect(again.reports.map((r) => [r.outcome, r.earlier])).toEqual([
      ['already-done', 'sent'],
      ['already-done', 'sent'],
      ['sent', undefined],
    ]);
    expect(mailer.sent).toHaveLength(3);
  });

  it('reads the ledger once per batch and makes no claim for recipients finished earlier', async () => {
    const mailer = createRecordingMailer();
    const { deps, ledger } = await setup({ mailer });
    await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b'] });
    let claims = 0;
    const counting = {
      ...ledger,
      claim: (...args: Parameters<typeof ledger.claim>) => {
        claims++;
        return ledger.claim(...args);
      },
      getMany: async (issueId: string, ids: readonly string[]) =>
        (await Promise.all(ids.map((id) => ledger.get(issueId, id)))).filter(
          (d) => d !== undefined,
        ),
    };
    const again = await deliverBatch(
      { ...deps, ledger: counting },
      { issueId: ISSUE, subscriberIds: ['a', 'b', 'c'] },
    );
    expect(again.reports.map((r) => r.outcome)).toEqual(['already-done', 'already-done', 'sent']);
    expect(claims).toBe(1);
  });

  it('skips a subscriber who unsubscribed after the issue was planned', async () => {
    const mailer = createRecordingMailer();
    const { deps, ledger } = await setup({
      mailer,
      subscribers: [
        subscriber('a'),
        subscriber('b', 'unsubscribed'),
        subscriber('c', 'suppressed'),
      ],
    });
    const result = await deliverBatch(deps, {
      issueId: ISSUE,
      subscriberIds: ['a', 'b', 'c', 'gone'],
    });
    expect(mailer.sent.map((m) => m.subscriberId)).toEqual(['a']);
    expect(result.reports.map((r) => r.outcome)).toEqual(['sent', 'skipped', 'skipped', 'skipped']);
    expect((await ledger.get(ISSUE, 'b'))?.reason).toBe('subscriber is unsubscribed');
  });

  it('defers a recipient claimed by another live sender until its lease ends', async () => {
    const { deps, ledger, clock } = await setup();
    await ledger.claim(ISSUE, 'a', clock.now() + 60_000, clock.now());
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b'] });
    expect(result.deferrals).toEqual([{ subscriberIds: ['a'], retryAfterMs: 60_000 }]);
  });

  it('puts recipients whose claims end a moment apart back together, after the last lease', async () => {
    const { deps, ledger, clock } = await setup();
    for (const id of ['a', 'b', 'c']) {
      await ledger.claim(ISSUE, id, clock.now() + 60_000, clock.now());
      await clock.sleep(1_000);
    }
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b', 'c'] });
    expect(result.deferrals).toEqual([{ subscriberIds: ['a', 'b', 'c'], retryAfterMs: 59_000 }]);
  });

  it('takes over at once a claim left by a sender known to be dead', async () => {
    const { deps, ledger, clock } = await setup();
    await ledger.claim(ISSUE, 'a', clock.now() + 60_000, clock.now());
    await clock.sleep(1000);
    const result = await deliverBatch(
      { ...deps, staleClaimsBefore: clock.now() },
      { issueId: ISSUE, subscriberIds: ['a'] },
    );
    expect(result.reports[0]).toMatchObject({ outcome: 'sent', tookOver: true });
    expect((await ledger.get(ISSUE, 'a'))?.attempts).toBe(2);
  });

  it('says which recipients it took over from a sender that stopped mid-send, and no others', async () => {
    const { deps, ledger, clock } = await setup();
    await ledger.claim(ISSUE, 'a', clock.now() + 60_000, clock.now());
    await ledger.claim(ISSUE, 'b', clock.now() + 60_000, clock.now());
    await ledger.release(ISSUE, 'b');
    await clock.sleep(60_001);

    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b', 'c'] });

    expect(result.reports.map((r) => [r.subscriberId, r.outcome, r.tookOver])).toEqual([
      ['a', 'sent', true],
      ['b', 'sent', undefined],
      ['c', 'sent', undefined],
    ]);
  });

  it('backs off with growing delays on throttling and then sends', async () => {
    const mailer = createRecordingMailer((_, call) =>
      call <= 3 ? new SendFailure('throttled', 'Maximum sending rate exceeded.') : undefined,
    );
    const { deps, clock } = await setup({ mailer, subscribers: [subscriber('a')] });
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a'] });
    expect(result.reports[0]).toMatchObject({ outcome: 'sent', attempts: 4 });
    // Full jitter with random() = 0.5: half of 200 · 2^(attempt-1).
    expect(clock.slept).toEqual([100, 200, 400]);
  });

  it('marks a rejected message failed and never retries it', async () => {
    const mailer = createRecordingMailer(
      () => new SendFailure('rejected', 'Email address is not verified.'),
    );
    const { deps, ledger } = await setup({ mailer, subscribers: [subscriber('a')] });
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a'] });
    expect(mailer.calls).toBe(1);
    expect(result.pendingIds).toEqual([]);
    expect((await ledger.get(ISSUE, 'a'))?.state).toBe('failed');
  });

  it('stops the whole run when the daily quota is exceeded and defers the rest for the quota check interval', async () => {
    const mailer = createRecordingMailer((_, call) =>
      call === 2 ? new SendFailure('quota', 'Daily message quota exceeded.') : undefined,
    );
    const { deps, ledger, control } = await setup({ mailer });
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b', 'c'] });
    expect(result.reports.map((r) => r.outcome)).toEqual(['sent', 'pending', 'pending']);
    expect(mailer.calls).toBe(2);
    expect(control.stopped).toEqual({ reason: 'Daily message quota exceeded.', kind: 'refused' });
    expect(control.remainingToday).toBe(0);
    expect(result.deferrals).toEqual([
      { subscriberIds: ['b', 'c'], retryAfterMs: DEFAULT_DEFERRAL_DELAYS.refusedMs },
    ]);
    // The recipient whose send was refused is given back, the next one was never claimed.
    expect((await ledger.get(ISSUE, 'b'))?.leaseUntil).toBe(0);
    expect(await ledger.get(ISSUE, 'c')).toBeUndefined();
  });

  it('after a stop, defers only the recipients the ledger has not finished, claiming nothing', async () => {
    const { deps, control, ledger } = await setup();
    await ledger.claim(ISSUE, 'a', 1, 0);
    await ledger.markSent(ISSUE, 'a', 'msg-a');
    control.stopped = { reason: 'Daily message quota exceeded.', kind: 'refused' };
    deps.ledger.claim = () => Promise.reject(new Error('must not claim'));
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b'] });
    // a is reported done, so a redelivered batch counts it before b goes back on the queue.
    expect(result.reports[0]).toMatchObject({ outcome: 'already-done', earlier: 'sent' });
    expect(result.pendingIds).toEqual(['b']);
    expect(result.reports[1]?.reason).toBe('Daily message quota exceeded.');
  });

  it('stops before sending more than the remaining daily quota', async () => {
    const mailer = createRecordingMailer();
    const { deps, control } = await setup({ mailer, remainingToday: 2 });
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b', 'c'] });
    expect(mailer.sent).toHaveLength(2);
    expect(result.pendingIds).toEqual(['c']);
    expect(control.stopped).toMatchObject({ reason: expect.stringContaining('Max24HourSend') });
  });

  it('never lets parallel batches together overshoot the remaining daily quota', async () => {
    const mailer = createRecordingMailer();
    const subscribers = Array.from({ length: 12 }, (_, i) => subscriber(`s${i}`));
    const { deps } = await setup({ mailer, subscribers, remainingToday: 5 });
    // A slow limiter lets all four batches reach their first send before any finishes.
    const slowDeps = {
      ...deps,
      limiter: { ratePerSecond: 1, take: () => new Promise<void>((r) => setTimeout(r, 5)) },
    };
    const batches = [0, 1, 2, 3].map((b) => ({
      issueId: ISSUE,
      subscriberIds: [0, 1, 2].map((i) => `s${b * 3 + i}`),
    }));
    const results = await Promise.all(batches.map((batch) => deliverBatch(slowDeps, batch)));
    expect(mailer.sent).toHaveLength(5);
    expect(results.flatMap((r) => r.pendingIds)).toHaveLength(7);
  });

  it('defers a recipient after bounded transient failures, counting each one', async () => {
    const mailer = createRecordingMailer(() => new SendFailure('transient', 'socket hang up'));
    const { deps, ledger } = await setup({ mailer, subscribers: [subscriber('a')] });
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a'] });
    expect(mailer.calls).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(result.reports[0]).toMatchObject({
      outcome: 'pending',
      reason: expect.stringContaining('gave up after 8 attempts'),
      attempts: 8,
      transientErrors: 8,
      throttles: 0,
      retryAfterMs: DEFAULT_DEFERRAL_DELAYS.retriesMs,
    });
    expect((await ledger.get(ISSUE, 'a'))?.leaseUntil).toBe(0);
  });

  // A request that timed out may have reached SES, which then sent the message: each retry of it
  // could mail the recipient another copy (8 attempts: up to 8 copies, and again every round).
  it('sends no second copy at once after a send that timed out: the claim waits out its lease, and the takeover says so', async () => {
    const timedOut = () =>
      new SendFailure('transient', 'a request has exceeded the configured 5000 ms requestTimeout', {
        uncertain: true,
      });
    const mailer = createRecordingMailer((_, call) => (call <= 2 ? timedOut() : undefined));
    const { deps, ledger, clock } = await setup({
      mailer,
      subscribers: [subscriber('a'), subscriber('b')],
    });
    const claimedAt = clock.now();

    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b'] });

    expect(mailer.calls).toBe(2);
    expect(result.reports[0]).toMatchObject({
      outcome: 'pending',
      reason: 'a request has exceeded the configured 5000 ms requestTimeout',
      attempts: 1,
      transientErrors: 1,
      retryAfterMs: expect.any(Number),
    });
    const retryAfterMs = result.deferrals[0]?.retryAfterMs ?? 0;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(deps.leaseMs);
    expect(await ledger.get(ISSUE, 'a')).toMatchObject({
      state: 'claimed',
      leaseUntil: claimedAt + deps.leaseMs,
    });
    // Before its lease ends nobody sends it again; after, a takeover does and says so.
    const early = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a'] });
    expect(early.reports[0]).toMatchObject({
      outcome: 'pending',
      reason: 'claimed by another sender',
    });
    await clock.sleep(retryAfterMs + 1);
    const again = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b'] });
    expect(again.reports.map((r) => [r.outcome, r.tookOver])).toEqual([
      ['sent', true],
      ['sent', true],
    ]);
    expect(mailer.calls).toBe(4);
  });

  it('counts throttled and transient attempts of a recipient that was sent in the end', async () => {
    const kinds = ['throttled', 'transient', 'throttled'] as const;
    const mailer = createRecordingMailer((_, call) => {
      const kind = kinds[call - 1];
      return kind ? new SendFailure(kind, kind) : undefined;
    });
    const { deps } = await setup({ mailer, subscribers: [subscriber('a')] });
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a'] });
    expect(result.reports[0]).toMatchObject({
      outcome: 'sent',
      attempts: 4,
      throttles: 2,
      transientErrors: 1,
    });
  });

  it('fails a subscriber whose address cannot go into a header without sending or stopping', async () => {
    const mailer = createRecordingMailer();
    const { deps, ledger } = await setup({
      mailer,
      subscribers: [subscriber('a', 'active', 'not an address'), subscriber('b')],
    });
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b'] });
    expect(result.reports.map((r) => r.outcome)).toEqual(['failed', 'sent']);
    expect(mailer.sent.map((m) => m.subscriberId)).toEqual(['b']);
    expect((await ledger.get(ISSUE, 'a'))?.reason).toMatch(/^cannot be addressed: to address/);
  });

  it('gives the claim back and stops the batch when building a message fails', async () => {
    const { deps, ledger } = await setup();
    const failing = {
      ...deps,
      prepare: async (issueId: string, s: ReturnType<typeof subscriber>) => {
        if (s.id === 'b') throw new Error('template missing');
        return deps.prepare(issueId, s);
      },
    };
    await expect(
      deliverBatch(failing, { issueId: ISSUE, subscriberIds: ['a', 'b', 'c'] }),
    ).rejects.toThrow('template missing');
    expect((await ledger.get(ISSUE, 'b'))?.leaseUntil).toBe(0);
    expect(await ledger.get(ISSUE, 'c')).toBeUndefined();
    expect((await ledger.get(ISSUE, 'a'))?.state).toBe('sent');
  });

  it('writes the sent mark again when DynamoDB throttles it, rather than leave SES’s message unrecorded', async () => {
    const mailer = createRecordingMailer();
    const { deps, ledger } = await setup({ mailer, subscribers: [subscriber('a')] });
    const markSent = ledger.markSent;
    let refusals = 2;
    ledger.markSent = (...args) => {
      if (refusals-- > 0) {
        const throttled = new Error('The level of configured provisioned throughput was exceeded');
        return Promise.reject(
          Object.assign(throttled, { name: 'ProvisionedThroughputExceededException' }),
        );
      }
      return markSent(...args);
    };

    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a'] });

    expect(result.reports[0]?.outcome).toBe('sent');
    expect(mailer.sent).toHaveLength(1);
    expect(await ledger.get(ISSUE, 'a')).toMatchObject({ state: 'sent', messageId: 'msg-1' });
  });

  it('leaves a send whose ledger write failed claimed (lease kept), so a takeover sends it again', async () => {
    const mailer = createRecordingMailer();
    const { deps, ledger, clock } = await setup({ mailer, subscribers: [subscriber('a')] });
    const markSent = ledger.markSent;
    ledger.markSent = () => Promise.reject(new Error('DynamoDB unreachable'));
    const claimedAt = clock.now();
    await expect(deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a'] })).rejects.toThrow(
      'gave up after 5 attempts: DynamoDB unreachable',
    );
    expect(await ledger.get(ISSUE, 'a')).toMatchObject({
      state: 'claimed',
      leaseUntil: 60_000 + claimedAt,
    });

    // The documented at-least-once window: the next run cannot know SES has it, and resends.
    ledger.markSent = markSent;
    await clock.sleep(1);
    const again = await deliverBatch(
      { ...deps, staleClaimsBefore: clock.now() },
      { issueId: ISSUE, subscriberIds: ['a'] },
    );
    expect(again.reports[0]?.outcome).toBe('sent');
    expect(mailer.sent.map((m) => m.subscriberId)).toEqual(['a', 'a']);
  });

  it('reads the subscriber right before the send, honouring an unsubscribe that lands mid-batch', async () => {
    const mailer = createRecordingMailer();
    const { deps, subscribers, ledger } = await setup({ mailer });
    const sendA = mailer.send;
    mailer.send = async (message) => {
      const result = await sendA(message);
      // While a is being sent, b unsubscribes.
      if (message.subscriberId === 'a') await subscribers.put(subscriber('b', 'unsubscribed'));
      return result;
    };
    const result = await deliverBatch(deps, { issueId: ISSUE, subscriberIds: ['a', 'b', 'c'] });
    expect(result.reports.map((r) => r.outcome)).toEqual(['sent', 'skipped', 'sent']);
    expect((await ledger.get(ISSUE, 'b'))?.reason).toBe('subscriber is unsubscribed');
  });

  it('takes the rate slot last, right before the send, and none for a recipient it skips', async () => {
    const mailer = createRecordingMailer();
    const { deps, subscribers } = await setup({
      mailer,
      subscribers: [subscriber('a'), subscriber('b', 'unsubscribed')],
    });
    const steps: string[] = [];
    const read = subscribers.get.bind(subscribers);
    subscribers.get = async (id) => {
      steps.push(`read ${id}`);
      return read(id);
    };
    const prepare = deps.prepare;
    const send = mailer.send;
    mailer.send = async (message) => {
      steps.push(`send ${message.subscriberId}`);
      return send(message);
    };
    await deliverBatch(
      {
        ...deps,
        // A slow read or first prepare after the slot would send late, bunched with the next.
        prepare: async (issueId, s) => {
          steps.push(`prepare ${s.id}`);
          return prepare(issueId, s);
        },
        limiter: { ratePerSecond: 1, take: async () => void steps.push('slot') },
      },
      { issueId: ISSUE, subscriberIds: ['a', 'b'] },
    );
    expect(steps).toEqual(['read a', 'prepare a', 'slot', 'send a', 'read b']);
  });

  it('starts no send at or after the deadline and defers the rest without a delay', async () => {
    const mailer = createRecordingMailer();
    const { deps, control, clock, ledger } = await setup({ mailer });
    mailer.send = async (message) => {
      await clock.sleep(1_000);
      return { messageId: `m-${message.subscriberId}` };
    };
    const stopAt = clock.now() + 1_500;
    const result = await deliverBatch(
      { ...deps, control: { ...control, stopAt } },
      { issueId: ISSUE, subscriberIds: ['a', 'b', 'c'] },
    );
    expect(result.reports.map((r) => r.outcome)).toEqual(['sent', 'sent', 'pending']);
    expect(result.deferrals).toEqual([{ subscriberIds: ['c'], retryAfterMs: 0 }]);
    expect(await ledger.get(ISSUE, 'c')).toBeUndefined();
  });

  it('never starts a backoff sleep that would end after the deadline', async () => {
    const mailer = createRecordingMailer(
      () => new SendFailure('throttled', 'Maximum sending rate exceeded.'),
    );
    const { deps, clock } = await setup({ mailer, subscribers: [subscriber('a')] });
    const stopAt = clock.now() + 250;
    const result = await deliverBatch(
      { ...deps, control: { ...deps.control, stopAt } },
      { issueId: ISSUE, subscriberIds: ['a'] },
    );
    // Sleeps of 100 and 200 (random 0.5): the second would end at 300 > 250.
    expect(clock.slept).toEqual([100]);
    expect(clock.now()).toBeLessThanOrEqual(stopAt);
    expect(result.reports[0]).toMatchObject({
      outcome: 'pending',
      reason: expect.stringMatching(/deadline/),
      retryAfterMs: 0,
    });
  });
});

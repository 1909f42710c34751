import { describe, expect, it } from 'vitest';
import { createDeliveryService, pacedRate } from '../../../lambda/core/delivery/delivery-run';
import { composeIssue, draftIssue } from '../../../lambda/core/issue/compose-issue';
import type { RecipientBatch } from '../../../lambda/core/model';
import { type Mailer, type RecipientQueue, SendFailure } from '../../../lambda/core/ports';
import {
  createFakeClock,
  createMemoryArchive,
  createMemoryIssueStore,
  createMemoryLedger,
  createMemorySubscriberStore,
  createRecordingMailer,
  subscriber,
} from '../../support/fakes';
import { riverArticle, testListConfig, tinyTemplate } from '../../support/issue-fixtures';

const config = testListConfig;
const template = tinyTemplate;
const article = riverArticle;

/** A queue that keeps what it is given, with the delay each batch asked for. */
function recordingQueue() {
  const batches: { batch: RecipientBatch; delayMs?: number }[] = [];
  const queue: RecipientQueue = {
    async enqueue(list, options = {}) {
      for (const batch of list) batches.push({ batch, delayMs: options.delayMs });
    },
  };
  return { queue, batches };
}

/** Five subscribers (one left before the send), an issue composed in batches of two. */
async function world(options: { mailer?: Mailer } = {}) {
  const clock = createFakeClock();
  const subscribers = createMemorySubscriberStore([
    subscriber('a'),
    subscriber('b'),
    subscriber('c'),
    subscriber('d'),
    subscriber('e'),
  ]);
  const issues = createMemoryIssueStore();
  const ledger = createMemoryLedger();
  const archive = createMemoryArchive();
  const planned = recordingQueue();
  const draft = draftIssue(article);
  await composeIssue(
    {
      issues,
      subscribers,
      queue: planned.queue,
      archive,
      clock,
      config,
      template,
      batchSize: 2,
    },
    draft,
  );
  await subscribers.put(subscriber('e', 'unsubscribed'));
  const mailer = options.mailer ?? createRecordingMailer();
  const service = () =>
    createDeliveryService({
      subscribers,
      ledger,
      issues,
      mailer,
      archive,
      config,
      secret: 's'.repeat(64),
      clock,
      random: () => 0.5,
    });
  const issue = async () => issues.get(draft.issueId);
  return {
    clock,
    subscribers,
    issues,
    ledger,
    archive,
    mailer,
    service,
    issue,
    issueId: draft.issueId,
    batches: planned.batches.map((entry) => entry.batch),
  };
}

describe('pacedRate', () => {
  it('takes the lower of MaxSendRate and NEWSLETTER_SEND_RATE, shared by the senders', () => {
    const quota = { maxSendRate: 14, max24HourSend: 50_000, sentLast24Hours: 0 };
    expect(pacedRate(quota, 1000, 2)).toBe(7);
    expect(pacedRate(quota, 10, 2)).toBe(5);
    expect(pacedRate(undefined, 10, 4)).toBe(2.5);
    expect(pacedRate(quota, 10, 0)).toBe(10);
  });
});

describe('a delivery run', () => {
  it('counts each batch on the issue and marks it sent with the ledger’s figures at the end', async () => {
    const { service, batches, issue } = await world();
    const run = service().startRun({ sharedBy: 1, queue: recordingQueue().queue, leaseMs: 60_000 });

    const results = [];
    for (const batch of batches) results.push(await run.deliver(batch));

    expect(results.map((r) => r.finishedIssue)).toEqual([false, false, true]);
    expect(await issue()).toMatchObject({
      status: 'sent',
      counts: { recipients: 5, sent: 4, failed: 0, skipped: 1 },
    });
    expect(run.tally).toMatchObject({ sent: 4, skipped: 1, deferred: 0 });
  });

  // The local progress bar ticks on these: reported at the end of each batch of 100, it stood
  // still for the first minute of a send at 14/s, and for all of one to a short list.
  it('reports each recipient as it is done, before the next one of its batch is sent', async () => {
    const mailer = createRecordingMailer();
    const { service, batches } = await world({ mailer });
    const sentWhenReported: [string, number][] = [];
    const run = service().startRun({
      sharedBy: 1,
      queue: recordingQueue().queue,
      leaseMs: 60_000,
      onReport: (report) => {
        sentWhenReported.push([report.subscriberId, mailer.sent.length]);
      },
    });

    for (const batch of batches) await run.deliver(batch);

    expect(sentWhenReported).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
      ['e', 4],
    ]);
  });

  it('counts again, on a redelivered batch, the outcomes an earlier attempt died before counting', async () => {
    const { service, batches, issues, issue } = await world();
    const queue = recordingQueue().queue;
    const [first, second, third] = batches as [RecipientBatch, RecipientBatch, RecipientBatch];
    await service().startRun({ sharedBy: 1, queue, leaseMs: 60_000 }).deliver(first);
    // The last batch's sends are recorded in the ledger, then the invocation dies.
    const addCounts = issues.addCounts;
    issues.addCounts = () => new Promise(() => {});
    void service().startRun({ sharedBy: 1, queue, leaseMs: 60_000 }).deliver(third);
    await new Promise((resolve) => setTimeout(resolve, 10));
    issues.addCounts = addCounts;
    await service().startRun({ sharedBy: 1, queue, leaseMs: 60_000 }).deliver(second);
    expect((await issue())?.status).toBe('sending');

    const again = await service()
      .startRun({ sharedBy: 1, queue, leaseMs: 60_000 })
      .deliver(third, { redelivered: true });

    expect(again.finishedIssue).toBe(true);
    expect(await issue()).toMatchObject({
      status: 'sent',
      counts: { recipients: 5, sent: 4, skipped: 1 },
    });
  });

  it('counts a redelivered batch that meets a stopped run, so the deferred rest still finishes the issue', async () => {
    const { service, batches, issues, issue, clock } = await world();
    const [first, second, third] = batches as [RecipientBatch, RecipientBatch, RecipientBatch];
    // The first batch's sends are recorded in the ledger, then the invocation dies.
    const addCounts = issues.addCounts;
    issues.addCounts = () => new Promise(() => {});
    void service()
      .startRun({ sharedBy: 1, queue: recordingQueue().queue, leaseMs: 60_000 })
      .deliver(first);
    await new Promise((resolve) => setTimeout(resolve, 10));
    issues.addCounts = addCounts;

    // It comes back to an invocation that an earlier record stopped at its deadline.
    const deferred = recordingQueue();
    const stopped = service().startRun({
      sharedBy: 1,
      queue: deferred.queue,
      leaseMs: 60_000,
      stopAt: clock.now() - 1,
    });
    await stopped.deliver(second);
    await stopped.deliver(first, { redelivered: true });
    expect(deferred.batches.map((entry) => entry.batch.subscriberIds)).toEqual([['c', 'd']]);

    // The deferred recipients come back as a new message (not redelivered), with the last batch.
    const run = service().startRun({ sharedBy: 1, queue: recordingQueue().queue, leaseMs: 60_000 });
    for (const { batch } of deferred.batches) await run.deliver(batch);
    expect((await run.deliver(third)).finishedIssue).toBe(true);
    expect(await issue()).toMatchObject({
      status: 'sent',
      counts: { recipients: 5, sent: 4, skipped: 1 },
    });
  });

  // deliver counts IssuesSent and logs 'Issue sent to every recipient' on finishedIssue: a
  // redelivered copy of the last batch, or a second invocation finishing at the same moment, said
  // it again for an issue already sent.
  it('says an issue finished once, in the batch that marked it sent, and never again', async () => {
    const { service, batches, ledger, issues, issueId } = await world();
    const [first, second, third] = batches as [RecipientBatch, RecipientBatch, RecipientBatch];
    const start = () =>
      service().startRun({ sharedBy: 1, queue: recordingQueue().queue, leaseMs: 60_000 });
    await start().deliver(first);
    await start().deliver(second);
    // Another invocation finishing the issue at the same moment marks it sent first.
    const countByState = ledger.countByState.bind(ledger);
    ledger.countByState = async (id) => {
      const counts = await countByState(id);
      await issues.changeStatus(issueId, { from: ['sending'], to: 'sent' });
      return counts;
    };
    const raced = await start().deliver(third);
    ledger.countByState = countByState;
    // A copy of the last batch SQS hands out again.
    const redelivered = await start().deliver(third, { redelivered: true });

    expect((await issues.get(issueId))?.status).toBe('sent');
    expect(raced.finishedIssue).toBe(false);
    expect(redelivered.finishedIssue).toBe(false);
  });

  it('adds nothing for a duplicate of a batch that was delivered and counted', async () => {
    const { service, batches, issue } = await world();
    const run = service().startRun({ sharedBy: 1, queue: recordingQueue().queue, leaseMs: 60_000 });
    const first = batches[0] as RecipientBatch;
    await run.deliver(first);
    await run.deliver(first);
    expect((await issue())?.counts).toMatchObject({ sent: 2, skipped: 0 });
  });

  it('reads the prepared issue while the batch’s ledger entries are read, not after them', async () => {
    const { service, batches, ledger, archive } = await world();
    const events: string[] = [];
    const { getMany } = ledger;
    if (!getMany) throw new Error('the memory ledger reads many entries at once');
    ledger.getMany = async (issueId, subscriberIds) => {
      events.push('ledger read starts');
      const deliveries = await getMany(issueId, subscriberIds);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push('ledger read ends');
      return deliveries;
    };
    const { loadPrepared } = archive;
    archive.loadPrepared = async (issueId) => {
      events.push('prepared read starts');
      return loadPrepared(issueId);
    };
    const run = service().startRun({ sharedBy: 1, queue: recordingQueue().queue, leaseMs: 60_000 });

    const result = await run.deliver(batches[0] as RecipientBatch);

    expect(result.reports.map((r) => r.outcome)).toEqual(['sent', 'sent']);
    expect(events.indexOf('prepared read starts')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('prepared read starts')).toBeLessThan(events.indexOf('ledger read ends'));
    expect(events.filter((event) => event === 'prepared read starts')).toHaveLength(1);
  });

  it('delivers a batch whose recipients are all done even when the prepared issue is gone', async () => {
    const { service, batches, archive } = await world();
    const queue = recordingQueue().queue;
    const first = batches[0] as RecipientBatch;
    await service().startRun({ sharedBy: 1, queue, leaseMs: 60_000 }).deliver(first);
    archive.loadPrepared = async () => undefined;

    const again = await service()
      .startRun({ sharedBy: 1, queue, leaseMs: 60_000 })
      .deliver(first, { redelivered: true });

    expect(again.reports.map((r) => r.outcome)).toEqual(['already-done', 'already-done']);
  });

  it('fails a batch with recipients left when the prepared issue is gone, naming the issue', async () => {
    const { service, batches, archive, issueId } = await world();
    archive.loadPrepared = async () => undefined;
    const run = service().startRun({ sharedBy: 1, queue: recordingQueue().queue, leaseMs: 60_000 });

    await expect(run.deliver(batches[0] as RecipientBatch)).rejects.toThrow(
      `Issue ${issueId} has no prepared copy in the issue archive; compose it again`,
    );
  });

  it('sends nothing for a batch whose issue record is gone, and fails it naming the issue', async () => {
    const { service, batches, issues, issueId, mailer, ledger } = await world();
    issues.rows.delete(issueId);
    const run = service().startRun({ sharedBy: 1, queue: recordingQueue().queue, leaseMs: 60_000 });

    await expect(run.deliver(batches[0] as RecipientBatch)).rejects.toThrow(
      `Issue ${issueId} has no record in the table, so nothing is sent for it`,
    );
    expect((mailer as ReturnType<typeof createRecordingMailer>).sent).toEqual([]);
    expect(await ledger.countByState(issueId)).toMatchObject({ claimed: 0, sent: 0 });
  });

  it('does not finish an issue whose counters ran ahead of the ledger', async () => {
    const { service, batches, issues, issueId, issue } = await world();
    const run = service().startRun({ sharedBy: 1, queue: recordingQueue().queue, leaseMs: 60_000 });
    await issues.addCounts(issueId, { sent: 3 });

    const result = await run.deliver(batches[0] as RecipientBatch);

    expect(result.finishedIssue).toBe(false);
    expect((await issue())?.status).toBe('sending');
  });

  // Sent back together, the batch waited for the longest of its recipients' reasons: a send SES
  // may have taken (its claim's lease, minutes) held back those the deadline had left (none).
  it('puts each deferred recipient back after its own wait, not its batch’s longest', async () => {
    let advance = (_ms: number) => {};
    const mailer = createRecordingMailer((_, call) => {
      if (call !== 1) return undefined;
      advance(5_000);
      return new SendFailure('transient', 'no answer within the request timeout', {
        uncertain: true,
      });
    });
    const { service, batches, clock } = await world({ mailer });
    advance = (ms) => void clock.sleep(ms);
    const deferred = recordingQueue();
    const run = service().startRun({
      sharedBy: 1,
      queue: deferred.queue,
      leaseMs: 60_000,
      stopAt: clock.now() + 1_000,
    });

    await run.deliver(batches[0] as RecipientBatch);

    expect(deferred.batches.map(({ batch, delayMs }) => [batch.subscriberIds, delayMs])).toEqual([
      [['b'], 0],
      [['a'], 55_000],
    ]);
  });

  it('puts recipients whose retries ran out back on the queue with a delay; the batch succeeds', async () => {
    const mailer = createRecordingMailer((message) =>
      message.subscriberId === 'b' ? new SendFailure('transient', 'socket hang up') : undefined,
    );
    const { service, batches } = await world({ mailer });
    const deferred = recordingQueue();
    const run = service().startRun({ sharedBy: 1, queue: deferred.queue, leaseMs: 60_000 });

    const result = await run.deliver(batches[0] as RecipientBatch);

    expect(result.deferred).toBe(1);
    expect(deferred.batches).toEqual([
      {
        batch: { issueId: (batches[0] as RecipientBatch).issueId, subscriberIds: ['b'] },
        delayMs: 30_000,
      },
    ]);
  });

  it('pauses the issue when the daily quota is spent, and resumes it once a send goes out', async () => {
    let quotaSpent = true;
    const mailer = createRecordingMailer(() =>
      quotaSpent ? new SendFailure('quota', 'Daily message quota exceeded.') : undefined,
    );
    const { service, batches, issue } = await world({ mailer });
    const deferred = recordingQueue();
    const first = service().startRun({ sharedBy: 1, queue: deferred.queue, leaseMs: 60_000 });
    for (const batch of batches) await first.deliver(batch);

    expect(await issue()).toMatchObject({
      status: 'paused',
      pausedReason: 'Daily message quota exceeded.',
    });
    expect(deferred.batches.map((entry) => entry.delayMs)).toEqual([900_000, 900_000, 900_000]);
    expect(mailer.calls).toBe(1);

    // A quarter of an hour later the delayed batches come back, and SES sends again.
    quotaSpent = false;
    const later = service().startRun({
      sharedBy: 1,
      queue: recordingQueue().queue,
      leaseMs: 60_000,
    });
    await later.deliver(deferred.batches[0]?.batch as RecipientBatch);
    expect((await issue())?.status).toBe('sending');
    for (const entry of deferred.batches.slice(1)) await later.deliver(entry.batch);
    expect(await issue()).toMatchObject({ status: 'sent', counts: { sent: 4, skipped: 1 } });
    expect((await issue())?.pausedReason).toBeUndefined();
  });

  it('starts nothing once SES’s quota as read at the start is used up, and pauses the issue', async () => {
    const { service, batches, issue, mailer } = await world();
    const deferred = recordingQueue();
    const run = service().startRun({
      quota: { maxSendRate: 14, max24HourSend: 100, sentLast24Hours: 99 },
      sharedBy: 1,
      queue: deferred.queue,
      leaseMs: 60_000,
    });
    for (const batch of batches) await run.deliver(batch);
    expect((mailer as ReturnType<typeof createRecordingMailer>).sent).toHaveLength(1);
    expect((await issue())?.status).toBe('paused');
    expect(deferred.batches.flatMap((entry) => entry.batch.subscriberIds)).toHaveLength(4);
  });
});

/**
 * Wraps ports so that the `killAt`-th call among all of them is the last thing the invocation
 * does: the call reaches its target (the write lands, SES gets the message), and its answer
 * never comes back, as when Lambda stops an invocation at its timeout.
 */
function killSwitch(killAt: number) {
  let calls = 0;
  let onKill = () => {};
  const killed = new Promise<void>((resolve) => {
    onKill = resolve;
  });
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls++;
          const result = value.apply(object, args);
          if (calls !== killAt) return result;
          onKill();
          return new Promise(() => {});
        };
      },
    });
  return { wrap, killed, calls: () => calls };
}

/** Delivers `messages` as SQS would until none is left: receive counts, deferrals, the lot. */
async function drainQueue(
  w: Awaited<ReturnType<typeof world>>,
  messages: { batch: RecipientBatch; receives: number }[],
) {
  while (messages.length > 0) {
    const message = messages.shift() as { batch: RecipientBatch; receives: number };
    const deferred = recordingQueue();
    const run = w.service().startRun({ sharedBy: 1, queue: deferred.queue, leaseMs: 60_000 });
    await run.deliver(message.batch, { redelivered: message.receives > 0 });
    for (const entry of deferred.batches) messages.push({ batch: entry.batch, receives: 0 });
  }
}

describe('a delivery run abandoned at any await', () => {
  it('always ends with the issue sent, everyone reached, and only the send in flight made twice', async () => {
    const probe = killSwitch(Number.POSITIVE_INFINITY);
    const clean = await world();
    await runInvocation(clean, probe.wrap, clean.batches);
    const awaits = probe.calls();
    expect(awaits).toBeGreaterThan(20);

    for (let killAt = 1; killAt <= awaits; killAt++) {
      const w = await world();
      const kill = killSwitch(killAt);
      const messages = w.batches.map((batch) => ({ batch, receives: 0 }));
      const left = await Promise.race([
        runInvocation(w, kill.wrap, w.batches, messages).then(() => 'finished'),
        kill.killed.then(() => 'killed'),
      ]);
      expect(left, `kill at await ${killAt}`).toBe('killed');
      // The visibility timeout passes; every lease taken by the dead invocation has ended.
      await w.clock.sleep(12 * 60_000);
      await drainQueue(w, messages);

      const sends = (w.mailer as ReturnType<typeof createRecordingMailer>).sent.map(
        (m) => m.subscriberId,
      );
      const context = `kill at await ${killAt}`;
      expect(new Set(sends), context).toEqual(new Set(['a', 'b', 'c', 'd']));
      expect(sends.length, context).toBeLessThanOrEqual(5);
      expect(await w.issue(), context).toMatchObject({
        status: 'sent',
        counts: { recipients: 5, sent: 4, failed: 0, skipped: 1 },
      });
    }
  });
});

/**
 * One deliver invocation over `batches` with ports wrapped by `wrap`. Messages it finishes are
 * taken off `messages` (deleted from the queue); a deferred batch is added as a new message.
 */
async function runInvocation(
  w: Awaited<ReturnType<typeof world>>,
  wrap: <T extends object>(target: T) => T,
  batches: readonly RecipientBatch[],
  messages: { batch: RecipientBatch; receives: number }[] = [],
) {
  const deferred = wrap(recordingQueue().queue);
  const service = createDeliveryService({
    subscribers: wrap(w.subscribers),
    ledger: wrap(w.ledger),
    issues: wrap(w.issues),
    mailer: wrap(w.mailer),
    archive: wrap(w.archive),
    config,
    secret: 's'.repeat(64),
    clock: w.clock,
  });
  const run = service.startRun({
    sharedBy: 1,
    queue: {
      async enqueue(list, options) {
        await deferred.enqueue(list, options);
        for (const batch of list) messages.push({ batch, receives: 0 });
      },
    },
    leaseMs: 60_000,
  });
  for (const batch of batches) {
    const message = messages.find((m) => m.batch === batch);
    if (message) message.receives++;
    await run.deliver(batch, { redelivered: (message?.receives ?? 1) > 1 });
    if (message) messages.splice(messages.indexOf(message), 1);
  }
}

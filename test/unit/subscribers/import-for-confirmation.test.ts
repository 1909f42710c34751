import { describe, expect, it } from 'vitest';
import type { Subscriber } from '../../../lambda/core/model';
import type { SignUpBatchQueue, SignUpRequest } from '../../../lambda/core/ports';
import { importForConfirmation } from '../../../lambda/core/subscribers/import-for-confirmation';
import { ImportInterruptedError } from '../../../lambda/core/subscribers/import-subscribers';
import type { SubscriberRow } from '../../../lambda/core/subscribers/parse-subscriber-csv';
import { subscriberIdFor } from '../../../lambda/core/subscribers/subscriber-id';
import { PENDING_TTL_MS, subscribe } from '../../../lambda/core/subscription/lifecycle';
import { createMemorySubscriberStore } from '../../support/fakes';
import { createApiHarness, secret } from '../subscription/harness';

const KEY = 'import-key-0123456789abcdefghijklmnopqrstuvwxyz';
const NOW = new Date(Date.UTC(2026, 11, 4, 18, 0));
const idOf = (email: string) => subscriberIdFor(email, KEY);

function rowsOf(count: number, from = 0): SubscriberRow[] {
  return Array.from({ length: count }, (_, i) => ({
    line: from + i + 2,
    email: `reader${from + i}@example.org`,
    name: `Reader ${from + i}`,
  }));
}

/** A queue that records each SendMessageBatch, and throws on the calls `failOn` names. */
function recordingQueue(failOn: ReadonlySet<number> = new Set()) {
  const batches: SignUpRequest[][] = [];
  let calls = 0;
  const queue: SignUpBatchQueue = {
    async enqueueBatch(requests) {
      calls++;
      if (failOn.has(calls)) throw new Error('SQS is unreachable');
      batches.push([...requests]);
    },
  };
  return { queue, batches, emails: () => batches.flat().map((request) => request.email) };
}

const stored = (email: string, status: Subscriber['status'], ip?: string): Subscriber => ({
  id: idOf(email),
  email,
  name: null,
  status,
  consent: { at: '2026-11-01T00:00:00.000Z', source: 'form', ...(ip ? { ip } : {}) },
  bounces: 0,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
});

describe('importing rows that confirm by email', () => {
  it('writes each new row pending exactly as a sign-up, queues it ten to a call, and marks it queued', async () => {
    const subscribers = createMemorySubscriberStore();
    const { queue, batches } = recordingQueue();
    const rows = rowsOf(23);

    const result = await importForConfirmation({ subscribers, queue }, rows, {
      idKey: KEY,
      now: NOW,
      chunkSize: 100,
    });

    expect(result).toMatchObject({ queued: 23, resumed: 0, alreadyListed: [], waiting: [] });
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 3]);
    const consent = { at: NOW.toISOString(), source: 'import' };
    const row = rows[0] as SubscriberRow;
    // Unmarked: the confirmation sender notes confirmationSentAt when it mails the row.
    const { confirmationSentAt: _unsent, ...asSignUp } = subscribe(
      undefined,
      { id: idOf(row.email), email: row.email, name: row.name, consent },
      NOW.getTime(),
    ).next as Subscriber;
    expect(subscribers.rows.get(idOf(row.email))).toEqual({
      ...asSignUp,
      confirmationQueuedAt: NOW.toISOString(),
    });
    expect(subscribers.rows.get(idOf(row.email))?.expiresAt).toBe(
      new Date(NOW.getTime() + PENDING_TTL_MS).toISOString(),
    );
    expect(batches[0]?.[0]).toEqual({ email: row.email, name: row.name, consent });
  });

  it('leaves the confirmation to the sender: each queued row is mailed once, a second delivery within 10 minutes mails nobody', async () => {
    const harness = createApiHarness();
    const { queue, batches } = recordingQueue();

    await importForConfirmation({ subscribers: harness.subscribers, queue }, rowsOf(2), {
      idKey: secret,
      now: new Date(harness.clock.now()),
    });
    const requests = batches.flat();
    for (const request of requests) await harness.takeSignUp(request);
    expect(harness.mailer.sent.map((message) => message.to)).toEqual(
      requests.map((request) => request.email),
    );
    // SQS delivers at least once: the copy finds the sender's mark.
    for (const request of requests) await harness.takeSignUp(request);
    expect(harness.mailer.sent).toHaveLength(2);
  });

  it('never writes or mails anyone already on the list, nor an erased address', async () => {
    const subscribers = createMemorySubscriberStore([
      stored('active@example.org', 'active'),
      stored('left@example.org', 'unsubscribed'),
      stored('bounced@example.org', 'suppressed'),
      stored('signed-up@example.org', 'pending', '203.0.113.9'),
    ]);
    subscribers.tombstones.set(idOf('erased@example.org'), '2026-11-02T00:00:00.000Z');
    const before = structuredClone([...subscribers.rows.values()]);
    const { queue, emails } = recordingQueue();
    const rows = [
      'active@example.org',
      'left@example.org',
      'bounced@example.org',
      'signed-up@example.org',
      'erased@example.org',
      'new@example.org',
    ].map((email, i) => ({ line: i + 2, email, name: null }));

    const result = await importForConfirmation({ subscribers, queue }, rows, {
      idKey: KEY,
      now: NOW,
    });

    expect(emails()).toEqual(['new@example.org']);
    expect(result.alreadyListed.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(result.erased).toEqual([{ line: 6, id: idOf('erased@example.org') }]);
    for (const record of before) expect(subscribers.rows.get(record.id)).toEqual(record);
    expect(subscribers.rows.has(idOf('erased@example.org'))).toBe(false);
  });

  it('queues no more than the allowance and leaves the rest unwritten for a later run', async () => {
    const subscribers = createMemorySubscriberStore();
    const first = recordingQueue();
    const rows = rowsOf(12);

    const partial = await importForConfirmation({ subscribers, queue: first.queue }, rows, {
      idKey: KEY,
      now: NOW,
      allowance: 5,
      chunkSize: 4,
    });
    expect(partial.queued).toBe(5);
    expect(partial.waiting.map((r) => r.line)).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(subscribers.rows.size).toBe(5);

    const later = recordingQueue();
    const rest = await importForConfirmation({ subscribers, queue: later.queue }, rows, {
      idKey: KEY,
      now: new Date(NOW.getTime() + 3_600_000),
      allowance: 100,
    });
    expect(rest).toMatchObject({ queued: 7, waiting: [] });
    expect(rest.alreadyListed).toHaveLength(5);
    expect([...first.emails(), ...later.emails()].sort()).toEqual(rows.map((r) => r.email).sort());
  });

  it('resumes an import the queue stopped: each row is queued exactly once over both runs', async () => {
    const subscribers = createMemorySubscriberStore();
    const rows = rowsOf(45);
    const broken = recordingQueue(new Set([3]));
    const stopped = importForConfirmation({ subscribers, queue: broken.queue }, rows, {
      idKey: KEY,
      now: NOW,
      chunkSize: 20,
    });
    await expect(stopped).rejects.toBeInstanceOf(ImportInterruptedError);
    await expect(stopped).rejects.toThrow(/run the same command again/);
    // The second round wrote its 20 and the queue took one of its two groups.
    expect(subscribers.rows.size).toBe(40);
    expect(broken.batches).toHaveLength(3);

    const again = recordingQueue();
    const result = await importForConfirmation({ subscribers, queue: again.queue }, rows, {
      idKey: KEY,
      now: NOW,
      chunkSize: 20,
    });

    expect(result).toMatchObject({ queued: 15, resumed: 10 });
    expect([...broken.emails(), ...again.emails()].sort()).toEqual(rows.map((r) => r.email).sort());
    for (const row of rows) {
      expect(subscribers.rows.get(idOf(row.email))?.confirmationQueuedAt).toBeDefined();
    }
  });

  it('stops at Ctrl-C after the round in flight, its rows written, queued and marked; a re-run does the rest', async () => {
    const subscribers = createMemorySubscriberStore();
    const rows = rowsOf(45);
    const first = recordingQueue();
    // Ctrl-C before the first round: nothing is written or queued.
    const stopped = importForConfirmation({ subscribers, queue: first.queue }, rows, {
      idKey: KEY,
      now: NOW,
      chunkSize: 20,
      interrupted: AbortSignal.abort('interrupted (Ctrl-C)'),
    });
    await expect(stopped).rejects.toMatchObject({
      name: 'ImportInterruptedError',
      done: 0,
      imported: 0,
      cause: 'interrupted (Ctrl-C)',
    });
    expect(subscribers.rows.size).toBe(0);
    expect(first.batches).toHaveLength(0);

    // Ctrl-C while the first round is written: it finishes, queued and marked, and none follows.
    const later = new AbortController();
    const partial = importForConfirmation({ subscribers, queue: first.queue }, rows, {
      idKey: KEY,
      now: NOW,
      chunkSize: 20,
      onProgress: (done) => {
        if (done === 20) later.abort('interrupted (Ctrl-C)');
      },
      interrupted: later.signal,
    });
    await expect(partial).rejects.toThrow(
      'Import stopped after 20 of 45 rows (interrupted (Ctrl-C)): 20 subscriber(s) imported as pending, ' +
        'each with its confirmation email queued, so far',
    );
    expect(subscribers.rows.size).toBe(20);
    for (const record of subscribers.rows.values()) {
      expect(record.confirmationQueuedAt).toBeDefined();
    }

    const again = recordingQueue();
    const result = await importForConfirmation({ subscribers, queue: again.queue }, rows, {
      idKey: KEY,
      now: NOW,
      chunkSize: 20,
    });
    expect(result).toMatchObject({ queued: 25, resumed: 0 });
    expect([...first.emails(), ...again.emails()].sort()).toEqual(rows.map((r) => r.email).sort());
  });

  it('starts the 48 hours over for a row an earlier import wrote more than 48 hours ago, queued or not', async () => {
    const row = { line: 2, email: 'late@example.org', name: null };
    const writtenAt = new Date(NOW.getTime() - PENDING_TTL_MS - 1);
    const old = subscribe(
      undefined,
      {
        id: idOf(row.email),
        ...row,
        consent: { at: writtenAt.toISOString(), source: 'import' },
      },
      writtenAt.getTime(),
    ).next as Subscriber;
    const mailed = { ...old, id: idOf('mailed@example.org'), email: 'mailed@example.org' };
    const subscribers = createMemorySubscriberStore([
      old,
      { ...mailed, confirmationQueuedAt: writtenAt.toISOString() },
    ]);
    const { queue, batches } = recordingQueue();

    const result = await importForConfirmation(
      { subscribers, queue },
      [row, { line: 3, email: mailed.email, name: null }],
      { idKey: KEY, now: NOW },
    );

    expect(result).toMatchObject({ queued: 2, resumed: 2 });
    expect(batches[0]?.map((signUp) => signUp.consent.at)).toEqual([
      NOW.toISOString(),
      NOW.toISOString(),
    ]);
    for (const id of [old.id, mailed.id]) {
      expect(subscribers.rows.get(id)).toMatchObject({
        expiresAt: new Date(NOW.getTime() + PENDING_TTL_MS).toISOString(),
        confirmationQueuedAt: NOW.toISOString(),
      });
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  ImportInterruptedError,
  importSubscribers,
} from '../../../lambda/core/subscribers/import-subscribers';
import type { SubscriberRow } from '../../../lambda/core/subscribers/parse-subscriber-csv';
import { createMemorySubscriberStore } from '../../support/fakes';

const OPTIONS = {
  idKey: 'import-key-0123456789abcdefghijklmnopqrstuvwxyz',
  now: new Date(Date.UTC(2026, 11, 4, 18, 0)),
  chunkSize: 10,
  parallel: 4,
};

const rows: SubscriberRow[] = Array.from({ length: 25 }, (_, i) => ({
  line: i + 2,
  email: `reader${i}@example.org`,
  name: `Reader ${i}`,
}));

async function stopOf(run: Promise<unknown>): Promise<ImportInterruptedError> {
  const error = await run.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ImportInterruptedError);
  return error as ImportInterruptedError;
}

describe('importSubscribers, stopped part-way', () => {
  it('lets the writes in flight finish at an interruption, starts none after, and says how many it imported', async () => {
    const store = createMemorySubscriberStore();
    const interruption = new AbortController();
    const create = store.create.bind(store);
    store.create = async (subscriber) => {
      // Ctrl-C while the second group of writes is in flight.
      if (store.rows.size === 5) interruption.abort('interrupted (Ctrl-C)');
      return create(subscriber);
    };

    const stop = await stopOf(
      importSubscribers(store, rows, { ...OPTIONS, interrupted: interruption.signal }),
    );

    expect(store.rows.size).toBe(8);
    expect(stop).toMatchObject({ done: 8, total: 25, imported: 8, cause: 'interrupted (Ctrl-C)' });
    expect(stop.message).toBe(
      'Import stopped after 8 of 25 rows (interrupted (Ctrl-C)): 8 subscriber(s) imported so far, ' +
        'and no record is half-written (each row is one write, whole or not at all); run the same ' +
        'command again to finish it — rows already imported are left as they are',
    );
    const again = await importSubscribers(store, rows, OPTIONS);
    expect(again.imported).toBe(17);
    expect(again.alreadyListed.map((row) => row.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('counts the writes that succeeded beside one that failed, so the count is what the store holds', async () => {
    const store = createMemorySubscriberStore();
    const create = store.create.bind(store);
    store.create = async (subscriber) => {
      if (subscriber.email === 'reader13@example.org') throw new Error('throttled');
      return create(subscriber);
    };

    const stop = await stopOf(importSubscribers(store, rows, OPTIONS));

    // Rows 10–13 were one group: the three beside the failed write are in the store and counted.
    expect(store.rows.size).toBe(13);
    expect(stop).toMatchObject({ done: 13, total: 25, imported: 13 });
    expect(stop.message).toMatch(
      /^Import stopped after 13 of 25 rows \(throttled\): 13 subscriber/,
    );
  });
});

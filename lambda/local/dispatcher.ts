import type { RecipientBatch } from '../core/model';
import type { Clock, RecipientQueue } from '../core/ports';

export interface DispatcherOptions {
  /** Batches handled at once (the local MaximumConcurrency). */
  readonly concurrency: number;
  /**
   * How many times a recipient may be deferred (enqueued with a delay) before it is set aside
   * for the next run: a local run ends, where SQS would keep the message.
   */
  readonly maxDeferrals: number;
  readonly clock: Clock;
  /**
   * When true (SES refused to send: the daily quota), deferred recipients are not taken back
   * and batches enqueued from then on go straight to `abandoned`.
   */
  readonly stopped?: () => boolean;
}

export type BatchHandler = (batch: RecipientBatch) => Promise<void>;

export interface LocalDispatcher extends RecipientQueue {
  /** Resolves when every batch was handled and nothing waits for its delay. */
  drain(): Promise<void>;
  /** Recipients set aside for the next run: deferred too often, or never handled after a stop. */
  readonly abandoned: readonly RecipientBatch[];
}

/**
 * The in-process stand-in for SQS plus its Lambda event source mapping: batches wait in a FIFO,
 * `concurrency` workers take them, and a batch enqueued with a delay (the delivery run deferring
 * recipients) joins the FIFO once the delay has passed. `enqueue` without a delay (planning)
 * waits while the backlog is long, so planning a huge list never holds it all in memory.
 */
export function createLocalDispatcher(
  handle: BatchHandler,
  options: DispatcherOptions,
): LocalDispatcher {
  const backlog: RecipientBatch[] = [];
  const abandoned: RecipientBatch[] = [];
  const deferrals = new Map<string, number>();
  const highWater = options.concurrency * 4;
  let active = 0;
  let delayed = 0;
  let failure: unknown;
  let idleWaiters: (() => void)[] = [];
  let spaceWaiters: (() => void)[] = [];

  // After a handler fails nothing new starts, so waiters are released once the running ones end.
  const notify = () => {
    if (backlog.length < highWater || failure !== undefined) {
      for (const wake of spaceWaiters) wake();
      spaceWaiters = [];
    }
    const settled = backlog.length === 0 || failure !== undefined;
    if (settled && active === 0 && delayed === 0) {
      for (const wake of idleWaiters) wake();
      idleWaiters = [];
    }
  };

  const pump = () => {
    while (active < options.concurrency && backlog.length > 0 && failure === undefined) {
      const batch = backlog.shift() as RecipientBatch;
      active++;
      void run(batch);
    }
    notify();
  };

  const run = async (batch: RecipientBatch) => {
    try {
      await handle(batch);
    } catch (error) {
      failure ??= error;
    } finally {
      active--;
      pump();
    }
  };

  const defer = (batch: RecipientBatch, delayMs: number) => {
    const key = (id: string) => `${batch.issueId}/${id}`;
    const again = batch.subscriberIds.filter((id) => {
      const count = (deferrals.get(key(id)) ?? 0) + 1;
      deferrals.set(key(id), count);
      return count <= options.maxDeferrals;
    });
    const setAside = batch.subscriberIds.filter((id) => !again.includes(id));
    if (options.stopped?.() || again.length === 0) {
      abandoned.push(batch);
      return;
    }
    if (setAside.length > 0) abandoned.push({ ...batch, subscriberIds: setAside });
    delayed++;
    void options.clock.sleep(delayMs).then(() => {
      delayed--;
      backlog.push({ ...batch, subscriberIds: again });
      pump();
    });
  };

  return {
    abandoned,
    async enqueue(batches, { delayMs } = {}) {
      for (const batch of batches) {
        if (failure !== undefined) throw failure;
        if (delayMs !== undefined) {
          defer(batch, delayMs);
          continue;
        }
        while (backlog.length >= highWater && failure === undefined) {
          await new Promise<void>((resolve) => spaceWaiters.push(resolve));
        }
        if (failure !== undefined) throw failure;
        // After a stop (daily quota) the rest of the list is only counted, not handled.
        if (options.stopped?.()) {
          abandoned.push(batch);
          continue;
        }
        backlog.push(batch);
        pump();
      }
    },
    async drain() {
      if (backlog.length > 0 || active > 0 || delayed > 0) {
        await new Promise<void>((resolve) => idleWaiters.push(resolve));
      }
      if (failure !== undefined) throw failure;
    },
  };
}

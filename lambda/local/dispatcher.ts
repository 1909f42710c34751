import type { RecipientBatch } from '../core/model';
import type { Clock, RecipientQueue } from '../core/ports';

export interface DispatcherOptions {
  /** Batches handled at once (the local MaximumConcurrency). */
  readonly concurrency: number;
  /** How many times a batch's unfinished recipients are handed back (SQS maxReceiveCount). */
  readonly maxReceives: number;
  /** Wait before unfinished recipients come back (SQS visibility timeout). */
  readonly redeliveryDelayMs: number;
  readonly clock: Clock;
  /**
   * When true (the run was stopped, e.g. by the daily quota), unfinished recipients are not handed
   * back and batches enqueued from then on go straight to `abandoned`.
   */
  readonly stopped?: () => boolean;
}

/** Returns the ids of the batch's recipients that are not done, like SQS batchItemFailures. */
export type BatchHandler = (batch: RecipientBatch) => Promise<readonly string[]>;

export interface LocalDispatcher extends RecipientQueue {
  /** Resolves when every batch was handled and nothing waits for redelivery. */
  drain(): Promise<void>;
  /** Recipients still unfinished after their last receive, or never handled after a stop. */
  readonly abandoned: readonly RecipientBatch[];
}

/**
 * The in-process stand-in for SQS plus its Lambda event source mapping: batches wait in a FIFO,
 * `concurrency` workers take them, unfinished recipients come back after a delay until
 * `maxReceives`, then are reported as abandoned (the local dead-letter queue). `enqueue` waits
 * while the backlog is long, so planning a huge list never holds it all in memory.
 */
export function createLocalDispatcher(
  handle: BatchHandler,
  options: DispatcherOptions,
): LocalDispatcher {
  interface Entry {
    readonly batch: RecipientBatch;
    readonly receives: number;
  }
  const backlog: Entry[] = [];
  const abandoned: RecipientBatch[] = [];
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
      const entry = backlog.shift() as Entry;
      active++;
      void run(entry);
    }
    notify();
  };

  const run = async (entry: Entry) => {
    try {
      const pendingIds = await handle(entry.batch);
      if (pendingIds.length > 0)
        requeue({ ...entry.batch, subscriberIds: pendingIds }, entry.receives);
    } catch (error) {
      failure ??= error;
    } finally {
      active--;
      pump();
    }
  };

  const requeue = (batch: RecipientBatch, receives: number) => {
    if (receives >= options.maxReceives || options.stopped?.()) {
      abandoned.push(batch);
      return;
    }
    delayed++;
    void options.clock.sleep(options.redeliveryDelayMs).then(() => {
      delayed--;
      backlog.push({ batch, receives: receives + 1 });
      pump();
    });
  };

  return {
    abandoned,
    async enqueue(batches) {
      for (const batch of batches) {
        while (backlog.length >= highWater && failure === undefined) {
          await new Promise<void>((resolve) => spaceWaiters.push(resolve));
        }
        if (failure !== undefined) throw failure;
        // After a stop (daily quota) the rest of the list is only counted, not handled.
        if (options.stopped?.()) {
          abandoned.push(batch);
          continue;
        }
        backlog.push({ batch, receives: 1 });
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

/**
 * The RecipientQueue on SQS. Batches are buffered and sent ten to a SendMessageBatch call, so
 * planning a million recipients costs a tenth of the calls; entries SQS fails on its side are
 * sent again with backoff. Call `flush()` once everything is enqueued, or create the queue with
 * `sendAtOnce` (deliver, whose deferred batches must be on the queue before their record is
 * acknowledged). A delayed batch carries SQS DelaySeconds.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { NewsletterError } from '../../core/errors';
import type { RecipientBatch } from '../../core/model';
import type { Clock, EnqueueOptions, RecipientQueue } from '../../core/ports';
import { retryWithBackoff } from '../../core/retry';
import { systemClock } from '../system-clock';
import { SQS_BATCH_LIMIT, serializeRecipientBatch } from './recipient-batch';

/** SQS's longest DelaySeconds. */
export const MAX_DELAY_SECONDS = 900;

export interface SqsRecipientQueueOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  /** Attempts at sending failed entries, the first send included. @default 5 */
  readonly maxRounds?: number;
  /** Send on every `enqueue` instead of buffering up to ten. @default false */
  readonly sendAtOnce?: boolean;
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: () => number;
}

export interface SqsRecipientQueue extends RecipientQueue {
  /** Sends what is still buffered. */
  flush(): Promise<void>;
}

interface Pending {
  readonly batch: RecipientBatch;
  readonly delaySeconds: number;
}

/** Entries SQS failed on its side: worth sending again. */
class EntriesFailed extends Error {
  constructor(
    readonly failed: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function createSqsRecipientQueue({
  client,
  queueUrl,
  maxRounds = 5,
  sendAtOnce = false,
  clock = systemClock,
  random,
}: SqsRecipientQueueOptions): SqsRecipientQueue {
  let buffer: Pending[] = [];

  async function sendGroup(group: readonly Pending[]): Promise<void> {
    let entries = group.map((pending, index) => ({
      Id: String(index),
      MessageBody: serializeRecipientBatch(pending.batch),
      DelaySeconds: pending.delaySeconds > 0 ? pending.delaySeconds : undefined,
    }));
    try {
      await retryWithBackoff(
        async () => {
          const { Failed = [] } = await client.send(
            new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
          );
          if (Failed.length === 0) return;
          const refused = Failed.find((failure) => failure.SenderFault);
          const first = refused ?? Failed[0];
          const reason = `${first?.Code}: ${first?.Message ?? 'no message'}`;
          if (refused) {
            throw new NewsletterError(`SQS refused a recipient batch for ${queueUrl} (${reason})`);
          }
          const failedIds = new Set(Failed.map((failure) => failure.Id));
          entries = entries.filter((entry) => failedIds.has(entry.Id));
          throw new EntriesFailed(Failed.length, reason);
        },
        {
          policy: { maxAttempts: maxRounds, baseDelayMs: 100, maxDelayMs: 2_000 },
          clock,
          random,
          retryable: (error) => error instanceof EntriesFailed,
        },
      );
    } catch (error) {
      const last = error instanceof NewsletterError ? error.cause : undefined;
      if (last instanceof EntriesFailed) {
        throw new NewsletterError(
          `SQS kept failing ${last.failed} of ${group.length} recipient batches for ${queueUrl} ` +
            `after ${maxRounds} attempts (${last.reason}); composing the issue again resumes it`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  async function flush() {
    const rest = buffer;
    buffer = [];
    for (let start = 0; start < rest.length; start += SQS_BATCH_LIMIT) {
      await sendGroup(rest.slice(start, start + SQS_BATCH_LIMIT));
    }
  }

  return {
    async enqueue(batches, options: EnqueueOptions = {}) {
      const delaySeconds = Math.min(
        MAX_DELAY_SECONDS,
        Math.ceil(Math.max(0, options.delayMs ?? 0) / 1000),
      );
      buffer.push(...batches.map((batch) => ({ batch, delaySeconds })));
      if (sendAtOnce) return flush();
      while (buffer.length >= SQS_BATCH_LIMIT) {
        const group = buffer.slice(0, SQS_BATCH_LIMIT);
        buffer = buffer.slice(SQS_BATCH_LIMIT);
        await sendGroup(group);
      }
    },
    flush,
  };
}

/**
 * The RecipientQueue on SQS. Batches are buffered and sent ten to a SendMessageBatch call, so
 * planning a million recipients costs a tenth of the calls; entries SQS fails on its side are
 * sent again with backoff. Call `flush()` once everything is enqueued, or create the queue with
 * `sendAtOnce` (deliver, whose deferred batches must be on the queue before their record is
 * acknowledged). A delayed batch carries SQS DelaySeconds.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { RecipientBatch } from '../../core/model';
import type { Clock, EnqueueOptions, RecipientQueue } from '../../core/ports';
import { systemClock } from '../system-clock';
import { SQS_BATCH_LIMIT, serializeRecipientBatch } from './recipient-batch';
import { sendMessageBatch } from './send-message-batch';

/** SQS's longest DelaySeconds. */
const MAX_DELAY_SECONDS = 900;

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
    await sendMessageBatch(
      {
        client,
        queueUrl,
        what: ['recipient batch', 'recipient batches'],
        resume: 'composing the issue again resumes it',
        maxRounds,
        clock,
        random,
      },
      group.map((pending) => ({
        body: serializeRecipientBatch(pending.batch),
        delaySeconds: pending.delaySeconds,
      })),
    );
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

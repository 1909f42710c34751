/**
 * The RecipientQueue on SQS. Batches are buffered and sent ten to a SendMessageBatch call, so
 * planning a million recipients costs a tenth of the calls; entries SQS fails on its side are
 * sent again with backoff. Call `flush()` once everything is enqueued.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { NewsletterError } from '../../core/errors';
import type { RecipientBatch } from '../../core/model';
import type { RecipientQueue } from '../../core/ports';
import { SQS_BATCH_LIMIT, serializeRecipientBatch } from './recipient-batch';

export interface SqsRecipientQueueOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  /** Rounds of resending failed entries, the first send included. @default 5 */
  readonly maxRounds?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SqsRecipientQueue extends RecipientQueue {
  /** Sends what is still buffered. */
  flush(): Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSqsRecipientQueue({
  client,
  queueUrl,
  maxRounds = 5,
  sleep = wait,
}: SqsRecipientQueueOptions): SqsRecipientQueue {
  let buffer: RecipientBatch[] = [];

  async function sendGroup(group: readonly RecipientBatch[]): Promise<void> {
    let entries = group.map((batch, index) => ({
      Id: String(index),
      MessageBody: serializeRecipientBatch(batch),
    }));
    for (let round = 1; ; round++) {
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
      if (round >= maxRounds) {
        throw new NewsletterError(
          `SQS kept failing ${Failed.length} of ${group.length} recipient batches for ${queueUrl} ` +
            `after ${maxRounds} attempts (${reason}); composing the issue again resumes it`,
        );
      }
      const failedIds = new Set(Failed.map((failure) => failure.Id));
      entries = entries.filter((entry) => failedIds.has(entry.Id));
      await sleep(100 * 2 ** (round - 1));
    }
  }

  return {
    async enqueue(batches) {
      buffer.push(...batches);
      while (buffer.length >= SQS_BATCH_LIMIT) {
        const group = buffer.slice(0, SQS_BATCH_LIMIT);
        buffer = buffer.slice(SQS_BATCH_LIMIT);
        await sendGroup(group);
      }
    },
    async flush() {
      const rest = buffer;
      buffer = [];
      for (let start = 0; start < rest.length; start += SQS_BATCH_LIMIT) {
        await sendGroup(rest.slice(start, start + SQS_BATCH_LIMIT));
      }
    },
  };
}

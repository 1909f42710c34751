/**
 * One SendMessageBatch of up to ten messages, shared by the queues that send in tens (recipient
 * batches, and the sign-ups an import queues). Entries SQS failed on its side are sent again with
 * backoff; an entry SQS refuses as the sender's fault is an error at once.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { NewsletterError } from '../../core/errors';
import type { Clock } from '../../core/ports';
import { retryWithBackoff } from '../../core/retry';

export interface BatchMessage {
  readonly body: string;
  /** SQS DelaySeconds; none when 0 or absent. */
  readonly delaySeconds?: number;
}

export interface SendMessageBatchOptions {
  readonly client: Pick<SQSClient, 'send'>;
  readonly queueUrl: string;
  /** What one message is and what several are, for errors: ["recipient batch", "recipient batches"]. */
  readonly what: readonly [one: string, many: string];
  /** What the operator does when SQS keeps failing: "composing the issue again resumes it". */
  readonly resume: string;
  /** Attempts at sending failed entries, the first send included. */
  readonly maxRounds: number;
  readonly clock: Clock;
  readonly random?: () => number;
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

/** Sends `messages` (ten at most) in one SendMessageBatch call, again for the entries SQS failed. */
export async function sendMessageBatch(
  options: SendMessageBatchOptions,
  messages: readonly BatchMessage[],
): Promise<void> {
  const { client, queueUrl, maxRounds } = options;
  const [one, many] = options.what;
  let entries = messages.map((message, index) => ({
    Id: String(index),
    MessageBody: message.body,
    DelaySeconds:
      message.delaySeconds !== undefined && message.delaySeconds > 0
        ? message.delaySeconds
        : undefined,
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
          throw new NewsletterError(`SQS refused a ${one} for ${queueUrl} (${reason})`);
        }
        const failedIds = new Set(Failed.map((failure) => failure.Id));
        entries = entries.filter((entry) => failedIds.has(entry.Id));
        throw new EntriesFailed(Failed.length, reason);
      },
      {
        policy: { maxAttempts: maxRounds, baseDelayMs: 100, maxDelayMs: 2_000 },
        clock: options.clock,
        random: options.random,
        retryable: (error) => error instanceof EntriesFailed,
      },
    );
  } catch (error) {
    const last = error instanceof NewsletterError ? error.cause : undefined;
    if (last instanceof EntriesFailed) {
      throw new NewsletterError(
        `SQS kept failing ${last.failed} of ${messages.length} ${many} for ${queueUrl} ` +
          `after ${maxRounds} attempts (${last.reason}); ${options.resume}`,
        { cause: error },
      );
    }
    throw error;
  }
}

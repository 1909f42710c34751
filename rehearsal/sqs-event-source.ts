/**
 * An SQS event-source mapping as Lambda runs it: MaximumConcurrency pollers each receive up to
 * BatchSize messages (which hides them for the queue's visibility timeout), invoke the function
 * with an SQS event, and delete the messages it handled. With ReportBatchItemFailures only the
 * records the function names in `batchItemFailures` stay; a failed invocation (an error, a
 * timeout, a killed environment) deletes nothing. What stays becomes visible again after the
 * visibility timeout, and the queue's redrive policy moves it to the DLQ after maxReceiveCount.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { FunctionHost } from './function-host';

export interface SqsEventSourceOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly host: FunctionHost;
  readonly batchSize: number;
  readonly maximumConcurrency: number;
  readonly reportBatchItemFailures: boolean;
}

export interface SqsEventSource {
  /** The function this mapping invokes. */
  readonly host: FunctionHost;
  /** Invocations made so far, and how they ended. */
  readonly stats: {
    invocations: number;
    failedInvocations: number;
    deleted: number;
    retried: number;
  };
  stop(): Promise<void>;
}

/** Long-poll wait per receive: short, so stop() returns quickly. */
const WAIT_SECONDS = 1;

export function startSqsEventSource(options: SqsEventSourceOptions): SqsEventSource {
  const stats = { invocations: 0, failedInvocations: 0, deleted: 0, retried: 0 };
  let stopping = false;
  const poll = async () => {
    while (!stopping) {
      let messages: Message[];
      try {
        const received = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: Math.min(options.batchSize, 10),
            WaitTimeSeconds: WAIT_SECONDS,
            MessageSystemAttributeNames: ['All'],
            // Older moto versions read only the deprecated name.
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        messages = received.Messages ?? [];
      } catch {
        if (!stopping) await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (messages.length === 0 || stopping) continue;
      stats.invocations++;
      const result = await options.host.invoke({
        Records: messages.map((m) => toRecord(m, options)),
      });
      if (!result.ok) {
        stats.failedInvocations++;
        stats.retried += messages.length;
        continue;
      }
      const failed = failedIds(result.value, messages, options.reportBatchItemFailures);
      const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
      stats.retried += messages.length - done.length;
      if (done.length > 0) {
        await options.sqs
          .send(
            new DeleteMessageBatchCommand({
              QueueUrl: options.queueUrl,
              Entries: done.map((m, index) => ({
                Id: String(index),
                ReceiptHandle: m.ReceiptHandle,
              })),
            }),
          )
          .then(() => {
            stats.deleted += done.length;
          })
          .catch(() => {});
      }
    }
  };
  const pollers = Array.from({ length: options.maximumConcurrency }, () => poll());
  return {
    host: options.host,
    stats,
    async stop() {
      stopping = true;
      await Promise.allSettled(pollers);
    },
  };
}

/**
 * The records to keep. As in Lambda: no response (or no list) means all succeeded; a response
 * naming an id that is empty or not in the batch fails the whole batch.
 */
export function failedIds(response: unknown, messages: Message[], partial: boolean): Set<string> {
  if (!partial) return new Set();
  const failures = (response as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (!Array.isArray(failures)) return new Set();
  const ids = new Set(messages.map((m) => m.MessageId ?? ''));
  const named = failures.map((f) => (f as { itemIdentifier?: unknown })?.itemIdentifier);
  if (named.some((id) => typeof id !== 'string' || !ids.has(id))) return ids;
  return new Set(named as string[]);
}

function toRecord(message: Message, options: SqsEventSourceOptions) {
  const messageAttributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      stringValue: value.StringValue,
      binaryValue: value.BinaryValue && Buffer.from(value.BinaryValue).toString('base64'),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: [],
      dataType: value.DataType,
    };
  }
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body,
    attributes: message.Attributes ?? {},
    messageAttributes,
    md5OfBody: message.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn,
    awsRegion: options.region,
  };
}

/**
 * What the rehearsal suites share: polling for an outcome, waiting for a queue to be drained and
 * reading the SES emulator's store.
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Rehearsal } from '../../rehearsal/start-rehearsal';

/** Polls `probe` until it returns a value, or fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface StoredEmail {
  readonly messageId: string;
  readonly subject: string;
  readonly destination: { readonly to: string[] };
  readonly body: { readonly text?: string; readonly html?: string };
}

/** Every message aws-ses-v2-local has stored (GET /store). */
export async function sesMessages(sesEndpoint: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  if (!response.ok) throw new Error(`GET ${sesEndpoint}/store answered ${response.status}`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

/** Waits until the queue's consumer has taken (and finished with) every message on it. */
export async function queueDrained(
  rehearsal: Rehearsal,
  queueUrl: string | undefined,
): Promise<void> {
  const sqs = new SQSClient({
    region: rehearsal.region,
    endpoint: rehearsal.env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await waitFor(`${queueUrl} to be drained`, async () => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      const left =
        Number(Attributes?.ApproximateNumberOfMessages) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
      return left === 0 ? true : undefined;
    });
  } finally {
    sqs.destroy();
  }
}

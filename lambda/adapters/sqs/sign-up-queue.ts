/**
 * The SignUpQueue on SQS: POST /subscribe sends one message per accepted sign-up and answers;
 * the confirmation-sender function takes it from there. The body carries the address and the
 * consent record (the queue is encrypted and keeps messages for a day), and is checked again on
 * the way out, so a message that is not a sign-up is never acted on. An import that sends
 * confirmations queues the same messages, ten to a SendMessageBatch call.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { NewsletterError } from '../../core/errors';
import type { Clock, SignUpBatchQueue, SignUpQueue, SignUpRequest } from '../../core/ports';
import { normaliseEmail } from '../../core/subscribers/email-address';
import '../../core/validation';
import { systemClock } from '../system-clock';
import { SQS_BATCH_LIMIT } from './recipient-batch';
import { sendMessageBatch } from './send-message-batch';

const text = (max: number) => z.string().check(z.maxLength(max));

/** The longest consent source a sign-up message carries. */
export const MAX_CONSENT_SOURCE_LENGTH = 64;

const signUpSchema = z.strictObject({
  email: text(254),
  name: z.nullable(text(100)),
  consent: z.strictObject({
    at: z.iso.datetime(),
    source: text(MAX_CONSENT_SOURCE_LENGTH),
    ip: z.optional(text(64)),
    userAgent: z.optional(text(256)),
    textVersion: z.optional(text(64)),
  }),
});

export function serializeSignUp(request: SignUpRequest): string {
  return JSON.stringify({ email: request.email, name: request.name, consent: request.consent });
}

/** The sign-up in a message body, or the one-line reason it is not one (never the address). */
export function parseSignUp(body: string): { signUp: SignUpRequest } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { problem: 'the body is not JSON' };
  }
  const result = signUpSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { problem: `${issue?.path.join('.') || 'body'}: ${issue?.message}` };
  }
  try {
    normaliseEmail(result.data.email);
  } catch {
    return { problem: 'email: is not a valid address' };
  }
  return { signUp: result.data };
}

export function createSqsSignUpQueue(options: {
  readonly client: Pick<SQSClient, 'send'>;
  readonly queueUrl: string;
  /** Sleeps between rounds of a batch's failed entries. @default the system clock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: () => number;
}): SignUpQueue & SignUpBatchQueue {
  return {
    async enqueueBatch(requests) {
      if (requests.length > SQS_BATCH_LIMIT) {
        throw new NewsletterError(
          `At most ${SQS_BATCH_LIMIT} sign-ups go in one SendMessageBatch call, got ${requests.length}`,
        );
      }
      if (requests.length === 0) return;
      await sendMessageBatch(
        {
          client: options.client,
          queueUrl: options.queueUrl,
          what: ['sign-up', 'sign-ups'],
          resume: 'run the same import again to queue the rest',
          maxRounds: 5,
          clock: options.clock ?? systemClock,
          random: options.random,
        },
        requests.map((request) => ({ body: serializeSignUp(request) })),
      );
    },
    async enqueue(request) {
      await options.client.send(
        new SendMessageCommand({
          QueueUrl: options.queueUrl,
          MessageBody: serializeSignUp(request),
        }),
      );
    },
  };
}

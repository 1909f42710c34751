/**
 * The SignUpQueue on SQS: POST /subscribe sends one message per accepted sign-up and answers;
 * the confirmation-sender function takes it from there. The body carries the address and the
 * consent record (the queue is encrypted and keeps messages for a day), and is checked again on
 * the way out, so a message that is not a sign-up is never acted on.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import type { SignUpQueue, SignUpRequest } from '../../core/ports';
import { normaliseEmail } from '../../core/subscribers/email-address';
import '../../core/validation';

const text = (max: number) => z.string().check(z.maxLength(max));

const signUpSchema = z.strictObject({
  email: text(254),
  name: z.nullable(text(100)),
  consent: z.strictObject({
    at: z.iso.datetime(),
    source: text(64),
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
}): SignUpQueue {
  return {
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

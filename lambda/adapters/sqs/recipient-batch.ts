/** The body of one SQS message of the recipients queue: a RecipientBatch as JSON, ids only. */

import * as z from 'zod/mini';
import { ISSUE_ID_PATTERN } from '../../core/issue/issue-id';
import type { RecipientBatch } from '../../core/model';
import '../../core/validation';

/** SQS allows 10 entries per SendMessageBatch call. */
export const SQS_BATCH_LIMIT = 10;

/** Subscriber ids are base64url (subscriberIdFor): they may start with `-` or `_`. */
const SUBSCRIBER_ID = /^[A-Za-z0-9_-]{1,128}$/;

const recipientBatchSchema = z.strictObject({
  issueId: z.string().check(z.regex(ISSUE_ID_PATTERN, 'must be an issue id')),
  subscriberIds: z
    .array(z.string().check(z.regex(SUBSCRIBER_ID, 'must be a subscriber id')))
    .check(z.minLength(1), z.maxLength(1000)),
  redriven: z.optional(z.literal(true)),
});

export function serializeRecipientBatch(batch: RecipientBatch): string {
  return JSON.stringify({
    issueId: batch.issueId,
    subscriberIds: batch.subscriberIds,
    ...(batch.redriven ? { redriven: true } : {}),
  });
}

/** The batch in a message body, or the one-line reason it is not one. */
export function parseRecipientBatch(body: string): { batch: RecipientBatch } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { problem: 'the body is not JSON' };
  }
  const result = recipientBatchSchema.safeParse(json);
  if (result.success) return { batch: result.data };
  const issue = result.error.issues[0];
  return { problem: `${issue?.path.join('.') || 'body'}: ${issue?.message}` };
}

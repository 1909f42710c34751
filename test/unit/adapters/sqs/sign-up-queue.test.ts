import { describe, expect, it } from 'vitest';
import { createSqsSignUpQueue, parseSignUp } from '../../../../lambda/adapters/sqs/sign-up-queue';
import type { SignUpRequest } from '../../../../lambda/core/ports';
import { createFakeSqs } from '../../../support/aws-fakes';
import { createFakeClock } from '../../../support/fakes';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/sign-ups';

function signUps(count: number): SignUpRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    email: `reader${i}@example.org`,
    name: i % 2 ? `Reader ${i}` : null,
    consent: { at: '2026-12-04T18:00:00.000Z', source: 'import' },
  }));
}

describe('the SQS sign-up queue, in bulk (an import that sends confirmations)', () => {
  it('sends up to ten sign-ups in one SendMessageBatch call, as the messages POST /subscribe sends', async () => {
    const sqs = createFakeSqs(QUEUE);
    const queue = createSqsSignUpQueue({ client: sqs.client, queueUrl: QUEUE });

    await queue.enqueueBatch(signUps(10));

    expect(sqs.batchSizes).toEqual([10]);
    expect(sqs.messages.map((m) => parseSignUp(m.body))).toEqual(
      signUps(10).map((signUp) => ({ signUp })),
    );
  });

  it('sends again the entries SQS failed on its side, and refuses more than ten', async () => {
    const sqs = createFakeSqs(QUEUE, {
      fail: (entries, call) =>
        call === 1 ? [{ id: entries[2]?.Id ?? '', senderFault: false }] : [],
    });
    const clock = createFakeClock();
    const queue = createSqsSignUpQueue({ client: sqs.client, queueUrl: QUEUE, clock });

    await queue.enqueueBatch(signUps(3));
    expect(sqs.batchSizes).toEqual([3, 1]);
    expect(sqs.messages).toHaveLength(3);

    await expect(queue.enqueueBatch(signUps(11))).rejects.toThrow(
      'At most 10 sign-ups go in one SendMessageBatch call, got 11',
    );
    expect(sqs.batchSizes).toEqual([3, 1]);
  });

  it('gives up after its attempts and says that running the import again resumes', async () => {
    const sqs = createFakeSqs(QUEUE, {
      fail: (entries) => entries.map((entry) => ({ id: entry.Id ?? '', senderFault: false })),
    });
    const queue = createSqsSignUpQueue({
      client: sqs.client,
      queueUrl: QUEUE,
      clock: createFakeClock(),
    });

    await expect(queue.enqueueBatch(signUps(4))).rejects.toThrow(
      /kept failing 4 of 4 sign-ups .* after 5 attempts \(InternalError: fake failure\); run the same import again/,
    );
  });
});

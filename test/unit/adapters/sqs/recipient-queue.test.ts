import { describe, expect, it } from 'vitest';
import {
  parseRecipientBatch,
  serializeRecipientBatch,
} from '../../../../lambda/adapters/sqs/recipient-batch';
import { createSqsRecipientQueue } from '../../../../lambda/adapters/sqs/recipient-queue';
import type { RecipientBatch } from '../../../../lambda/core/model';
import { createFakeSqs } from '../../../support/aws-fakes';
import { createFakeClock } from '../../../support/fakes';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/recipients';

function batches(count: number): RecipientBatch[] {
  return Array.from({ length: count }, (_, i) => ({
    issueId: 'issue-1',
    subscriberIds: [`s${i}`],
  }));
}

describe('the SQS recipient queue', () => {
  it('sends ten batches per SendMessageBatch call and the rest when flushed', async () => {
    const sqs = createFakeSqs(QUEUE);
    const queue = createSqsRecipientQueue({
      client: sqs.client,
      queueUrl: QUEUE,
      clock: createFakeClock(),
    });

    for (const batch of batches(23)) await queue.enqueue([batch]);
    expect(sqs.batchSizes).toEqual([10, 10]);
    await queue.flush();

    expect(sqs.batchSizes).toEqual([10, 10, 3]);
    expect(sqs.messages.map((m) => JSON.parse(m.body).subscriberIds[0])).toEqual(
      batches(23).map((b) => b.subscriberIds[0]),
    );
  });

  it('sends again only the entries SQS failed on its side', async () => {
    const sqs = createFakeSqs(QUEUE, {
      fail: (entries, call) =>
        call === 1 ? [{ id: entries[3]?.Id ?? '', senderFault: false }] : [],
    });
    const clock = createFakeClock();
    const queue = createSqsRecipientQueue({
      client: sqs.client,
      queueUrl: QUEUE,
      clock,
      random: () => 1,
    });

    await queue.enqueue(batches(10));

    expect(sqs.batchSizes).toEqual([10, 1]);
    expect(sqs.messages).toHaveLength(10);
    expect(clock.slept).toEqual([100]);
  });

  it('stops at once when SQS refuses an entry as the sender’s fault', async () => {
    const sqs = createFakeSqs(QUEUE, {
      fail: (entries) => [
        { id: entries[0]?.Id ?? '', senderFault: true, code: 'InvalidMessageContents' },
      ],
    });
    const queue = createSqsRecipientQueue({
      client: sqs.client,
      queueUrl: QUEUE,
      clock: createFakeClock(),
    });

    await queue.enqueue(batches(2));
    await expect(queue.flush()).rejects.toThrow(
      `SQS refused a recipient batch for ${QUEUE} (InvalidMessageContents: fake failure)`,
    );
    expect(sqs.batchSizes).toEqual([2]);
  });

  it('gives up after its attempts and says that composing again resumes', async () => {
    const sqs = createFakeSqs(QUEUE, {
      fail: (entries) => entries.map((entry) => ({ id: entry.Id ?? '', senderFault: false })),
    });
    const queue = createSqsRecipientQueue({
      client: sqs.client,
      queueUrl: QUEUE,
      clock: createFakeClock(),
      maxRounds: 3,
    });

    await expect(queue.enqueue(batches(10))).rejects.toThrow(
      /kept failing 10 of 10 recipient batches .* after 3 attempts \(InternalError: fake failure\); composing the issue again resumes it/,
    );
    expect(sqs.batchSizes).toEqual([10, 10, 10]);
  });

  it('sends at once when asked to, with the delay as DelaySeconds (at most 15 minutes)', async () => {
    const sqs = createFakeSqs(QUEUE);
    const queue = createSqsRecipientQueue({
      client: sqs.client,
      queueUrl: QUEUE,
      sendAtOnce: true,
      clock: createFakeClock(),
    });

    await queue.enqueue(batches(1), { delayMs: 30_500 });
    await queue.enqueue(batches(1), { delayMs: 60 * 60_000 });
    await queue.enqueue(batches(1));

    expect(sqs.messages.map((m) => m.delaySeconds)).toEqual([31, 900, undefined]);
  });
});

describe('a recipient batch message body', () => {
  it('round-trips through the queue as JSON', () => {
    expect(parseRecipientBatch('{"issueId":"solar-0123456789","subscriberIds":["a_b-C"]}')).toEqual(
      {
        batch: { issueId: 'solar-0123456789', subscriberIds: ['a_b-C'] },
      },
    );
  });

  it('keeps the mark of a batch put back from the dead-letter queue, and only that mark', () => {
    const batch = { issueId: 'solar-0123456789', subscriberIds: ['a'] };
    const redriven = serializeRecipientBatch({ ...batch, redriven: true });
    expect(parseRecipientBatch(redriven)).toEqual({ batch: { ...batch, redriven: true } });
    expect(serializeRecipientBatch({ ...batch, redriven: false })).toBe(
      '{"issueId":"solar-0123456789","subscriberIds":["a"]}',
    );
    expect(parseRecipientBatch('{"issueId":"x","subscriberIds":["a"],"redriven":"yes"}')).toEqual({
      problem: 'redriven: Invalid input: expected true',
    });
  });

  it('takes every subscriber id subscriberIdFor makes, those starting with - or _ included', () => {
    const ids = ['-sgfDlg-BgltOQXBZ0z47U', '_1mTbNUjFQ7WhN6vpvXV_a', 'PCskbMRdkTq5JSLS0uKT33'];
    expect(
      parseRecipientBatch(JSON.stringify({ issueId: 'solar-0123456789', subscriberIds: ids })),
    ).toEqual({ batch: { issueId: 'solar-0123456789', subscriberIds: ids } });
    expect(parseRecipientBatch('{"issueId":"x","subscriberIds":["a.b"]}')).toEqual({
      problem: 'subscriberIds.0: must be a subscriber id',
    });
  });

  it('says why a body is not a batch', () => {
    expect(parseRecipientBatch('not json')).toEqual({ problem: 'the body is not JSON' });
    expect(parseRecipientBatch('{"issueId":"x","subscriberIds":[]}')).toEqual({
      problem: 'subscriberIds: Too small: expected array to have >=1 items',
    });
    expect(parseRecipientBatch('{"issueId":"../x","subscriberIds":["a"]}')).toEqual({
      problem: 'issueId: must be an issue id',
    });
    expect(
      parseRecipientBatch('{"issueId":"x","subscriberIds":["a"],"emails":["a@b.c"]}'),
    ).toMatchObject({
      problem: expect.stringMatching(/Unrecognized key/),
    });
  });
});

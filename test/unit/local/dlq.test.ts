import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { NewsletterError } from '../../../lambda/core/errors';
import {
  describeDeadLetter,
  listOrRedrive,
  redriveRecipients,
} from '../../../lambda/local/commands/dlq';

const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/recipients-dlq';
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/recipients';
const GOOD = JSON.stringify({ issueId: 'issue-1', subscriberIds: ['sub-a', 'sub-b'] });
const BAD_ID = JSON.stringify({ issueId: 'issue-1', subscriberIds: ['not an id!'] });

/**
 * Two queues in memory: what ReceiveMessage hands out stays hidden until shown again. The first
 * `shortPollMisses` short polls (WaitTimeSeconds 0 or none) find nothing, as SQS's do when the
 * servers they sample hold none of a small queue's messages; a long poll asks every server.
 */
function fakeQueues(dlqBodies: readonly string[], { shortPollMisses = 0 } = {}) {
  const queues = new Map<string, { id: string; body: string; hidden: boolean }[]>([
    [DLQ, dlqBodies.map((body, i) => ({ id: `m${i}`, body, hidden: false }))],
    [QUEUE, []],
  ]);
  const queue = (url: string | undefined) => queues.get(url ?? '') ?? [];
  const client = new SQSClient({ region: 'us-east-1' });
  client.send = (async (command: unknown) => {
    if (command instanceof ReceiveMessageCommand) {
      if (!command.input.WaitTimeSeconds && shortPollMisses > 0) {
        shortPollMisses--;
        return {};
      }
      const visible = queue(command.input.QueueUrl)
        .filter((m) => !m.hidden)
        .slice(0, 10);
      for (const m of visible) m.hidden = true;
      return {
        Messages: visible.map((m) => ({ MessageId: m.id, ReceiptHandle: m.id, Body: m.body })),
      };
    }
    if (command instanceof SendMessageCommand) {
      queue(command.input.QueueUrl).push({
        id: `sent-${queue(QUEUE).length}`,
        body: String(command.input.MessageBody),
        hidden: false,
      });
      return {};
    }
    if (command instanceof DeleteMessageCommand) {
      const messages = queue(command.input.QueueUrl);
      messages.splice(
        messages.findIndex((m) => m.id === command.input.ReceiptHandle),
        1,
      );
      return {};
    }
    if (command instanceof GetQueueAttributesCommand) {
      const count = queue(command.input.QueueUrl).length;
      return { Attributes: { ApproximateNumberOfMessages: String(count) } };
    }
    if (command instanceof ChangeMessageVisibilityBatchCommand) {
      for (const entry of command.input.Entries ?? []) {
        const message = queue(command.input.QueueUrl).find((m) => m.id === entry.ReceiptHandle);
        if (message && entry.VisibilityTimeout === 0) message.hidden = false;
      }
      return { Successful: [], Failed: [] };
    }
    throw new Error(`fake SQS: unexpected ${(command as object).constructor.name}`);
  }) as SQSClient['send'];
  return { client, queue };
}

/** The stack as `newsletter dlq` sees it: the recipients DLQ is `DLQ`, the other three are empty. */
function fakeStack(sqs: ReturnType<typeof fakeQueues>) {
  const outputs: Record<string, string> = { recipientsDlqUrl: DLQ, queueUrl: QUEUE };
  return {
    stack: { name: 'Newsletter', region: 'us-east-1', outputs },
    clients: { sqs: sqs.client },
    output: (name: string) => outputs[name] ?? `https://sqs.us-east-1.amazonaws.com/1/${name}`,
  } as unknown as Parameters<typeof listOrRedrive>[0];
}

async function redriveOutcome(
  dlqBodies: readonly string[],
  { hidden = 0, redrive = true, limit = undefined as number | undefined, shortPollMisses = 0 } = {},
) {
  const sqs = fakeQueues(dlqBodies, { shortPollMisses });
  // The first `hidden` messages are held by another reader.
  for (const message of sqs.queue(DLQ).slice(0, hidden)) message.hidden = true;
  const lines: string[] = [];
  const signal = new AbortController().signal;
  const error = await listOrRedrive(
    fakeStack(sqs),
    { redrive, limit },
    (line) => lines.push(line),
    signal,
  ).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return { sqs, lines, error };
}

describe('newsletter dlq', () => {
  it('a redrive that moved every message ends without an error (exit 0)', async () => {
    const { sqs, lines, error } = await redriveOutcome([GOOD, GOOD]);

    expect(error).toBeUndefined();
    expect(sqs.queue(DLQ)).toEqual([]);
    expect(lines).toContain(
      '  moved 2 batch(es), 4 recipient(s) back to the recipients queue; deliver skips anyone already sent',
    );
    expect(lines).toContain(
      'sign-ups DLQ (sign-ups whose confirmation email kept failing): 0 message(s)',
    );
  });

  it('a redrive that leaves messages no redrive can send fails (exit 1), saying what to do with them, after listing every queue', async () => {
    const { sqs, lines, error } = await redriveOutcome([GOOD, 'not json', BAD_ID]);

    expect(error).toBeInstanceOf(NewsletterError);
    expect((error as Error).message).toBe(
      `Redrive left 2 message(s) in the recipients DLQ that are not recipient batches deliver can read, so no redrive can send them: newsletter dlq --stack Newsletter lists each and why; once read, delete them (aws sqs purge-queue --queue-url ${DLQ} when nothing else is left in it)`,
    );
    expect(sqs.queue(QUEUE)).toHaveLength(1);
    expect(sqs.queue(DLQ)).toHaveLength(2);
    expect(lines.at(-1)).toBe(
      'sign-ups DLQ (sign-ups whose confirmation email kept failing): 0 message(s)',
    );
  });

  // A stack from before a dead-letter queue was added: the redrive moved the recipient batches
  // and listed two queues before the third's missing output stopped it half-way, exit 1.
  it('a stack lacking a DLQ output is refused before any queue is read or moved', async () => {
    const sqs = fakeQueues([GOOD, GOOD]);
    const missing = new NewsletterError('Stack Newsletter has no output SignUpsDlqUrl');
    const stack = fakeStack(sqs);
    const older = {
      ...stack,
      output: (name: Parameters<typeof stack.output>[0]) => {
        if (name === 'signUpsDlqUrl') throw missing;
        return stack.output(name);
      },
    };
    const lines: string[] = [];
    for (const redrive of [true, false]) {
      await expect(
        listOrRedrive(older, { redrive }, (line) => lines.push(line), new AbortController().signal),
      ).rejects.toBe(missing);
    }
    expect(lines).toEqual([]);
    expect(sqs.queue(DLQ)).toHaveLength(2);
    expect(sqs.queue(QUEUE)).toEqual([]);
  });

  it('a listing says how many messages it could not read, and why, instead of listing nothing', async () => {
    const { lines, error } = await redriveOutcome([GOOD, 'not json', GOOD], {
      hidden: 2,
      redrive: false,
    });

    expect(error).toBeUndefined();
    expect(lines.slice(0, 3)).toEqual([
      'recipients DLQ (recipient batches deliver gave up on): 3 message(s)',
      '  1 × issue issue-1: a batch that failed every receive (2 recipients)',
      '  2 message(s) not read: another reader holds them hidden (a dlq run, or one stopped less than a minute ago), or the approximate count SQS gives is behind; run the command again in a minute',
    ]);
  });

  it('a redrive that moves some batches while another reader hides the rest fails (exit 1), saying to run it again in a minute', async () => {
    const { sqs, lines, error } = await redriveOutcome([GOOD, GOOD, GOOD], { hidden: 1 });

    expect(lines).toContain(
      '  moved 2 batch(es), 4 recipient(s) back to the recipients queue; deliver skips anyone already sent',
    );
    expect(error).toBeInstanceOf(NewsletterError);
    expect((error as Error).message).toBe(
      'Redrive could not receive 1 of the 3 message(s) in the recipients DLQ: another reader has them hidden (a dlq run, or one stopped less than a minute ago); run the same command again in a minute',
    );
    expect(sqs.queue(DLQ)).toHaveLength(1);
  });

  // SQS documents it: with few messages, a short poll may return none; "repeat the request".
  it('lists and moves every message of a small DLQ, which a short poll of SQS may answer with none', async () => {
    const listed = await redriveOutcome([GOOD, GOOD], { redrive: false, shortPollMisses: 1 });
    expect(listed.error).toBeUndefined();
    expect(listed.lines).toContain(
      '  2 × issue issue-1: a batch that failed every receive (2 recipients)',
    );
    expect(listed.lines.some((line) => line.includes('not read'))).toBe(false);

    const moved = await redriveOutcome([GOOD, GOOD], { shortPollMisses: 1 });
    expect(moved.error).toBeUndefined();
    expect(moved.sqs.queue(DLQ)).toEqual([]);
    expect(moved.sqs.queue(QUEUE)).toHaveLength(2);
  });

  it('a redrive that stops at its limit leaves the rest without calling them hidden (exit 0)', async () => {
    const { sqs, error } = await redriveOutcome(Array(12).fill(GOOD), { limit: 5 });

    expect(error).toBeUndefined();
    expect(sqs.queue(DLQ)).toHaveLength(2);
  });

  it('a redrive that finds every message hidden by another reader fails (exit 1), saying to run it again in a minute', async () => {
    const { sqs, error } = await redriveOutcome([GOOD, GOOD], { hidden: 2 });

    expect(error).toBeInstanceOf(NewsletterError);
    expect((error as Error).message).toBe(
      'Redrive moved none of the 2 message(s) in the recipients DLQ: another reader has them hidden (a dlq run, or one stopped less than a minute ago); run the same command again in a minute',
    );
    expect(sqs.queue(DLQ)).toHaveLength(2);
  });

  it.each([
    [BAD_ID, 'subscriberIds.0: must be a subscriber id'],
    ['not json', 'the body is not JSON'],
  ])('says why deliver could not read a dead recipient batch: %s', (body, reason) => {
    const message: Message = { MessageId: 'm1', Body: body };

    expect(describeDeadLetter(message, 'recipients').summary).toBe(
      `not a recipient batch deliver can read (${reason}; --redrive leaves it here): ${body}`,
    );
  });

  it('says where a dead sign-up came from, never its address or name', () => {
    const signUp = JSON.stringify({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      consent: { at: '2026-12-06T10:00:00.000Z', source: 'form', textVersion: 'v1' },
    });
    const dead = describeDeadLetter({ MessageId: 'm1', Body: signUp }, 'sign-ups').summary;
    expect(dead).toBe(
      "a sign-up from form whose confirmation email failed every receive (see the confirmation-sender function's log)",
    );
    const garbled = describeDeadLetter({ MessageId: 'm2', Body: 'ada@example.com' }, 'sign-ups');
    expect(garbled.summary).toBe(
      'not a sign-up the confirmation sender can read (the body is not JSON)',
    );
  });

  it('redrives the batches, and counts and shows again at once what it left', async () => {
    const sqs = fakeQueues([BAD_ID, GOOD, 'not json']);

    const moved = await redriveRecipients(sqs.client, DLQ, QUEUE);

    expect(moved).toEqual({ batches: 1, recipients: 2, unreadable: 2 });
    expect(sqs.queue(QUEUE).map((m) => JSON.parse(m.body))).toEqual([
      { ...JSON.parse(GOOD), redriven: true },
    ]);
    // Visible again, so `newsletter dlq` right after lists them (they were hidden for a minute).
    expect(sqs.queue(DLQ)).toEqual([
      { id: 'm0', body: BAD_ID, hidden: false },
      { id: 'm2', body: 'not json', hidden: false },
    ]);
  });

  it('stops at Ctrl-C after the batch it is moving, and shows again at once every one it held', async () => {
    const bodies = [GOOD, 'not json', ...Array.from({ length: 12 }, () => GOOD)];
    const sqs = fakeQueues(bodies);
    const interruption = new AbortController();
    const send = sqs.client.send.bind(sqs.client);
    sqs.client.send = (async (command: unknown) => {
      const answer = await send(command as never);
      // Ctrl-C while the first batch is on its way to the queue: it is still taken out of the DLQ.
      if (command instanceof SendMessageCommand) interruption.abort('interrupted (Ctrl-C)');
      return answer;
    }) as SQSClient['send'];

    const moved = await redriveRecipients(sqs.client, DLQ, QUEUE, undefined, interruption.signal);

    expect(moved).toEqual({ batches: 1, recipients: 2, unreadable: 0, stopped: true });
    expect(sqs.queue(QUEUE)).toHaveLength(1);
    // Nothing hidden for a minute: a run right after finds all of them.
    expect(sqs.queue(DLQ)).toHaveLength(bodies.length - 1);
    expect(sqs.queue(DLQ).filter((m) => m.hidden)).toEqual([]);
  });
});

describe('a redrive that fails half-way', () => {
  // An identity that may not send to the recipients queue, AWS failing: the error alone said
  // nothing of the batches already moved, and the ten it had received stayed hidden for a minute,
  // so the same command right after "could not receive" them.
  it('says how many batches it moved, and shows again at once every one it had received and not moved', async () => {
    const sqs = fakeQueues(Array.from({ length: 5 }, () => GOOD));
    const send = sqs.client.send.bind(sqs.client);
    let sends = 0;
    sqs.client.send = (async (command: unknown) => {
      if (command instanceof SendMessageCommand && ++sends === 3) {
        throw new NewsletterError('Access denied: your AWS identity may not call sqs:SendMessage');
      }
      return send(command as never);
    }) as SQSClient['send'];

    const error = await redriveRecipients(sqs.client, DLQ, QUEUE).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(NewsletterError);
    expect((error as Error).message).toBe(
      'Redrive stopped after moving 2 batch(es), 4 recipient(s), back to the recipients queue: Access denied: your AWS identity may not call sqs:SendMessage; the rest are still in the recipients DLQ: fix the cause, then run the same command again',
    );
    expect(sqs.queue(QUEUE)).toHaveLength(2);
    expect(sqs.queue(DLQ)).toHaveLength(3);
    expect(sqs.queue(DLQ).filter((m) => m.hidden)).toEqual([]);
  });
});

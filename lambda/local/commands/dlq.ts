/**
 * `newsletter dlq --stack NAME [--redrive]`: what sits in each dead-letter queue and why, and
 * moving recipient batches back to the recipients queue. A redriven batch cannot send anyone
 * twice: deliver claims every (issue, subscriber) in the delivery ledger before it sends, and
 * skips whoever is already sent, failed or skipped.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { parseRecipientBatch, serializeRecipientBatch } from '../../adapters/sqs/recipient-batch';
import { parseSignUp } from '../../adapters/sqs/sign-up-queue';
import { NewsletterError } from '../../core/errors';
import { untilInterrupted } from '../interruption';
import type { StackRuntime } from '../stack/stack-runtime';
import { withTarget } from './target';

export interface DlqOptions {
  readonly stack: string;
  readonly region?: string;
  readonly dataDir: string;
  /** Move the recipient batches back to the recipients queue. */
  readonly redrive?: boolean;
  /** Messages read per queue, at most. @default 1000 */
  readonly limit?: number;
  readonly log?: (line: string) => void;
}

/** What one dead letter says. */
export interface DeadLetter {
  readonly messageId: string;
  /** How many times the queue handed it out before it landed here (when SQS says). */
  readonly receives?: number;
  /** One line: what it carried and why it failed. */
  readonly summary: string;
}

const QUEUES = [
  { output: 'recipientsDlqUrl', name: 'recipients', what: 'recipient batches deliver gave up on' },
  { output: 'composeDlqUrl', name: 'compose', what: 'scheduled runs and compose runs that failed' },
  {
    output: 'sesEventsDlqUrl',
    name: 'ses-events',
    what: 'bounce and complaint events not handled',
  },
  {
    output: 'signUpsDlqUrl',
    name: 'sign-ups',
    what: 'sign-ups whose confirmation email kept failing',
  },
] as const;

type DeadLetterQueue = (typeof QUEUES)[number]['name'];

/** Hidden from other readers while this command reads them; shown again once it has. */
const READ_VISIBILITY_S = 60;

export async function runDlq(options: DlqOptions): Promise<void> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Only a redrive moves anything: a listing stopped by Ctrl-C changes nothing (what it was
  // reading shows again within READ_VISIBILITY_S).
  await withTarget(options, 'dlq', (target) => {
    const run = (interrupted: AbortSignal) =>
      listOrRedrive(target.stack as StackRuntime, options, log, interrupted);
    return options.redrive
      ? untilInterrupted('Stopping: the batch being moved finishes, none starts after it', run)
      : run(new AbortController().signal);
  });
}

/**
 * Lists each DLQ, or with `redrive` moves the recipient batches back. A redrive that leaves
 * messages deliver cannot read, or could not receive some of those counted (another reader holds
 * them hidden), ends in a NewsletterError (exit 1) once every queue is listed: the DLQ is not
 * empty, so "done" would be untrue.
 */
export async function listOrRedrive(
  stack: Pick<StackRuntime, 'stack' | 'clients' | 'output'>,
  options: Pick<DlqOptions, 'redrive' | 'limit'>,
  log: (line: string) => void,
  interrupted: AbortSignal,
): Promise<void> {
  const sqs = stack.clients.sqs;
  const name = stack.stack.name;
  // Every queue's URL first: a stack from before one of them was added is refused before any
  // queue is read or moved, not half-way through a redrive.
  const queues = QUEUES.map((queue) => ({ ...queue, url: stack.output(queue.output) }));
  const recipientsQueue = options.redrive ? stack.output('queueUrl') : undefined;
  let unfinished: string | undefined;
  for (const { url, ...queue } of queues) {
    const waiting = await approximateCount(sqs, url);
    log(`${queue.name} DLQ (${queue.what}): ${waiting} message(s)`);
    if (waiting === 0) continue;
    if (queue.output === 'recipientsDlqUrl' && recipientsQueue !== undefined) {
      const moved = await redriveRecipients(sqs, url, recipientsQueue, options.limit, interrupted);
      log(
        `  moved ${moved.batches} batch(es), ${moved.recipients} recipient(s) back to the recipients queue; deliver skips anyone already sent`,
      );
      if (moved.stopped) {
        throw new NewsletterError(
          `Redrive stopped (${String(interrupted.reason)}) after ${moved.batches} batch(es): the rest are still in the recipients DLQ; run the same command again to move them`,
        );
      }
      const unreceived = waiting - moved.batches - moved.unreadable;
      if (moved.unreadable > 0) {
        unfinished = `Redrive left ${moved.unreadable} message(s) in the recipients DLQ that are not recipient batches deliver can read, so no redrive can send them: newsletter dlq --stack ${name} lists each and why; once read, delete them (aws sqs purge-queue --queue-url ${url} when nothing else is left in it)`;
      } else if (unreceived > 0 && moved.batches < (options.limit ?? Number.POSITIVE_INFINITY)) {
        // The count includes messages a reader holds hidden: the redrive could not receive them.
        const what = moved.batches === 0 ? 'moved none' : `could not receive ${unreceived}`;
        unfinished = `Redrive ${what} of the ${waiting} message(s) in the recipients DLQ: another reader has them hidden (a dlq run, or one stopped less than a minute ago); run the same command again in a minute`;
      }
      continue;
    }
    const limit = options.limit ?? 1_000;
    const letters = await readDeadLetters(sqs, url, limit, queue.name);
    for (const [summary, count] of groupSummaries(letters)) {
      log(`  ${count} × ${summary}`);
    }
    const unread = Math.min(waiting, limit) - letters.length;
    if (unread > 0) {
      log(
        `  ${unread} message(s) not read: another reader holds them hidden (a dlq run, or one stopped less than a minute ago), or the approximate count SQS gives is behind; run the command again in a minute`,
      );
    }
    if (queue.output === 'recipientsDlqUrl') {
      log(
        `  fix the cause (see the deliver function's log), then: newsletter dlq --stack ${name} --redrive`,
      );
    }
  }
  if (unfinished !== undefined) throw new NewsletterError(unfinished);
}

async function approximateCount(sqs: SQSClient, url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** Reads up to `limit` messages without consuming them: each is made visible again afterwards. */
async function readDeadLetters(
  sqs: SQSClient,
  url: string,
  limit: number,
  queue: DeadLetterQueue,
): Promise<DeadLetter[]> {
  const seen = new Map<string, DeadLetter>();
  const read: Message[] = [];
  while (seen.size < limit) {
    const messages = await receive(sqs, url);
    const fresh = messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh) {
      seen.set(message.MessageId as string, describeDeadLetter(message, queue));
      read.push(message);
    }
  }
  await showAgain(sqs, url, read);
  return [...seen.values()];
}

/** Makes messages this command received visible again at once, for the next reader. */
async function showAgain(sqs: SQSClient, url: string, messages: readonly Message[]): Promise<void> {
  const handles = messages.flatMap((m, i) =>
    m.ReceiptHandle ? [{ Id: String(i), ReceiptHandle: m.ReceiptHandle }] : [],
  );
  for (let i = 0; i < handles.length; i += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: handles.slice(i, i + 10).map((h) => ({ ...h, VisibilityTimeout: 0 })),
      }),
    );
  }
}

/**
 * A long poll, however short: a short one asks a sample of SQS's servers and, for a queue of a few
 * messages, may answer none (SQS: "repeat the request"); taken for "nothing left", it left a small
 * DLQ unlisted and unmoved. A long one asks them all; it waits its second only once the queue
 * shows nothing more.
 */
async function receive(sqs: SQSClient, url: string): Promise<Message[]> {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: READ_VISIBILITY_S,
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages ?? [];
}

/**
 * Each batch is sent to the recipients queue before it leaves the DLQ: nothing is lost between.
 * Once `interrupted` is aborted (Ctrl-C) no batch is started after the one being moved, and every
 * message received but not moved is shown again at once (instead of staying hidden for a minute,
 * when a run right after would miss it); `stopped` says so.
 */
export async function redriveRecipients(
  sqs: SQSClient,
  dlqUrl: string,
  queueUrl: string,
  limit = Number.POSITIVE_INFINITY,
  interrupted?: AbortSignal,
): Promise<{ batches: number; recipients: number; unreadable: number; stopped?: true }> {
  let batches = 0;
  let recipients = 0;
  const unreadable: Message[] = [];
  const held: Message[] = [];
  try {
    while (batches < limit && !interrupted?.aborted) {
      const messages = await receive(sqs, dlqUrl);
      if (messages.length === 0) break;
      for (const [i, message] of messages.entries()) {
        if (interrupted?.aborted) {
          held.push(...messages.slice(i));
          break;
        }
        const parsed = parseRecipientBatch(message.Body ?? '');
        // Anything that is not a recipient batch stays in the DLQ for a person to look at.
        if ('problem' in parsed) {
          unreadable.push(message);
          continue;
        }
        // Held until it is moved: a failure below leaves it, and those after it, in the DLQ.
        held.push(...messages.slice(i));
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: serializeRecipientBatch({ ...parsed.batch, redriven: true }),
          }),
        );
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }),
        );
        held.length = 0;
        batches++;
        recipients += parsed.batch.subscriberIds.length;
      }
    }
  } catch (error) {
    // What it had received and not moved is shown again at once, as after Ctrl-C: left hidden for
    // a minute, a run right after "could not receive" it.
    await showAgain(sqs, dlqUrl, [...unreadable, ...held]).catch(() => undefined);
    throw new NewsletterError(
      `Redrive stopped after moving ${batches} batch(es), ${recipients} recipient(s), back to the recipients queue: ${(error as Error).message}; the rest are still in the recipients DLQ: fix the cause, then run the same command again`,
      { cause: error },
    );
  }
  // Shown again at once, so `newsletter dlq` right after lists them and why.
  await showAgain(sqs, dlqUrl, [...unreadable, ...held]);
  return {
    batches,
    recipients,
    unreadable: unreadable.length,
    ...(interrupted?.aborted ? { stopped: true as const } : {}),
  };
}

/**
 * What a dead letter is, by its queue: a recipient batch (SQS redrive keeps the body), a sign-up,
 * or for compose and ses-events a Lambda on-failure record ({requestContext, responsePayload}) or
 * a schedule run EventBridge Scheduler could not deliver (its ERROR_CODE / ERROR_MESSAGE
 * attributes).
 */
export function describeDeadLetter(message: Message, queue: DeadLetterQueue): DeadLetter {
  const receives = Number(message.Attributes?.ApproximateReceiveCount ?? Number.NaN);
  const body = message.Body ?? '';
  return {
    messageId: message.MessageId ?? '?',
    ...(Number.isFinite(receives) ? { receives } : {}),
    summary:
      queue === 'recipients'
        ? recipientBatchSummary(body)
        : queue === 'sign-ups'
          ? signUpSummary(body)
          : failureSummary(message),
  };
}

function recipientBatchSummary(body: string): string {
  const batch = parseRecipientBatch(body);
  if ('batch' in batch) {
    return `issue ${batch.batch.issueId}: a batch that failed every receive (${batch.batch.subscriberIds.length} recipients)`;
  }
  // Deliver refused it on every receive for this reason; a redrive would only bring it back.
  return `not a recipient batch deliver can read (${batch.problem}; --redrive leaves it here): ${body.slice(0, 80)}`;
}

/** A failed compose or ses-events invocation, or a schedule run that never reached compose. */
function failureSummary(message: Message): string {
  const body = message.Body ?? '';
  let record: unknown;
  try {
    record = JSON.parse(body);
  } catch {
    record = undefined;
  }
  const failure = record as {
    requestContext?: { condition?: string; functionArn?: string };
    responsePayload?: { errorType?: string; errorMessage?: string };
  };
  if (failure?.requestContext) {
    const fn = failure.requestContext.functionArn?.split(':').at(-2) ?? 'a function';
    const error = failure.responsePayload
      ? `${failure.responsePayload.errorType ?? 'Error'}: ${failure.responsePayload.errorMessage ?? ''}`
      : (failure.requestContext.condition ?? 'failed');
    return `${fn} failed every retry — ${error.slice(0, 300)}`;
  }
  const code = message.MessageAttributes?.ERROR_CODE?.StringValue;
  if (code) {
    const reason = message.MessageAttributes?.ERROR_MESSAGE?.StringValue ?? '';
    return `schedule run not delivered — ${code}: ${reason.slice(0, 300)}`;
  }
  return `unrecognised message (${body.slice(0, 80)})`;
}

/**
 * A dead sign-up, by where it came from and never by its address or name: this is printed on an
 * operator's terminal, where subscribers appear only by id.
 */
function signUpSummary(body: string): string {
  const parsed = parseSignUp(body);
  if ('problem' in parsed) {
    return `not a sign-up the confirmation sender can read (${parsed.problem})`;
  }
  return `a sign-up from ${parsed.signUp.consent.source} whose confirmation email failed every receive (see the confirmation-sender function's log)`;
}

function groupSummaries(letters: readonly DeadLetter[]): Map<string, number> {
  const groups = new Map<string, number>();
  for (const letter of letters) groups.set(letter.summary, (groups.get(letter.summary) ?? 0) + 1);
  return groups;
}

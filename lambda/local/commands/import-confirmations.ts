/**
 * `subscribers import --stack NAME --send-confirmations`: the rows join as pending sign-ups and
 * the deployed confirmation sender mails each a confirmation, as it does for POST /subscribe. It
 * queues no more than the stack's hourly cap on confirmation emails has left (read before
 * anything is written), so an import never trips the cap's alarm nor loses a confirmation to
 * it; the rows past that wait for the next run.
 */
import { readRateHits } from '../../adapters/dynamo/rate-counter';
import { createSqsSignUpQueue } from '../../adapters/sqs/sign-up-queue';
import { NewsletterError } from '../../core/errors';
import {
  type ImportForConfirmationResult,
  importForConfirmation,
} from '../../core/subscribers/import-for-confirmation';
import type { SubscriberRow } from '../../core/subscribers/parse-subscriber-csv';
import {
  CONFIRMATION_CAP_KEY,
  CONFIRMATION_CAP_WINDOW_MS,
} from '../../core/subscription/rate-limits';
import { createProgress } from '../progress';
import type { StackRuntime } from '../stack/stack-runtime';

export interface ConfirmationImport {
  readonly result: ImportForConfirmationResult;
  /** confirmationsPerHour of the stack. */
  readonly perHour: number;
  /** When the hour whose allowance this run used ends. */
  readonly windowEndsAt: number;
}

/** Imports the rows as pending and queues their confirmations on the stack's sign-up queue. */
export async function importWithConfirmations(
  stack: StackRuntime,
  rows: readonly SubscriberRow[],
  options: {
    readonly source: string;
    readonly say: (line: string) => void;
    /** Ctrl-C: the round in flight finishes and the import stops (see importForConfirmation). */
    readonly interrupted?: AbortSignal;
  },
): Promise<ConfirmationImport> {
  // Every output is read first: a stack without one is refused before anything is written.
  const queueUrl = stack.output('signUpQueueUrl');
  const perHour = Number(stack.output('confirmationsPerHour'));
  if (!Number.isInteger(perHour) || perHour < 1) {
    throw new NewsletterError(
      `Stack ${stack.stack.name} has output ConfirmationsPerHour "${stack.output('confirmationsPerHour')}", not a whole number ≥ 1: deploy this version (npx cdk deploy) and run the command again`,
    );
  }
  const tableName = stack.output('tableName');
  const idKey = await stack.secret();
  const now = new Date();
  const { hits, windowEndsAt } = await readRateHits(
    { client: stack.clients.dynamo, tableName },
    CONFIRMATION_CAP_KEY,
    CONFIRMATION_CAP_WINDOW_MS,
    now.getTime(),
  );
  const allowance = Math.max(0, perHour - hits);
  options.say(
    `The stack sends at most ${perHour} confirmation emails an hour (confirmationsPerHour); ` +
      `${allowance} are left until ${clockTime(windowEndsAt)}, so this run queues at most ${allowance}` +
      (rows.length > allowance ? ' and leaves any new rows past that for a later run.\n' : '.\n'),
  );
  const progress = createProgress(process.stderr, { label: 'Importing', unit: 'rows' });
  progress.setTotal(rows.length);
  try {
    const result = await importForConfirmation(
      {
        subscribers: stack.subscribers,
        queue: createSqsSignUpQueue({ client: stack.clients.sqs, queueUrl }),
      },
      rows,
      {
        idKey,
        now,
        source: options.source,
        allowance,
        onProgress: (done) => progress.update(done, {}),
        interrupted: options.interrupted,
      },
    );
    return { result, perHour, windowEndsAt };
  } finally {
    progress.stop();
  }
}

/** "18:00 UTC": when an hourly window ends. */
export function clockTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 16)} UTC`;
}
